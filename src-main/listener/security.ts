// CSRF tokens, rate limits and security headers for the guest pages (S2, S3).
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import { RandomPool } from '../core/tokens';
import { BoundedMap } from '../core/boundedMap';

export const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** V1: a room's page may ask for this origin's camera and microphone (and nothing else may, nor any frame). */
export const LIVE_PERMISSIONS_POLICY = 'camera=(self), microphone=(self), geolocation=()';

export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

/** Cookie names. `gl_b` identifies a browser (signed: `BrowserIds`); `gl_s` holds the participant's session secret. */
export const BROWSER_COOKIE = 'gl_b';
export const SESSION_COOKIE = 'gl_s';
export const LANG_COOKIE = 'gl_lang';

/** A browser ID: 24 random bytes, then the HMAC-SHA256 of them, both base64url. */
const BROWSER_ID = /^([A-Za-z0-9_-]{32})\.([A-Za-z0-9_-]{43})$/;

/**
 * `gl_b` browser IDs are issued by the listener and signed (S5): a random
 * part plus HMAC-SHA256(key, random part), with the data folder's key
 * (`core.settings.browserIdKey()`). An ID whose MAC doesn't verify (made up,
 * tampered with, or from another data folder) is not honoured: the listener
 * replaces it with a fresh one. So nobody can pick the ID they present, and a
 * knock cooldown, a session binding or presence is tied to an ID this
 * listener really gave out.
 */
export class BrowserIds {
  constructor(private readonly key: Buffer) {}

  private mac(random: string): string {
    return crypto.createHmac('sha256', this.key).update(`gl_b:${random}`).digest('base64url');
  }

  /** Random bytes for 256 IDs at a time: one call to the system's generator instead of one per first visit. */
  private readonly random = new RandomPool(24);

  /**
   * IDs verified once: a browser that came back sends its ID with every
   * request, and each check is an HMAC. Only good IDs are kept, so made-up ones
   * can't fill it; it is bounded and starts over when full. A new ID is not
   * kept when issued: most first visits never come back, and keeping each one
   * would churn memory on the busiest page.
   */
  private readonly known = new BoundedMap<string, true>(20_000);

  issue(): string {
    const random = this.random.next();
    return `${random}.${this.mac(random)}`;
  }

  verify(id: unknown): id is string {
    if (typeof id !== 'string') return false;
    if (this.known.has(id)) return true;
    const m = BROWSER_ID.exec(id);
    if (!m) return false;
    const want = Buffer.from(this.mac(m[1]!));
    const got = Buffer.from(m[2]!);
    const good = want.length === got.length && crypto.timingSafeEqual(want, got);
    if (good) this.known.set(id, true);
    return good;
  }
}

/**
 * CSRF token = HMAC(key, browser id). The browser id lives in an HttpOnly
 * SameSite=Lax cookie; a cross-site form can send the cookie but can't read
 * the page to learn the token. The key is per listener process, so a restart
 * invalidates open forms (the guest sees a "reload and try again" page).
 * Give it only a verified browser ID (`BrowserIds.verify`).
 */
export class Csrf {
  private readonly key = crypto.randomBytes(32);
  /** The token of each browser that came back lately: its pages and its submits ask for the same one. */
  private readonly recent = new BoundedMap<string, string>(20_000);

  /** `remember`: keep it for this browser's next requests (not for a first visit, which mostly never comes back). */
  token(browserId: string, remember = true): string {
    let t = this.recent.get(browserId);
    if (t === undefined) {
      t = crypto.createHmac('sha256', this.key).update(browserId).digest('base64url');
      if (remember) this.recent.set(browserId, t);
    }
    return t;
  }

  check(browserId: string, token: unknown): boolean {
    if (typeof token !== 'string' || token.length > 100) return false;
    const want = Buffer.from(this.token(browserId));
    const got = Buffer.from(token);
    return want.length === got.length && crypto.timingSafeEqual(want, got);
  }
}

/**
 * A fixed-window counter per key, in memory. Enough for one desktop app's
 * listener; windows are short, so a restart forgetting them is harmless.
 *
 * Expired keys are dropped in insertion order: a key is (re)inserted at the
 * Map's end whenever its window starts, and every window has the same length,
 * so the Map is ordered by when windows end. Each new window first drops the
 * expired keys at the front and stops at the first live one: every key is
 * dropped once, so the cost is O(1) amortised per hit, however many addresses
 * are live (no whole-table scan).
 */
