// V6: short-lived TURN credentials, the "TURN REST API" scheme coturn checks
// with `use-auth-secret`: the username is `EXPIRY:NAME` (EXPIRY in Unix
// seconds) and the password is base64(HMAC-SHA1(static-auth-secret, username)).
// coturn recomputes the same HMAC and refuses a username whose time is past,
// so the long-term secret never leaves this computer: pages get credentials
// valid 12 hours, the built-in Janus 30 days.
import crypto from 'node:crypto';

export const PAGE_TURN_TTL_SECONDS = 12 * 3600;
export const JANUS_TURN_TTL_SECONDS = 30 * 24 * 3600;

export function turnCredentials(secret: string, opts: { ttlSeconds: number; now?: number; name?: string }): { username: string; credential: string } {
  const expiry = Math.floor((opts.now ?? Date.now()) / 1000) + opts.ttlSeconds;
  const username = `${expiry}:${opts.name ?? 'guestlist'}`;
  return { username, credential: crypto.createHmac('sha1', secret).update(username).digest('base64') };
}
