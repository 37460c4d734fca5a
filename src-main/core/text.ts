// S6: text a guest typed is safe on every surface. Pure (no Node imports).

/** C0 controls, DEL and C1 controls (U+0000–U+001F, U+007F–U+009F). */
export const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/g;
const CONTROL_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g;

/**
 * Removes control characters from one line of text (a name): tabs and line
 * breaks become spaces, every other control character is dropped, and runs
 * of spaces they leave are collapsed.
 */
export function cleanLine(s: string): string {
  return s
    .replace(/[\t\n\r\v\f\u0085]/g, ' ')
    .replace(CONTROL_CHARS, '')
    .replace(/ {2,}/g, ' ');
}

/** Removes control characters from a message, keeping its line breaks (CR LF and CR become LF). */
export function cleanMessage(s: string): string {
  return s.replace(/\r\n?/g, '\n').replace(/\t/g, ' ').replace(CONTROL_BUT_NEWLINE, '');
}
