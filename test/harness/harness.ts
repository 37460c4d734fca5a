// Test harness (not shipped): serves the built renderer in a normal browser
// and implements `window.guestlist` over a loopback-only HTTP channel, so
// Playwright can drive the real app against the real operations table. As in
// the app, the data and the guest listener live in the host process
// (src-main/host/entry.ts, forked with tsx), reached through HostClient.
//
//   npm run harness -- --port 0 --data /tmp/gl [--listener-port 0] [--build]
//
// Prints one JSON line on stdout: { "consoleUrl": ..., "listenerUrl": ... }.
// Security: binds 127.0.0.1 only; checks the Host header (DNS rebinding);
// the channel needs a random token, handed over once in the console URL and
// then kept in an HttpOnly SameSite=Strict cookie; POSTs need a custom header
// and a same-origin Origin, so other sites can't drive it.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Conf from 'conf';
import type { BridgeEventName } from '../../src-main/api/bridge';
import { OPERATION_NAMES } from '../../src-main/api/schemas';
import type { ListenerStatus } from '../../src-main/api/bridge';
import { isOperationName, type Result, validateOperation } from '../../src-main/api/table';
import { lanAddresses } from '../../src-main/core/network';
import { type AppMethodDeps, callAppMethod, isAppChannel } from '../../src-main/electron/appMethods';
import { CHANNELS } from '../../src-main/electron/channels';
import { SETTINGS_FILE_NAME, type StoredSettings, storeOptions } from '../../src-main/electron/settingsSchema';
import { SettingsStore } from '../../src-main/electron/settingsStore';
import { HostClient } from '../../src-main/host/client';
import { HostListener } from '../../src-main/host/hostListener';
import { forkNodeHost } from '../../src-main/host/nodeChild';
import { findFreePort } from '../../src-main/listener/freePort';

const ACTOR = 'moderator (harness)';
const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../..');
const DIST = path.join(REPO, 'out/harness-renderer');
const log = (...a: unknown[]) => console.error('[harness]', ...a);

// ---------- arguments ----------
function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i === -1) return undefined;
  return process.argv[i + 1];
}
const flag = (name: string) => process.argv.includes(`--${name}`);
function portArg(name: string, fallback: number): number {
  const raw = arg(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    log(`--${name} must be a whole number from 0 to 65535, not “${raw}”.`);
    process.exit(2);
  }
  return n;
}
const consolePort = portArg('port', 0);
const listenerPortArg = portArg('listener-port', 0);
const dataDir = path.resolve(arg('data') ?? path.join(REPO, '.harness-data'));
mkdirSync(dataDir, { recursive: true });

