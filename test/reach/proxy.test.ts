// L4, L5 through a real reverse proxy: Caddy with `tls internal` (a local
// HTTPS origin) in front of `guestlist serve`, on 127.0.0.1 high ports.
// Guests are told apart by their real source addresses (127.0.0.2, 127.0.0.3),
// which Caddy puts into X-Forwarded-For. Skips, saying why, without caddy.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lanAddresses } from '../../src-main/core/network';
import { findFreePort } from '../../src-main/listener';
import { tmpDir } from '../helpers/tmp';
import { CLI, type Served, startServe } from '../reliability/helpers';

const caddy = spawnSync('caddy', ['version'], { encoding: 'utf8' });
const why = caddy.status === 0 ? '' : 'caddy is not installed (apt-get install -y caddy; .ci/run does it)';
if (why) console.warn(`[skip] test/reach/proxy.test.ts: ${why}`);

interface Reach {
  status: number | null;
  json: { ok: boolean; scope: string; code: string; message: string; baseUrl: string; listenerUrl: string | null };
}

let work = '';
let rootCa = '';
let caddyProc: ChildProcess | null = null;
const served: Served[] = [];
let trusted = ''; // data folder whose listener trusts the proxy (--trust-proxy loopback: a loopback public URL trusts nobody by default)
let untrusted = ''; // data folder whose listener was told --trust-proxy none
const ports = { trusted: 0, untrusted: 0, other: 0, http: 0 };
// A non-loopback address of this machine, so one check can be a real "OK" (not LOOPBACK_ONLY).
const lan = lanAddresses().find((a) => a.family === 'IPv4')?.address;

function reach(dataDir: string, env: NodeJS.ProcessEnv = {}): Reach {
  const r = spawnSync(process.execPath, [CLI, '--data', dataDir, '--json', 'reach', '--timeout', '3000'], { encoding: 'utf8', env: { ...process.env, NODE_EXTRA_CA_CERTS: '', ...env } });
  return { status: r.status, json: JSON.parse(r.stdout) };
}

function setBase(dataDir: string, url: string) {
  const r = spawnSync(process.execPath, [CLI, '--data', dataDir, '--json', 'config', 'set', 'base-url', url], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
}

/** A GET through the proxy from a given loopback source address, trusting Caddy's local CA. */
function viaProxy(port: number, p: string, localAddress = '127.0.0.1'): Promise<{ status: number; cookies: string[] }> {
  return new Promise((resolve, reject) => {
    const req = https.get({ host: '127.0.0.1', port, path: p, ca: fs.readFileSync(rootCa), localAddress, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, cookies: ([] as string[]).concat(res.headers['set-cookie'] ?? []) }));
    });
    req.on('error', reject);
  });
}

