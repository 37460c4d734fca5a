// Pure helpers (no Node imports): the renderer uses them for inline checks.

import { findInvisible } from './text';

// No control characters (S6): [^…] classes below exclude \u0000-\u001f and \u007f-\u009f.
const EMAIL_RE = /^[^\s@<>()[\]\\,;:"\u0000-\u001f\u007f-\u009f]+@[^\s@<>()[\]\\,;:".\u0000-\u001f\u007f-\u009f]+(\.[^\s@<>()[\]\\,;:".\u0000-\u001f\u007f-\u009f]+)+$/;

/**
 * Form check only (G9, I2): the address identifies a person and is not verified.
 * An address with an invisible or direction-changing character is never valid
 * (S6); `emailInvisible` says which one, for a clearer refusal.
 */
export function isValidEmail(raw: string): boolean {
  const s = raw.trim();
  return s.length >= 3 && s.length <= 254 && EMAIL_RE.test(s) && findInvisible(s) === null;
}

/** S6: the first invisible or direction-changing character in an address ("U+202E"), or null. */
export function emailInvisible(raw: string): string | null {
  return findInvisible(raw);
}

/** S6: the sentence for an address refused for such a character (core and CLI; the console translates the code). */
export function emailInvisibleMessage(input: string, which: string): string {
  return `“${input}” contains an invisible or direction-changing character (${which}), so it could look like another address. Type the address again without it.`;
}

export function normalizeEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

export interface PastedAddress {
  /** The piece of text as the moderator gave it, for error reports. */
  input: string;
  email: string;
  displayName: string | null;
}

/**
 * Splits pasted text into addresses: one per line, or separated by commas or
 * semicolons; "Jane Doe <jane@example.com>" keeps the name.
 */
export function parsePastedAddresses(text: string | readonly string[]): PastedAddress[] {
  const chunks = (typeof text === 'string' ? [text] : text).flatMap((t) => t.split(/[\n\r,;]+/));
  const out: PastedAddress[] = [];
  for (const chunk of chunks) {
    const input = chunk.trim();
    if (!input) continue;
    const angled = /^(.*)<([^<>]*)>\s*$/.exec(input);
    if (angled) {
      const name = angled[1]!.trim().replace(/^"(.*)"$/, '$1').trim();
      out.push({ input, email: angled[2]!.trim(), displayName: name || null });
    } else {
      // Whitespace-separated addresses on one line are several addresses;
      // a line that isn't all addresses ("not an email") is one bad entry, quoted whole.
      const parts = input.split(/\s+/);
      if (parts.length > 1 && parts.every(isValidEmail)) for (const part of parts) out.push({ input: part, email: part, displayName: null });
      else out.push({ input, email: input, displayName: null });
    }
  }
  return out;
}