// ---------- build the renderer when it is missing or stale ----------
function newestMtime(dir: string): number {
  let max = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    max = Math.max(max, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return max;
}
async function ensureBuilt(): Promise<void> {
  const index = path.join(DIST, 'index.html');
  const sources = Math.max(newestMtime(path.join(REPO, 'src-renderer')), statSync(path.join(REPO, 'src-main/api/schemas.ts')).mtimeMs);
  if (!flag('build') && existsSync(index) && statSync(index).mtimeMs >= sources) return;
  if (flag('no-build')) return;
  log('building the renderer…');
  const { build } = await import('vite');
  await build({ configFile: path.join(HERE, 'vite.renderer.config.ts') });
}

// ---------- app settings, listener and the bridge's other methods, as in the app ----------
// The same SettingsStore over `conf` (electron-store's base, same options and
// file), the same host process and HostListener, and the same method table as ipc.ts;
// only the deps that need a desktop differ (save dialog, clipboard, mail).
const settingsFileExisted = existsSync(path.join(dataDir, `${SETTINGS_FILE_NAME}.json`));
const settings = new SettingsStore(new Conf<StoredSettings>({ ...storeOptions(), configName: SETTINGS_FILE_NAME, projectName: 'guestlist', cwd: dataDir }));

/** A port the OS says is free now (tests run harnesses in parallel, so no fixed default). */
function osFreePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

const sseClients = new Set<http.ServerResponse>();
function broadcast(name: BridgeEventName, payload: unknown): void {
  const frame = `data: ${JSON.stringify({ name, payload })}\n\n`;
  for (const res of sseClients) res.write(frame);
}

// P5: e2e tests shorten the lobby's grace period with --lobby-grace-ms.
const lobbyGraceMs = arg('lobby-grace-ms') === undefined ? undefined : Number(arg('lobby-grace-ms'));
let listener: HostListener | null = null;
const host = new HostClient({
  spawn: () => forkNodeHost({ dataDir, lobbyGraceMs, reachTimeoutMs: 3000 }),
  onEvent: (name, payload) => {
    if (name === 'listener.status') listener?.onHostStatus(payload as ListenerStatus);
    else broadcast(name, payload);
  },
  onStatus: (status) => {
    if (status.state === 'restarting') listener?.hostDown();
    broadcast('host.status', status);
  },
  // As the app does (lifecycle.ts): a restarted host gets the listener back with the same settings.
  onRestarted: async () => {
    const s = settings.get();
    await listener?.start(s.host, s.port);
  },
  log: (m, e) => log(m, e ?? ''),
});
// As the app does: the chosen LAN address, and the trusted proxies (loopback behind a public URL, added by the host).
listener = new HostListener({ client: host, settings: () => settings.get(), onStatus: (status) => broadcast('listener.status', status) }, settings.get().host, settings.get().port);
const hostListener = listener;

const appDeps: AppMethodDeps = {
  settings,
  listener: hostListener,
  findFreePort,
  lanAddresses,
  // A browser page holds the clipboard here: the bridge script copies after this checked the text.
  writeClipboard: () => undefined,
  // A browser can't open the desktop's mail client: the checked mailto: URL is recorded instead.
  openExternal: async (url) => writeFileSync(path.join(dataDir, 'harness-outbox.jsonl'), `${JSON.stringify({ url, at: new Date().toISOString() })}\n`, { flag: 'a' }),
  // V7: the page itself opens the checked URL in a new Chromium page (the bridge script below), which Playwright sees as a popup.
  openLiveSession: () => undefined,
  // No save dialog: exports land in <data>/saved.
  async chooseSavePath(fileName) {
    const dir = path.join(dataDir, 'saved');
    mkdirSync(dir, { recursive: true });
    return path.join(dir, fileName);
  },
};

// ---------- the bridge channel ----------
const token = randomBytes(24).toString('base64url');
const tokenBuf = Buffer.from(token);
const COOKIE = 'guestlist_harness';

function cookieToken(req: http.IncomingMessage): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, v] = part.trim().split('=');
    if (k === COOKIE && v) return v;
  }
  return null;
}
function tokenOk(candidate: string | null | undefined): boolean {
  if (!candidate) return false;
  const b = Buffer.from(candidate);
  return b.length === tokenBuf.length && timingSafeEqual(b, tokenBuf);
}

type Rpc = { method: string; params?: unknown };
const ok = <T>(value: T): Result<T> => ({ ok: true, value }) as Result<T>;
const fail = (message: string): Result<never> => ({ ok: false, error: { code: 'INVALID_INPUT', message } });

async function rpc({ method, params }: Rpc): Promise<Result<unknown>> {
  switch (method) {
    case 'op': {
      const p = (params ?? {}) as Record<string, unknown>;
      const name = p.name;
      if (!isOperationName(name)) return { ok: false, error: { code: 'UNKNOWN_OPERATION', message: 'There is no such operation.' } };
      // As ipc.ts: checked here, then relayed to the host (which restarts the listener or re-checks reach after settings.set).
      const v = validateOperation(name, p.input);
      if (!v.ok) return v;
      return host.op(name, p.input, ACTOR);
    }
    default:
      if (isAppChannel(method)) return (await callAppMethod(appDeps, method, params, null)) as Result<unknown>;
      return { ok: false, error: { code: 'UNKNOWN_OPERATION', message: 'There is no such operation.' } };
  }
}