async function waitForPort(port: number, ms = 20_000) {
  const until = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((r) => {
      const s = net.connect({ host: '127.0.0.1', port }, () => (s.destroy(), r(true)));
      s.on('error', () => r(false));
    });
    if (ok && fs.existsSync(rootCa)) return;
    if (Date.now() > until) throw new Error(`caddy did not listen on ${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!!why)('L4/L5 behind a real reverse proxy (Caddy, tls internal)', () => {
  beforeAll(async () => {
    work = tmpDir('guestlist-caddy-');
    rootCa = path.join(work, 'caddy', 'pki', 'authorities', 'local', 'root.crt');
    let p = 20000 + Math.floor(Math.random() * 20000);
    for (const k of ['trusted', 'untrusted', 'other', 'http'] as const) p = ports[k] = (await findFreePort('127.0.0.1', p)) + 1, ports[k] = p - 1;
    trusted = tmpDir();
    untrusted = tmpDir();
    served.push(await startServe(trusted, ['--public-url', `https://127.0.0.1:${ports.trusted}`, '--trust-proxy', 'loopback']));
    served.push(await startServe(untrusted, ['--public-url', `https://127.0.0.1:${ports.untrusted}`, '--trust-proxy', 'none']));
    const hosts = ['127.0.0.1', ...(lan ? [lan] : [])];
    const site = (port: number, body: string) => `${hosts.map((h) => `https://${h}:${port}`).join(', ')} {\n\tbind ${hosts.join(' ')}\n\ttls internal\n\t${body}\n}\n`;
    const caddyfile = [
      `{\n\tadmin off\n\tskip_install_trust\n\tauto_https disable_redirects\n\thttp_port ${ports.http}\n\thttps_port ${ports.trusted}\n\tstorage file_system {\n\t\troot ${path.join(work, 'caddy')}\n\t}\n}\n`,
      site(ports.trusted, `reverse_proxy 127.0.0.1:${served[0]!.port}`),
      site(ports.untrusted, `reverse_proxy 127.0.0.1:${served[1]!.port}`),
      // Another web server on the address a link might wrongly point at.
      site(ports.other, 'respond "Welcome to nginx!" 200'),
    ].join('\n');
    fs.writeFileSync(path.join(work, 'Caddyfile'), caddyfile);
    caddyProc = spawn('caddy', ['run', '--config', path.join(work, 'Caddyfile'), '--adapter', 'caddyfile'], { stdio: 'ignore', env: { ...process.env, HOME: work, XDG_DATA_HOME: work, XDG_CONFIG_HOME: work } });
    for (const port of [ports.trusted, ports.untrusted, ports.other]) await waitForPort(port);
  });

  afterAll(async () => {
    caddyProc?.kill('SIGTERM');
    for (const s of served) s.child.kill('SIGTERM');
    await Promise.all(served.map((s) => new Promise((r) => (s.child.exitCode !== null ? r(null) : s.child.once('exit', r)))));
  });

  it('L4: reach is ok through the proxy (the probe answers with the nonce’s HMAC under this folder’s reach key)', () => {
    const env = { NODE_EXTRA_CA_CERTS: rootCa };
    // On a loopback public URL the check passes but says only this computer can open the links.
    const local = reach(trusted, env);
    expect(local.json).toMatchObject({ ok: true, code: 'LOOPBACK_ONLY', scope: 'this-computer', baseUrl: `https://127.0.0.1:${ports.trusted}`, listenerUrl: served[0]!.url });
    expect(local.status).toBe(0);
    if (!lan) return console.warn('[partial] no non-loopback IPv4 address here: the OK case through the proxy was not run');
    setBase(trusted, `https://${lan}:${ports.trusted}`);
    try {
      const r = reach(trusted, env);
      expect(r.json).toMatchObject({ ok: true, code: 'OK', scope: 'internet', baseUrl: `https://${lan}:${ports.trusted}`, listenerUrl: served[0]!.url });
      expect(r.status).toBe(0);
    } finally {
      setBase(trusted, `https://127.0.0.1:${ports.trusted}`);
    }
  });

  it('L4: TLS_ERROR when the certificate is not trusted', () => {
    const r = reach(trusted);
    expect(r.json).toMatchObject({ ok: false, code: 'TLS_ERROR' });
    expect(r.status).toBe(1);
  });

  it('L4: OTHER_SERVER when the URL points at another server, or at another data folder’s listener', () => {
    const env = { NODE_EXTRA_CA_CERTS: rootCa };
    setBase(trusted, `https://127.0.0.1:${ports.other}`);
    try {
      const web = reach(trusted, env);
      expect(web.json).toMatchObject({ ok: false, code: 'OTHER_SERVER' });
      expect(web.json.message).toContain('another server (HTTP 200)');
      expect(web.status).toBe(1);
      // A Guestlist listener answers there, but it serves another data folder: its reach key differs, so its proof doesn't verify.
      setBase(trusted, `https://127.0.0.1:${ports.untrusted}`);
      const otherFolder = reach(trusted, env);
      expect(otherFolder.json).toMatchObject({ ok: false, code: 'OTHER_SERVER' });
      expect(otherFolder.json.message).toContain('another data folder');
    } finally {
      setBase(trusted, `https://127.0.0.1:${ports.trusted}`);
    }
  });

  it('L4: UNREACHABLE, saying "connection refused", for a closed port', async () => {
    const closed = await findFreePort('127.0.0.1', 30000 + Math.floor(Math.random() * 20000));
    setBase(trusted, `https://127.0.0.1:${closed}`);
    try {
      const r = reach(trusted, { NODE_EXTRA_CA_CERTS: rootCa });
      expect(r.json).toMatchObject({ ok: false, code: 'UNREACHABLE' });
      expect(r.json.message).toContain('connection refused');
      expect(r.status).toBe(1);
    } finally {
      setBase(trusted, `https://127.0.0.1:${ports.trusted}`);
    }
  });

  it('L5: with the proxy trusted, X-Forwarded-For separates guests for rate limits', async () => {
    // 30 unknown-link tries a minute per address (S2); the 31st from 127.0.0.2 is throttled...
    for (let i = 0; i < 30; i++) expect((await viaProxy(ports.trusted, `/g/unknown-token-${i}`, '127.0.0.2')).status).toBe(404);
    expect((await viaProxy(ports.trusted, '/g/unknown-token-x', '127.0.0.2')).status).toBe(429);
    // ...but another guest behind the same proxy is not.
    expect((await viaProxy(ports.trusted, '/g/unknown-token-y', '127.0.0.3')).status).toBe(404);
  });

  it('L5: with the proxy not trusted, X-Forwarded-For is ignored: every guest is the proxy', async () => {
    for (let i = 0; i < 30; i++) expect((await viaProxy(ports.untrusted, `/g/unknown-token-${i}`, '127.0.0.2')).status).toBe(404);
    expect((await viaProxy(ports.untrusted, '/g/unknown-token-y', '127.0.0.3')).status).toBe(429);
  });

  it('V3: the live socket works through the proxy (WebSocket upgrade over https, same origin, the session cookie)', async () => {
    const cliJson = (...args: string[]) => JSON.parse(spawnSync(process.execPath, [CLI, '--data', trusted, '--json', ...args], { encoding: 'utf8' }).stdout);
    const media = cliJson('media', 'add', '--title', 'Live behind Caddy', '--kind', 'room', '--no-lobby');
    cliJson('media', 'set', '--media', String(media.id), '--guest-access', 'on');
    const link = cliJson('links', 'create', '--media', String(media.id), '--name', 'Everyone');
    const jar = new Map<string, string>();
    const ca = fs.readFileSync(rootCa);
    const call = (method: string, p: string, body?: string) =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = https.request(
          { host: '127.0.0.1', port: ports.trusted, path: p, method, ca, localAddress: '127.0.0.5', agent: false, headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) } },
          (res) => {
            for (const c of ([] as string[]).concat(res.headers['set-cookie'] ?? [])) {
              const [pair = ''] = c.split(';');
              jar.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
            }
            let text = '';
            res.on('data', (d) => (text += d));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    const page = await call('GET', `/g/${link.token}`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    expect((await call('POST', `/g/${link.token}`, new URLSearchParams({ _csrf: csrf, name: 'Ana', email: 'ana@example.org' }).toString())).status).toBe(303);
    expect((await call('GET', '/s')).status).toBe(200);
    const { default: WebSocket } = await import('ws');
    const hello = await new Promise<Record<string, unknown>>((resolve, reject) => {
      const ws = new WebSocket(`wss://127.0.0.1:${ports.trusted}/s/live`, { ca, headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '), origin: `https://127.0.0.1:${ports.trusted}` } });
      ws.on('message', (d) => {
        const m = JSON.parse(String(d));
        if (m.t === 'hello' || m.t === 'engine') {
          ws.close();
          resolve(m);
        }
      });
      ws.on('unexpected-response', (_q, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.on('error', reject);
    });
    // Joined (or, on a machine without Janus, told why there is no live media): either way the upgrade went through Caddy.
    expect(['hello', 'engine']).toContain(hello.t);
  });

  it('L5: cookies are Secure over https', async () => {
    const r = await viaProxy(ports.trusted, '/healthz', '127.0.0.4');
    expect(r.status).toBe(200);
    expect(r.cookies.length).toBeGreaterThan(0);
    for (const c of r.cookies) expect(c).toMatch(/;\s*Secure/i);
  });
});

describe('L4: reach without a proxy', () => {
  it('L4: NO_LISTENER on a fresh data folder, and after its listener stopped', async () => {
    const d = tmpDir();
    expect(reach(d)).toMatchObject({ status: 1, json: { ok: false, code: 'NO_LISTENER', scope: 'this-computer' } });
    const s = await startServe(d);
    try {
      expect(reach(d)).toMatchObject({ status: 0, json: { ok: true, code: 'LOOPBACK_ONLY', scope: 'this-computer', baseUrl: s.url, listenerUrl: s.url } });
    } finally {
      s.child.kill('SIGTERM');
      await new Promise((r) => s.child.once('exit', r));
    }
    expect(reach(d)).toMatchObject({ status: 1, json: { ok: false, code: 'NO_LISTENER' } });
  });

  it('L4: a listener of another data folder on the recorded address is not "this listener"', async () => {
    const a = tmpDir();
    const b = tmpDir();
    const s = await startServe(b);
    try {
      // a's record points at b's listener (as if a's listener died and b took its port).
      fs.copyFileSync(path.join(b, 'listener.json'), path.join(a, 'listener.json'));
      expect(reach(a).json).toMatchObject({ ok: false, code: 'NO_LISTENER' });
    } finally {
      s.child.kill('SIGTERM');
      await new Promise((r) => s.child.once('exit', r));
    }
  });
});
