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
