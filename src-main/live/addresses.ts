// V6: the addresses the built-in Janus offers guests for media. Janus never
// offers loopback; it gathers on every other interface (minus virtual
// machine bridges) unless told which one (ice_enforce_list: "my network"
// enforces the LAN address the links use).
import os from 'node:os';

export function mediaAddresses(enforce: readonly string[], interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]> = os.networkInterfaces()): string[] {
  const all = Object.entries(interfaces).flatMap(([name, infos]) =>
    (infos ?? []).filter((i) => !i.internal && !name.startsWith('vmnet') && !(i.family === 'IPv6' && i.address.startsWith('fe80'))).map((i) => i.address),
  );
  return enforce.length ? all.filter((a) => enforce.includes(a)) : all;
}

/** Why live media can't flow on this computer, or null: Janus needs an interface other than loopback. */
export function noMediaAddressReason(addresses: readonly string[]): string | null {
  return addresses.length === 0
    ? 'This computer has no network connection other than loopback, and the live engine (Janus) needs one to carry audio and video. Connect to a network (any will do, even without the internet) and try again.'
    : null;
}