function bridgeScript(): string {
  return `// window.guestlist over the harness channel (test only).
(() => {
  'use strict';
  const OPS = ${JSON.stringify(OPERATION_NAMES)};
  const C = ${JSON.stringify(CHANNELS)};
  async function rpc(method, params) {
    try {
      const res = await fetch('/__harness/rpc', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', 'x-guestlist-harness': '1' },
        body: JSON.stringify({ method, params }),
      });
      if (!res.ok) return { ok: false, error: { code: 'INTERNAL', message: 'The harness channel answered HTTP ' + res.status + '.' } };
      return await res.json();
    } catch (e) {
      return { ok: false, error: { code: 'INTERNAL', message: 'The harness channel is unreachable.' } };
    }
  }
  // Methods that answer with a plain value (not a Result) reject on failure, as ipcRenderer.invoke does.
  const plain = async (p) => { const r = await p; if (r && r.ok === false && r.error) throw new Error(r.error.message); return r; };
  const ops = {};
  for (const name of OPS) ops[name] = (input) => rpc('op', { name, input });
  const handlers = new Map();
  let source = null;
  function connect() {
    if (source) return;
    source = new EventSource('/__harness/events');
    source.onmessage = (m) => {
      let msg; try { msg = JSON.parse(m.data); } catch { return; }
      for (const h of handlers.get(msg.name) || []) { try { h(msg.payload); } catch (e) { console.error(e); } }
    };
  }
  window.guestlist = Object.freeze({
    ops: Object.freeze(ops),
    onEvent(name, handler) {
      connect();
      if (!handlers.has(name)) handlers.set(name, new Set());
      handlers.get(name).add(handler);
      return () => handlers.get(name).delete(handler);
    },
    app: Object.freeze({
      getSettings: () => plain(rpc(C.getSettings)),
      setSettings: (patch) => rpc(C.setSettings, patch),
      lanAddresses: () => plain(rpc(C.lanAddresses)),
      // Checked by the app's own method first (live.join's /a/CODE on the listener); then a new page opens it.
      async openLiveSession(url) {
        const r = await rpc(C.openLiveSession, url);
        if (!r.ok) return r;
        const w = window.open(url, '_blank', 'noopener');
        void w;
        return r;
      },
    }),
    listener: Object.freeze({
      status: () => plain(rpc(C.listenerStatus)),
      useNextFreePort: () => rpc(C.useNextFreePort),
      checkReach: () => plain(rpc(C.checkReach)),
    }),
    clipboard: Object.freeze({
      // Checked by the app's own method first; then the page's clipboard holds it (main does this in the app).
      async writeText(text) {
        const r = await rpc(C.clipboardWrite, text);
        if (!r.ok) return r;
        try { await navigator.clipboard.writeText(text); return r; }
        catch { return { ok: false, error: { code: 'INTERNAL', message: 'The clipboard could not be written.' } }; }
      },
    }),
    mail: Object.freeze({ compose: (input) => rpc(C.mailCompose, input) }),
    files: Object.freeze({ save: (input) => rpc(C.filesSave, input) }),
  });
})();
`;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

let boundPort = 0;

function send(res: http.ServerResponse, code: number, body: string | Buffer, type = 'text/plain; charset=utf-8', extra: Record<string, string> = {}) {
  res.writeHead(code, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...extra });
  res.end(body);
}

