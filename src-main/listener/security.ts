// CSRF tokens, rate limits and security headers for the guest pages (S2, S3).
import crypto from 'node:crypto';

export const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

/** Cookie names. `gl_b` identifies a browser for CSRF; `gl_s` holds the participant's session secret. */
export const BROWSER_COOKIE = 'gl_b';
export const SESSION_COOKIE = 'gl_s';
export const LANG_COOKIE = 'gl_lang';

const BROWSER_ID = /^[A-Za-z0-9_-]{32,64}$/;

/**
 * CSRF token = HMAC(key, browser id). The browser id lives in an HttpOnly
 * SameSite=Lax cookie; a cross-site form can send the cookie but can't read
 * the page to learn the token. The key is per listener process, so a restart
 * invalidates open forms (the guest sees a "reload and try again" page).
 */
export class Csrf {
  private readonly key = crypto.randomBytes(32);

  static newBrowserId(): string {
    return crypto.randomBytes(24).toString('base64url');
  }

  static validBrowserId(id: unknown): id is string {
    return typeof id === 'string' && BROWSER_ID.test(id);
  }

  token(browserId: string): string {
    return crypto.createHmac('sha256', this.key).update(browserId).digest('base64url');
  }

  check(browserId: unknown, token: unknown): boolean {
    if (!Csrf.validBrowserId(browserId) || typeof token !== 'string' || token.length > 100) return false;
    const want = Buffer.from(this.token(browserId));
    const got = Buffer.from(token);
    return want.length === got.length && crypto.timingSafeEqual(want, got);
  }
}

/**
 * A fixed-window counter per key, in memory. Enough for one desktop app's
 * listener; windows are short, so a restart forgetting them is harmless.
 */
export class WindowLimiter {
  private readonly hits = new Map<string, { n: number; resetAt: number }>();
  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether the key is already at its limit (doesn't count anything). */
  blocked(key: string): boolean {
    const h = this.hits.get(key);
    return !!h && h.resetAt > this.now() && h.n >= this.limit;
  }

  /** Counts one hit; returns false if this hit is over the limit. */
  hit(key: string): boolean {
    const now = this.now();
    let h = this.hits.get(key);
    if (!h || h.resetAt <= now) {
      if (this.hits.size > 50_000) this.prune(now);
      h = { n: 0, resetAt: now + this.windowMs };
      this.hits.set(key, h);
    }
    h.n++;
    return h.n <= this.limit;
  }

  private prune(now: number): void {
    for (const [k, h] of this.hits) if (h.resetAt <= now) this.hits.delete(k);
  }
}

/**
 * S2, tuned for an office behind one IP: what is throttled hard is *failed*
 * lookups (unknown tokens) per IP, which is what guessing produces. Valid
 * tokens get generous limits per IP and per token, so 200 colleagues on one
 * NAT redeeming one link in a minute all get in.
 */
export interface RateLimits {
  unknownPerIp: WindowLimiter;
  submitsPerIp: WindowLimiter;
  submitsPerToken: WindowLimiter;
  mismatchesPerToken: WindowLimiter;
}

export function defaultRateLimits(): RateLimits {
  return {
    unknownPerIp: new WindowLimiter(30, 60_000),
    submitsPerIp: new WindowLimiter(1000, 60_000),
    submitsPerToken: new WindowLimiter(1000, 60_000),
    mismatchesPerToken: new WindowLimiter(10, 10 * 60_000),
  };
}
