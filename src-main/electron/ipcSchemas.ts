// Process: main (pure). Input schemas for the bridge's non-operation channels.
// Operations are validated by the api table (callOperation).
import path from 'node:path';
import { z } from 'zod';

/** Methods that take nothing (getSettings, listener status…): anything passed is refused. */
export const noInputSchema = z.undefined();

/** V7: the URL live.join answered with (checked further by liveSessionTarget). */
export const liveUrlSchema = z.string().min(1).max(2048);

export const clipboardTextSchema = z.string().min(1).max(100_000);

const address = z.string().trim().email().max(320);
export const mailComposeSchema = z
  .object({
    to: z
      .string()
      .max(10_000)
      .transform((s) => s.split(/[,;\s]+/).filter(Boolean))
      .pipe(z.array(address).max(1000)),
    /** "Email all": the invitees as blind copies, so no one sees the others' addresses. */
    bcc: z
      .string()
      .max(100_000)
      .transform((s) => s.split(/[,;\s]+/).filter(Boolean))
      .pipe(z.array(address).max(1000))
      .optional(),
    subject: z.string().max(1000),
    body: z.string().max(100_000),
  })
  .strict();

export const MAX_SAVE_BYTES = 50 * 1024 * 1024;
export const filesSaveSchema = z
  .object({
    defaultName: z.string().trim().min(1).max(255),
    content: z.string().max(Math.ceil((MAX_SAVE_BYTES * 4) / 3) + 4),
    encoding: z.enum(['utf8', 'base64']),
  })
  .strict();

/** A bare file name for the save dialog: no folders, no control or reserved characters. */
export function safeFileName(raw: string): string {
  const base = path.basename(raw.replace(/\\/g, '/'));
  const cleaned = base.replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, '_').replace(/^\.+/, '').trim();
  return cleaned.slice(0, 200) || 'guestlist-export';
}

/**
 * mail.settings.set from the console: the password is taken out before the
 * operation reaches the host (so it is never written to the database), and
 * returned separately. Removing the server (smtpUrl null) forgets it too.
 * Pure, for the test; null when there is nothing to take.
 */
export function takeMailPassword(name: string, input: unknown): { input: unknown; password: string | null } | null {
  if (name !== 'mail.settings.set' || typeof input !== 'object' || input === null) return null;
  const { password, ...rest } = input as { password?: string | null; smtpUrl?: string | null };
  if (password !== undefined) return { input: rest, password: password || null };
  if (rest.smtpUrl === null) return { input: rest, password: null };
  return null;
}
