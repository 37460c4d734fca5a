// L5: the list of trusted proxies, as `--trust-proxy`, the app's setting and
// the listener accept it. Pure (no Fastify), so the settings schema can use it.
import net from 'node:net';
import { AppError } from '../core/errors';
import { isLoopbackHost } from '../core/network';

const TRUST_KEYWORDS = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** A comma-separated list of trusted proxies, checked; throws TRUST_PROXY_INVALID with the bad entry. */
export function parseTrustProxy(list: string | readonly string[]): string[] {
  const items = (typeof list === 'string' ? list.split(',') : list).map((s) => s.trim()).filter(Boolean);
  for (const item of items) {
    const [addr = '', prefix, extra] = item.split('/');
    const family = net.isIP(addr);
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 6 ? 128 : 32));
    if (!(TRUST_KEYWORDS.has(item) || (family !== 0 && prefixOk && extra === undefined))) {
      throw new AppError('TRUST_PROXY_INVALID', `“${item}” is not an IP address, a range like 10.0.0.0/8, or loopback.`);
    }
  }
  return items;
}

/**
 * L5: whether an explicit base URL by itself means "a proxy or tunnel on this
 * computer forwards the internet to me": https, on a host that is not this
 * computer. An http URL, or any loopback one (`http://127.0.0.1:…`), says no
 * such thing, and trusting loopback then would let any local process fake
 * X-Forwarded-For.
 */
export function impliesLocalProxy(explicitBaseUrl: string | null): boolean {
  if (!explicitBaseUrl) return false;
  let u: URL;
  try {
    u = new URL(explicitBaseUrl);
  } catch {
    return false;
  }
  return u.protocol === 'https:' && !isLoopbackHost(u.hostname);
}

/** L5: whom the listener believes X-Forwarded-* from: the setting, or loopback when the public URL implies a local proxy, else nobody. */
export function trustedProxies(setting: string, explicitBaseUrl: string | null): string[] {
  const listed = parseTrustProxy(setting);
  return listed.length ? listed : impliesLocalProxy(explicitBaseUrl) ? ['loopback'] : [];
}