function readBody(req: http.IncomingMessage, limit = 2_000_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new Error('too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const server = http.createServer(async (req, res) => {
  try {
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${boundPort}` && host !== `localhost:${boundPort}`) return send(res, 421, 'Wrong host.');
    const url = new URL(req.url ?? '/', `http://${host}`);

    if (url.pathname === '/__harness/rpc') {
      if (req.method !== 'POST') return send(res, 405, 'POST only.');
      const origin = req.headers.origin;
      if (!tokenOk(cookieToken(req)) || req.headers['x-guestlist-harness'] !== '1' || (origin && origin !== `http://${host}`)) return send(res, 403, 'Forbidden.');
      let body: Rpc;
      try {
        body = JSON.parse(await readBody(req));
      } catch {
        return send(res, 400, 'Bad JSON.');
      }
      if (!body || typeof body.method !== 'string') return send(res, 400, 'Bad request.');
      return send(res, 200, JSON.stringify(await rpc(body)), 'application/json');
    }

    if (url.pathname === '/__harness/events') {
      if (!tokenOk(cookieToken(req))) return send(res, 403, 'Forbidden.');
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(': connected\n\n');
      sseClients.add(res);
      const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
      req.on('close', () => {
        clearInterval(ping);
        sseClients.delete(res);
      });
      return;
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'GET only.');

    if (url.pathname === '/__harness/bridge.js') return send(res, 200, bridgeScript(), MIME['.js']);

    if (url.pathname === '/' || url.pathname === '/index.html') {
      const fromQuery = url.searchParams.get('t');
      if (fromQuery !== null) {
        if (!tokenOk(fromQuery)) return send(res, 403, 'Forbidden.');
        // Trade the token in the URL for a cookie, and drop it from the address bar.
        return send(res, 303, '', 'text/plain', {
          location: '/',
          'set-cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        });
      }
      if (!tokenOk(cookieToken(req))) return send(res, 403, 'Open the console URL the harness printed.');
      const html = readFileSync(path.join(DIST, 'index.html'), 'utf8');
      // A classic script runs before the app's module script, so window.guestlist exists first.
      const injected = html.replace(/<head>/i, '<head>\n    <script src="/__harness/bridge.js"></script>');
      return send(res, 200, injected, MIME['.html']);
    }

    // Static build output (public artefacts, no secrets).
    const rel = path.normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '');
    const file = path.join(DIST, rel);
    if (!file.startsWith(DIST + path.sep) || !existsSync(file) || !statSync(file).isFile()) return send(res, 404, 'Not found.');
    return send(res, 200, readFileSync(file), MIME[path.extname(file)] ?? 'application/octet-stream');
  } catch (e) {
    log('request failed:', e);
    if (!res.headersSent) send(res, 500, 'Internal error.');
    else res.end();
  }
});

async function main() {
  await ensureBuilt();
  // --listener-port N is saved as the app's port setting (0, or a first run without it: a port the OS says is free).
  const portArg = arg('listener-port') === undefined ? undefined : listenerPortArg;
  if (portArg !== undefined || !settingsFileExisted) {
    const r = settings.update({ port: portArg || (await osFreePort(settings.get().host)) });
    if (!r.ok) throw new Error(r.message);
  }
  const started = await host.start();
  if (!started.ok) throw new Error(`the host could not start: ${started.error.message}`);
  const s = settings.get();
  await hostListener.start(s.host, s.port);
  // Without --base-url, links follow the listener (L1: the base URL is automatic), as in the app.
  if (arg('base-url')) {
    const r = await host.op('settings.set', { baseUrl: arg('base-url')! }, 'harness');
    if (!r.ok) throw new Error(r.error.message);
    await hostListener.checkReach();
  }
  await new Promise<void>((resolve) => server.listen(consolePort, '127.0.0.1', resolve));
  boundPort = (server.address() as { port: number }).port;
  process.stdout.write(
    `${JSON.stringify({ consoleUrl: `http://127.0.0.1:${boundPort}/?t=${token}`, listenerUrl: hostListener.status().url, dataDir })}\n`,
  );
}

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  for (const c of sseClients) c.end();
  server.close();
  // As the app quits: the listener, then the host closes the database and exits.
  await hostListener.stop();
  await host.shutdown();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

main().catch((e) => {
  log('failed to start:', e);
  process.exit(1);
});
