// The Janus configuration the host writes for each run (V1, V3). Pure: it
// returns the files' text, so a unit test reads exactly what Janus will read.
//
// Only two modules are loaded (the VideoRoom plugin and the WebSockets
// transport), the API listens on 127.0.0.1 alone, every secret is random per
// run, and media use a bounded UDP port range.
import crypto from 'node:crypto';
import path from 'node:path';

export interface JanusRunConfig {
  /** Folder the config files, plugin links and logs go into. */
  dir: string;
  /** WebSockets API port on 127.0.0.1. */
  wsPort: number;
  /** Secret every API request must carry (janus.jcfg `api_secret`). */
  apiSecret: string;
  /** Key VideoRoom asks for to create rooms (`admin_key`). */
  adminKey: string;
  /** Bounded RTP/RTCP port range for media. */
  rtpPorts: { min: number; max: number };
  /** ICE: interfaces or address prefixes Janus may gather on (empty: every non-loopback one). */
  iceEnforce: string[];
  /** ICE: a 1:1 NAT mapping (the public address), when the user gave one. */
  natMapping?: string;
  stun?: { host: string; port: number };
  turn?: { host: string; port: number; type: 'udp' | 'tcp' | 'tls'; user: string; pwd: string };
}

export const JANUS_MODULES = { plugin: 'libjanus_videoroom.so', transport: 'libjanus_websockets.so' } as const;

export function randomSecret(): string {
  return crypto.randomBytes(24).toString('base64url');
}

/** A jcfg string literal: libconfig strings are double-quoted with backslash escapes. */
function q(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function janusConfigFiles(c: JanusRunConfig): Record<string, string> {
  const nat: string[] = [`\tignore_mdns = true`, `\tice_ignore_list = "vmnet"`];
  if (c.iceEnforce.length) nat.push(`\tice_enforce_list = ${q(c.iceEnforce.join(','))}`);
  if (c.natMapping) nat.push(`\tnat_1_1_mapping = ${q(c.natMapping)}`);
  if (c.stun) nat.push(`\tstun_server = ${q(c.stun.host)}`, `\tstun_port = ${c.stun.port}`);
  if (c.turn) {
    nat.push(
      `\tturn_server = ${q(c.turn.host)}`,
      `\tturn_port = ${c.turn.port}`,
      `\tturn_type = ${q(c.turn.type)}`,
      `\tturn_user = ${q(c.turn.user)}`,
      `\tturn_pwd = ${q(c.turn.pwd)}`,
    );
  }
  return {
    'janus.jcfg': [
      'general: {',
      `\tconfigs_folder = ${q(c.dir)}`,
      `\tplugins_folder = ${q(path.join(c.dir, 'plugins'))}`,
      `\ttransports_folder = ${q(path.join(c.dir, 'transports'))}`,
      `\tevents_folder = ${q(path.join(c.dir, 'events'))}`,
      `\tloggers_folder = ${q(path.join(c.dir, 'loggers'))}`,
      '\tdebug_level = 3',
      '\tdebug_colors = false',
      `\tapi_secret = ${q(c.apiSecret)}`,
      // No admin API at all: nothing needs it, so nothing can misuse it.
      '\tadmin_secret = ' + q(randomSecret()),
      '\tsession_timeout = 60',
      '\tserver_name = "guestlist"',
      '\tprotected_folders = ["/bin", "/boot", "/dev", "/etc", "/initrd", "/lib", "/lib32", "/lib64", "/proc", "/sbin", "/sys", "/usr", "/var"]',
      '}',
      'media: {',
      `\trtp_port_range = "${c.rtpPorts.min}-${c.rtpPorts.max}"`,
      '}',
      'nat: {',
      ...nat,
      '}',
      'plugins: {',
      '}',
      'transports: {',
      '}',
      'events: {',
      '\tbroadcast = false',
      '}',
      '',
    ].join('\n'),
    'janus.transport.websockets.jcfg': [
      'general: {',
      '\tjson = "plain"',
      '\tws = true',
      `\tws_port = ${c.wsPort}`,
      '\tws_ip = "127.0.0.1"',
      '\twss = false',
      '}',
      'admin: {',
      '\tadmin_ws = false',
      '\tadmin_wss = false',
      '}',
      '',
    ].join('\n'),
    'janus.plugin.videoroom.jcfg': [
      'general: {',
      `\tadmin_key = ${q(c.adminKey)}`,
      // Nobody may start an RTP forwarder or choose a recording path (V3).
      '\tlock_rtp_forward = true',
      '\tstring_ids = false',
      '}',
      '',
    ].join('\n'),
  };
}