export class WindowLimiter {
  private readonly hits = new Map<string, { n: number; resetAt: number }>();
  /** Entries looked at while dropping expired keys, ever (for the test that the cost stays bounded). */
  pruneSteps = 0;
  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** How many keys are kept. */
  get size(): number {
    return this.hits.size;
  }

  /** Whether the key is already at its limit (doesn't count anything). */
  blocked(key: string): boolean {
    const h = this.hits.get(key);
    return !!h && h.resetAt > this.now() && h.n >= this.limit;
  }

  /** Counts one hit; returns false if this hit is over the limit (the given one, or the limiter's). */
  hit(key: string, limit = this.limit): boolean {
    const now = this.now();
    let h = this.hits.get(key);
    if (!h || h.resetAt <= now) {
      this.hits.delete(key); // re-inserted at the end: the Map stays ordered by resetAt
      this.pruneExpired(now);
      h = { n: 0, resetAt: now + this.windowMs };
      this.hits.set(key, h);
    }
    h.n++;
    return h.n <= limit;
  }

  /** Takes back one hit, for an attempt that turned out not to use anything. */
  release(key: string): void {
    const h = this.hits.get(key);
    if (h && h.n > 0) h.n--;
  }

  /** Whole seconds until the key's window ends (at least 1), for Retry-After. */
  retryAfter(key: string): number {
    const h = this.hits.get(key);
    const ms = h ? h.resetAt - this.now() : 0;
    return Math.max(1, Math.ceil(ms / 1000));
  }

  /** Drops expired keys from the front, stopping at the first live one. */
  private pruneExpired(now: number): void {
    for (const [k, h] of this.hits) {
      this.pruneSteps++;
      if (h.resetAt > now) return;
      this.hits.delete(k);
    }
  }
}

/**
 * S2: things open at once (live streams) per key, each within a limit. A
 * slot is taken when a stream opens and given back when it closes.
 */
export class OpenCounts {
  private readonly open = new Map<string, number>();

  /** How many are open under a key. */
  count(key: string): number {
    return this.open.get(key) ?? 0;
  }

  /** Takes one slot under every key if each is below its limit; otherwise takes nothing. Returns the give-back (once), or null. */
  take(keys: readonly (readonly [string, number])[]): (() => void) | null {
    if (keys.some(([key, limit]) => this.count(key) >= limit)) return null;
    for (const [key] of keys) this.open.set(key, this.count(key) + 1);
    let given = false;
    return () => {
      if (given) return;
      given = true;
      for (const [key] of keys) {
        const n = this.count(key) - 1;
        if (n > 0) this.open.set(key, n);
        else this.open.delete(key);
      }
    };
  }
}

/**
 * How many connections the listener accepts at once: half of the process's
 * soft limit on open files (RLIMIT_NOFILE, read from /proc/self/limits on
 * Linux), so the database, the media files, the live engine and the app
 * keep the other half. Without that file, 4,096. Never below 64.
 */
export function connectionBudget(procLimits?: string): number {
  let text = procLimits;
  if (text === undefined) {
    try {
      text = fs.readFileSync('/proc/self/limits', 'utf8');
    } catch {
      return 4096;
    }
  }
  const m = /^Max open files\s+(\d+|unlimited)\s/m.exec(text);
  if (!m) return 4096;
  if (m[1] === 'unlimited') return 65_536;
  return Math.max(64, Math.floor(Number(m[1]) / 2));
}

/**
 * S2: the key an address is counted under. IPv4 as it is (an IPv4-mapped IPv6
 * address as its IPv4); IPv6 by its /64, since one host or home is usually
 * given a whole /64 and could otherwise pick a new address per request.
 */
