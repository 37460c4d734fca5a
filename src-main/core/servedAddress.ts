// L1: a running listener records where it serves in the data folder, so the
// app, the CLI and `guestlist serve` build the same link URLs while the base
// URL is automatic. The file stays after the listener stops: links prepared
// while it is down keep the address it last served (and `guestlist reach`
// tells whether anything still answers there).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const LISTENER_FILE_NAME = 'listener.json';

export interface ListenerAddress {
  /** Where this machine reaches the listener (loopback when it binds all interfaces). */
  listenerUrl: string;
  /** What links are built from while the base URL is automatic. */
  linkBaseUrl: string;
  host: string;
  port: number;
  pid: number;
  startedAt: string;
}

export function listenerAddressFile(dataDir: string): string {
  return path.join(dataDir, LISTENER_FILE_NAME);
}

/** The recorded address, or null when there is none or it can't be read. */
export function readListenerAddress(dataDir: string): ListenerAddress | null {
  let raw: string;
  try {
    raw = fs.readFileSync(listenerAddressFile(dataDir), 'utf8');
  } catch {
    return null;
  }
  try {
    const v = JSON.parse(raw) as Partial<ListenerAddress>;
    if (typeof v.listenerUrl !== 'string' || typeof v.linkBaseUrl !== 'string' || typeof v.port !== 'number' || typeof v.host !== 'string') return null;
    if (!/^https?:\/\//.test(v.linkBaseUrl) || !/^https?:\/\//.test(v.listenerUrl)) return null;
    return { listenerUrl: v.listenerUrl, linkBaseUrl: v.linkBaseUrl, host: v.host, port: v.port, pid: typeof v.pid === 'number' ? v.pid : 0, startedAt: typeof v.startedAt === 'string' ? v.startedAt : '' };
  } catch {
    return null;
  }
}

/** Written to a temp file and renamed, so a reader never sees half a file. */
export function writeListenerAddress(dataDir: string, address: ListenerAddress): void {
  const target = listenerAddressFile(dataDir);
  const tmp = `${target}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  try {
    fs.writeFileSync(tmp, `${JSON.stringify(address, null, 2)}\n`);
    fs.renameSync(tmp, target);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}
