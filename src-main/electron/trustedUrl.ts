// Process: main (pure; no electron import, unit-tested under Node).
// Which URLs may leave the app for the system browser or mail client (S4),
// and where the live window may go (V7).
import { exactOrigin } from './permissions';

const EXTERNAL_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/**
 * True when `raw` may be handed to shell.openExternal: an absolute http,
 * https or mailto URL with no embedded credentials. Everything else
 * (javascript:, file:, data:, custom schemes, malformed input) is refused.
 */
export function isTrustedExternalUrl(raw: unknown): boolean {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 4096) return false;
  // Control characters and whitespace can smuggle a different scheme past naive parsers.
  if (/[\u0000-\u0020\u007f]/.test(raw)) return false;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (!EXTERNAL_PROTOCOLS.has(url.protocol)) return false;
  if (url.protocol === 'mailto:') return url.pathname.length > 0 || url.search.length > 0;
  if (url.username || url.password) return false;
  return url.hostname.length > 0;
}

/** The renderer's origin in packaged builds: a custom, privileged scheme rather than file:// (Electron checklist). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'guestlist';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const RENDERER_URL = `${APP_ORIGIN}/index.html`;

/**
 * True when a URL belongs to our own renderer: the app:// origin, or the
 * electron-vite dev server's origin when one is given (development only).
 */
export function isRendererUrl(raw: unknown, devServerUrl?: string): boolean {
  if (typeof raw !== 'string') return false;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST) return true;
  if (devServerUrl) {
    try {
      const dev = new URL(devServerUrl);
      return (dev.protocol === 'http:' || dev.protocol === 'https:') && url.origin === dev.origin;
    } catch {
      return false;
    }
  }
  return false;
}

/** A mailto: URL with each part encoded, so a subject or body can't inject headers. */
export function mailtoUrl(input: { to: string; bcc?: string; subject: string; body: string }): string {
  const list = (s: string) =>
    s
      .split(/[,;\s]+/)
      .filter(Boolean)
      .map((a) => encodeURIComponent(a).replace(/%40/g, '@'))
      .join(',');
  const to = list(input.to);
  const bcc = input.bcc ? list(input.bcc) : '';
  const q = `${bcc ? `bcc=${bcc}&` : ''}subject=${encodeURIComponent(input.subject)}&body=${encodeURIComponent(input.body)}`;
  return `mailto:${to}?${q}`;
}

/** V7: where "Join live session" may open: the listener's own /a/CODE page. */
export interface LiveSessionTarget {
  url: string;
  origin: string;
}

/**
 * V7: checks the URL the renderer asks the live window to open. It must be
 * live.join's answer: http, no credentials, query or fragment, the path
 * /a/CODE, on the listener's port, at 127.0.0.1 or the listener's own bind
 * address. The window's camera permission is tied to the origin returned.
 */
export function liveSessionTarget(raw: unknown, listener: { host: string; port: number }): LiveSessionTarget | null {
  if (typeof raw !== 'string' || raw.length > 2048) return null;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' || u.username || u.password || u.search || u.hash) return null;
  if (!/^\/a\/[A-Za-z0-9_-]{16,200}$/.test(u.pathname)) return null;
  if (!Number.isInteger(listener.port) || listener.port <= 0 || u.port !== String(listener.port)) return null;
  const host = u.hostname;
  if (host !== '127.0.0.1' && host !== listener.host) return null;
  return { url: u.toString(), origin: u.origin };
}

/** V7: the live window stays on its own origin (the room page, its forms and redirects); anything else is refused. */
export function isLiveNavigationAllowed(url: string, liveOrigin: string): boolean {
  const want = exactOrigin(liveOrigin);
  return want !== null && exactOrigin(url) === want;
}