export function addressKey(ip: string): string {
  if (!ip.includes(':')) return ip; // IPv4 (or not an address at all): itself
  if (ip.startsWith('::ffff:') && net.isIPv4(ip.slice(7))) return ip.slice(7);
  const addr = ip.split('%')[0]!.toLowerCase();
  if (!net.isIPv6(addr)) return ip;
  const halves = addr.split('::');
  const left = halves[0] ? halves[0].split(':') : [];
  const right = halves.length > 1 && halves[1] ? halves[1].split(':') : [];
  const width = (g: string[]) => g.reduce((n, x) => n + (x.includes('.') ? 2 : 1), 0);
  const groups = [...left, ...(halves.length > 1 ? Array<string>(Math.max(0, 8 - width(left) - width(right))).fill('0') : []), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

/**
 * S2: throttles that stop guessing and abuse without ever refusing the right
 * person. "Address" is `request.ip` (the socket's peer, or the forwarded
 * client behind a trusted proxy), grouped by /64 for IPv6 (`addressKey`).
 * They count what an attacker gains, not what a guest does by mistake: an
 * invalid or empty form is answered 400 and counted nowhere, and a wrong email
 * on an invite is counted only by the two wrong-email limits. The model
 * (docs/security.md, "Throttles"):
 *
 * - `unknownPerIp`: unknown-token lookups per address. Over the limit, an
 *   unknown token is answered 429 with Retry-After at once (no socket is
 *   held); a valid token from the same address is still served, so guessing
 *   next to an office never locks the office out.
 * - `mismatchesPerBrowserInvite` and `mismatchesPerInvite`: wrong emails on an
 *   invite, per browser (the signed `gl_b`) and invite, and per invite from
 *   everywhere. A browser over its limit gets 429 on that invite whatever it
 *   types; over the invite's limit every *wrong* email gets 429. The invited
 *   email from another browser always passes.
 * - `submitsPerClientLink`: redemptions per address and link (ones that got
 *   in or were refused for a real reason), sized for an office behind one
 *   address. `submitsPerLink`: all of them on one link, sized well above 5,000
 *   guests a minute. `submitsPerIp`: all of them from one address, across links.
 * - `claimsPerClientLimitedLink`: for a link with a click limit, one address
 *   may take at most `max(floor, share × limit)` of its clicks per window,
 *   so one address can't drain it.
 * - `streamsPerSession`, `streamsPerIp`: live streams (SSE `/s/events`, and
 *   the live WebSocket `/s/live`) open at once per participant and per address.
 */
export interface RateLimits {
  unknownPerIp: WindowLimiter;
  submitsPerIp: WindowLimiter;
  submitsPerLink: WindowLimiter;
  submitsPerClientLink: WindowLimiter;
  mismatchesPerBrowserInvite: WindowLimiter;
  mismatchesPerInvite: WindowLimiter;
  /** Accepted clicks per address on one limited link, in this window. */
  claimsPerClientLimitedLink: WindowLimiter;
  /** Of a limited link's clicks, the share one address may take (and the floor). */
  limitedLinkShare: number;
  limitedLinkFloor: number;
  /** Live streams one participant may have open at once (a few tabs). */
  streamsPerSession: number;
  /** Live streams one address may have open at once (an office of guests). */
  streamsPerIp: number;
  /** After a moderator denied a browser, how long before it may knock again at that media entry. */
  knockCooldownMs: number;
}

export function defaultRateLimits(): RateLimits {
  return {
    unknownPerIp: new WindowLimiter(30, 60_000),
    submitsPerIp: new WindowLimiter(2000, 60_000),
    submitsPerLink: new WindowLimiter(20_000, 60_000),
    submitsPerClientLink: new WindowLimiter(300, 60_000),
    mismatchesPerBrowserInvite: new WindowLimiter(10, 10 * 60_000),
    mismatchesPerInvite: new WindowLimiter(100, 10 * 60_000),
    claimsPerClientLimitedLink: new WindowLimiter(Number.MAX_SAFE_INTEGER, 10 * 60_000), // limit given per link
    limitedLinkShare: 0.25,
    limitedLinkFloor: 20,
    streamsPerSession: 5,
    streamsPerIp: 200,
    knockCooldownMs: 10 * 60_000,
  };
}

/** Clicks one address may take of a link limited to `maxUses` (S2). */
export function clientShareOf(limits: Pick<RateLimits, 'limitedLinkShare' | 'limitedLinkFloor'>, maxUses: number): number {
  return Math.max(limits.limitedLinkFloor, Math.ceil(maxUses * limits.limitedLinkShare));
}

/** Limits that never trigger: for benchmarks and tests that aren't about throttling. */
export function noRateLimits(): RateLimits {
  const big = () => new WindowLimiter(Number.MAX_SAFE_INTEGER, 60_000);
  return {
    unknownPerIp: big(),
    submitsPerIp: big(),
    submitsPerLink: big(),
    submitsPerClientLink: big(),
    mismatchesPerBrowserInvite: big(),
    mismatchesPerInvite: big(),
    claimsPerClientLimitedLink: big(),
    limitedLinkShare: 1,
    limitedLinkFloor: Number.MAX_SAFE_INTEGER,
    streamsPerSession: Number.MAX_SAFE_INTEGER,
    streamsPerIp: Number.MAX_SAFE_INTEGER,
    knockCooldownMs: 0,
  };
}
