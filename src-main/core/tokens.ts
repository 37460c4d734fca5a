import crypto from 'node:crypto';

/** S1: 192 random bits, URL-safe (base64url, 32 characters). */
export function newToken(): string {
  return crypto.randomBytes(24).toString('base64url');
}

/** Shape check only; lets the listener refuse junk before touching the database. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

export function hashSecret(secret: string): string {
  return crypto.createHash('sha256').update(secret).digest('hex');
}
