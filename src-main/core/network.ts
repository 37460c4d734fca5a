// L1 "My network": the addresses other devices may reach this computer on.
import os from 'node:os';

export interface LanAddress {
  interface: string;
  address: string;
  family: 'IPv4' | 'IPv6';
}

const PRIVATE_V4 = [/^10\./, /^192\.168\./, /^172\.(1[6-9]|2\d|3[01])\./];

/** Non-loopback IPv4 and IPv6 addresses with their interface names; a sensible default first. */
export function lanAddresses(interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]> = os.networkInterfaces()): LanAddress[] {
  const out: LanAddress[] = [];
  for (const [name, infos] of Object.entries(interfaces)) {
    for (const i of infos ?? []) {
      if (i.internal) continue;
      const family = i.family === 'IPv6' || (i.family as unknown) === 6 ? 'IPv6' : 'IPv4';
      out.push({ interface: name, address: i.address, family });
    }
  }
  // Private IPv4 first (what a phone on the same Wi-Fi reaches), then other IPv4,
  // then global IPv6; link-local IPv6 last (it needs a zone to be usable).
  const rank = (a: LanAddress) =>
    a.family === 'IPv4' ? (PRIVATE_V4.some((r) => r.test(a.address)) ? 0 : a.address.startsWith('169.254.') ? 2 : 1) : a.address.toLowerCase().startsWith('fe80') ? 4 : 3;
  return out.map((a, i) => ({ a, i })).sort((x, y) => rank(x.a) - rank(y.a) || x.i - y.i).map(({ a }) => a);
}

export function defaultLanAddress(interfaces?: NodeJS.Dict<os.NetworkInterfaceInfo[]>): string | null {
  return lanAddresses(interfaces)[0]?.address ?? null;
}

export const isAnyAddress = (host: string) => host === '0.0.0.0' || host === '::' || host === '[::]';
export const isLoopbackHost = (host: string) => {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
};

/** http://host:port, with brackets around an IPv6 address. */
export function httpUrl(host: string, port: number): string {
  const h = host.replace(/^\[|\]$/g, '');
  return `http://${h.includes(':') ? `[${h}]` : h}:${port}`;
}
