// Network namespaces for live-media tests. Janus never offers loopback for
// media, so the listener, Janus and the browsers run inside namespaces this
// test makes: a veth pair whose private addresses exist only there. Needs
// root and iproute2; otherwise `whyNoNetns()` says why and the tests skip.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tmpDir } from '../helpers/tmp';

export function ip(...args: string[]) {
  return spawnSync('ip', args, { encoding: 'utf8' });
}

export function whyNoNetns(): string {
  if (process.platform !== 'linux') return 'network namespaces are Linux only';
  if (process.getuid?.() !== 0) return 'creating network namespaces needs root (CI runs as root)';
  if (spawnSync('ip', ['-V']).status !== 0) return 'iproute2 (`ip`) is not installed';
  if (spawnSync('sh', ['-c', 'command -v janus']).status !== 0) return 'janus is not installed (Debian package `janus`; .ci/run installs it)';
  if (!fs.existsSync('/usr/bin/chromium')) return 'Debian Chromium is not installed';
  const probe = `glp${process.pid % 100000}`;
  const r = ip('netns', 'add', probe);
  if (r.status !== 0) return `ip netns add failed here: ${r.stderr.trim()}`;
  ip('netns', 'del', probe);
  return '';
}

export interface TwoHosts {
  host: string;
  guest: string;
  hostIp: string;
  guestIp: string;
  /** A script that runs Chromium inside a namespace (Playwright's executablePath). */
  chromiumIn(ns: string): string;
  remove(): void;
}

/** Two namespaces joined by a veth pair: "host" (the organiser's computer) and "guest" (another machine on the network). */
export function twoHosts(tag: string, subnet: string): TwoHosts {
  const ns = { host: `${tag}-h`, guest: `${tag}-g` };
  const steps = [
    ['netns', 'add', ns.host],
    ['netns', 'add', ns.guest],
    ['link', 'add', `${tag}a`, 'type', 'veth', 'peer', 'name', `${tag}b`],
    ['link', 'set', `${tag}a`, 'netns', ns.host],
    ['link', 'set', `${tag}b`, 'netns', ns.guest],
    ['-n', ns.host, 'addr', 'add', `${subnet}.1/24`, 'dev', `${tag}a`],
    ['-n', ns.guest, 'addr', 'add', `${subnet}.2/24`, 'dev', `${tag}b`],
    ['-n', ns.host, 'link', 'set', `${tag}a`, 'up'],
    ['-n', ns.guest, 'link', 'set', `${tag}b`, 'up'],
    ['-n', ns.host, 'link', 'set', 'lo', 'up'],
    ['-n', ns.guest, 'link', 'set', 'lo', 'up'],
  ];
  for (const s of steps) {
    const r = ip(...s);
    if (r.status !== 0) {
      ip('netns', 'del', ns.host);
      ip('netns', 'del', ns.guest);
      throw new Error(`ip ${s.join(' ')}: ${r.stderr}`);
    }
  }
  const dir = tmpDir('guestlist-netns-');
  return {
    ...ns,
    hostIp: `${subnet}.1`,
    guestIp: `${subnet}.2`,
    chromiumIn(name: string) {
      const file = path.join(dir, `chromium-${name}.sh`);
      fs.writeFileSync(file, `#!/bin/sh\nexec ip netns exec ${name} /usr/bin/chromium "$@"\n`, { mode: 0o755 });
      return file;
    },
    remove() {
      // Deleting the namespaces removes the veth pair with them.
      ip('netns', 'del', ns.host);
      ip('netns', 'del', ns.guest);
    },
  };
}
