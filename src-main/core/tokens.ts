import crypto from 'node:crypto';

/**
 * Random bytes taken from a pool filled 256 tokens at a time: one call to the
 * system's generator instead of one per token. Each byte is used once.
 */
export class RandomPool {
  private pool = Buffer.alloc(0);
  private used = 0;

  constructor(private readonly size = 24) {}

  /** `size` fresh random bytes as base64url. */
  next(): string {
    if (this.used + this.size > this.pool.length) {
      this.pool = crypto.randomBytes(this.size * 256);
      this.used = 0;
    }
    const out = this.pool.toString('base64url', this.used, this.used + this.size);
    this.used += this.size;
    return out;
  }
}

const tokenBytes = new RandomPool(24);

/** S1: 192 random bits, URL-safe (base64url, 32 characters). */
export function newToken(): string {
  return tokenBytes.next();
}

/** Shape check only; lets the listener refuse junk before touching the database. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

export function hashSecret(secret: string): string {
  return crypto.createHash('sha256').update(secret).digest('hex');
}

/**
 * S1/S5: a session secret is a time-ordered prefix (the issue time in base-36
 * milliseconds), a dot and a new token. The database keeps its hash under the
 * same prefix (sessionKey), so new sessions go to the end of the session index
 * instead of to a random page of it: a batch of redemptions writes a few pages
 * of that index, not one per guest. The prefix says only when the session was
 * issued; the secret's strength is the token's 192 random bits.
 */
const SESSION_SECRET = /^([0-9a-z]{9})\.[A-Za-z0-9_-]{32}$/;

export function newSessionSecret(issuedAtMs: number): string {
  return `${Math.max(0, Math.floor(issuedAtMs)).toString(36).padStart(9, '0')}.${newToken()}`;
}

/** What the participants table keeps for a session secret, or null for junk. Secrets issued before the prefix existed are kept as their hash alone. */
export function sessionKey(secret: string): string | null {
  const m = SESSION_SECRET.exec(secret);
  if (m) return `${m[1]}.${hashSecret(secret)}`;
  return TOKEN_PATTERN.test(secret) ? hashSecret(secret) : null;
}
