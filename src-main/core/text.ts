// S6: text a guest typed is safe on every surface. Pure (no Node imports).

/** C0 controls, DEL and C1 controls (U+0000–U+001F, U+007F–U+009F). */
export const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/g;
const CONTROL_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g;

/**
 * Invisible and direction-changing characters (S6): the Arabic letter mark
 * U+061C, zero-width space, non-joiner and joiner U+200B–U+200D, the marks
 * LRM/RLM U+200E/F, embeddings and overrides U+202A–U+202E, the word joiner
 * and invisible operators U+2060–U+2065, the isolates U+2066–U+2069, and the
 * byte-order mark U+FEFF. In a name they can hide text or turn a sentence
 * around it (an RLO makes "moc.elpmaxe" read as a different address); in an
 * email they make two addresses that look the same.
 */
export const INVISIBLE_CHARS = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
const ONE_INVISIBLE = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/;

/** The first invisible or direction-changing character in s, as "U+202E", or null. */
export function findInvisible(s: string): string | null {
  const m = ONE_INVISIBLE.exec(s);
  return m ? `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : null;
}

/**
 * Removes control characters from one line of text (a name): tabs and line
 * breaks become spaces, every other control character and every invisible or
 * direction-changing one (INVISIBLE_CHARS) is dropped, and runs of spaces
 * they leave are collapsed.
 */
export function cleanLine(s: string): string {
  return s
    .replace(/[\t\n\r\v\f\u0085]/g, ' ')
    .replace(CONTROL_CHARS, '')
    .replace(INVISIBLE_CHARS, '')
    .replace(/ {2,}/g, ' ');
}

/** Removes control characters from a message, keeping its line breaks (CR LF and CR become LF). */
export function cleanMessage(s: string): string {
  return s.replace(/\r\n?/g, '\n').replace(/\t/g, ' ').replace(CONTROL_BUT_NEWLINE, '');
}
