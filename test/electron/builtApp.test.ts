// The BUILT app, proven (S4, O2, L3): `electron-vite build` output, not the
// TypeScript sources. out/main/index.js is loaded in a child Node process
// with a faithful fake `electron` (builtApp/fakeElectron.cjs: ready-only APIs
// throw before ready, absolute preload path, one handler per channel,
// structured clone over IPC, the built preload in a sandbox-like vm, the
// renderer fetched through main's own app:// handler), in the dev layout
// (the repo, .native/electron-<version>/) and the packaged layout
// (resources/app + resources/native). A guest knocks over real HTTP.
import { type ChildProcess, fork, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATION_NAMES } from '../../src-main/api/schemas';
import { findFreePort } from '../../src-main/listener';
import { Client } from '../listener/helpers';

const root = path.resolve(__dirname, '../..');
const driverFile = path.join(__dirname, 'builtApp/driver.cjs');
const electronVersion = (JSON.parse(fs.readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
const nodeBinding = path.join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
const temp: string[] = [];
const mkTemp = (p: string) => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), p));
  temp.push(d);
  return d;
};

type Layout = 'dev' | 'packaged';
interface AppLayout {
  main: string;
  appPath: string;
  resources: string;
}
let built = '';
const layouts = {} as Record<Layout, AppLayout>;

/** The app as it lies on disk in each layout; the Node build of better-sqlite3 stands in for the Electron one. */
function lay(layout: Layout): AppLayout {
  const base = mkTemp(`guestlist-${layout}-`);
  const resources = path.join(base, 'resources');
  const appPath = layout === 'packaged' ? path.join(resources, 'app') : path.join(base, 'repo');
  fs.mkdirSync(appPath, { recursive: true });
  fs.cpSync(built, path.join(appPath, 'out'), { recursive: true });
  fs.copyFileSync(path.join(root, 'package.json'), path.join(appPath, 'package.json'));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(appPath, 'node_modules'), 'dir');
  const bindingDir = layout === 'packaged' ? path.join(resources, 'native') : path.join(appPath, '.native', `electron-${electronVersion}`);
  fs.mkdirSync(bindingDir, { recursive: true });
  fs.copyFileSync(nodeBinding, path.join(bindingDir, 'better_sqlite3.node'));
  return { main: path.join(appPath, 'out/main/index.js'), appPath, resources };
}

beforeAll(() => {
  const outDir = path.join(mkTemp('guestlist-build-'), 'out');
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--outDir', outDir, '--logLevel', 'warn'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`electron-vite build failed:\n${r.stdout}\n${r.stderr}`);
  built = outDir;
  layouts.dev = lay('dev');
  layouts.packaged = lay('packaged');
}, 120_000);

afterAll(() => {
  for (const d of temp) fs.rmSync(d, { recursive: true, force: true });
});

interface QuitReport {
  code: number;
  quitLog: string[];
  utilityProcesses: AppState['utilityProcesses'];
  resources: string[];
  dialogs: AppState['dialogs'];
}

/** One run of the built app in a child process, with a request/answer channel. */
class BuiltApp {
  readonly child: ChildProcess;
  readonly output: string[] = [];
  readonly quit: Promise<QuitReport>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly ready: Promise<void>;
  crash: string | null = null;
  private nextId = 1;
  private pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();

  constructor(
    readonly layout: Layout,
    readonly dataDir: string,
    env: Record<string, string> = {},
  ) {
    const l = layouts[layout];
    this.child = fork(driverFile, ['--data', dataDir], {
      cwd: l.appPath,
      env: { ...process.env, GUESTLIST_DATA_DIR: '', SMOKE_MAIN: l.main, SMOKE_LAYOUT: layout, SMOKE_APP_PATH: l.appPath, SMOKE_RESOURCES: l.resources, SMOKE_ELECTRON_VERSION: electronVersion, ...env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    this.child.stdout!.on('data', (d: Buffer) => this.output.push(d.toString()));
    this.child.stderr!.on('data', (d: Buffer) => this.output.push(d.toString()));
    let quitResolve!: (q: QuitReport) => void;
    let quitReject!: (e: Error) => void;
    this.quit = new Promise((res, rej) => ((quitResolve = res), (quitReject = rej)));
    let readyResolve!: () => void;
    let readyReject!: (e: Error) => void;
    this.ready = new Promise((res, rej) => ((readyResolve = res), (readyReject = rej)));
    this.exited = new Promise((r) =>
      this.child.once('exit', (code, signal) => {
        // An app that dies without quitting fails the waiting test at once, with its output.
        const e = new Error(`the app ended without a clean quit (code ${code}, signal ${signal})${this.crash ? `: ${this.crash}` : ''}\n${this.output.join('')}`);
        quitReject(e);
        readyReject(e);
        r({ code, signal });
      }),
    );
    // Not every test awaits both; an unawaited rejection must not count as an error.
    this.quit.catch(() => undefined);
    this.ready.catch(() => undefined);
    this.child.on('message', (m: { id?: number; ok?: boolean; value?: unknown; error?: string; type?: string } & QuitReport) => {
      if (m.type === 'ready') readyResolve();
      else if (m.type === 'quit') quitResolve(m);
      else if (m.type === 'crash') this.crash = (m as unknown as { error: string }).error;
      else if (m.id !== undefined) {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        if (m.ok) p?.resolve(m.value);
        else p?.reject(new Error(m.error));
      }
    });
  }

  send<T = unknown>(msg: Record<string, unknown>): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ ...msg, id });
    });
  }
  state() {
    return this.send<AppState>({ cmd: 'state' });
  }
  bridge<T = unknown>(p: string, ...args: unknown[]) {
    const at = p.indexOf('.');
    return this.send<T>({ cmd: 'bridge', path: [p.slice(0, at), p.slice(at + 1)], args });
  }
  async until<T>(what: string, fn: () => Promise<T | undefined | null | false>, ms = 15_000): Promise<T> {
    const end = Date.now() + ms;
    for (;;) {
      if (this.crash) throw new Error(`the built app crashed: ${this.crash}`);
      const v = await fn();
      if (v) return v;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${this.output.join('')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  kill() {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

interface AppState {
  readyThrows: string[];
  privileged: Array<{ scheme: string; privileges: Record<string, boolean> }>;
  handlers: string[];
  windows: Array<{ options: { webPreferences: Record<string, unknown>; show?: boolean }; url: string; shown: boolean; destroyed: boolean }>;
  visibleWindow: { url: string; shown: boolean } | null;
  pages: Array<{ url: string; status: number; csp: string | null; body: string; assets: Array<{ path: string; status: number; contentType: string }>; reload?: string; failed?: string }>;
  dialogs: Array<{ kind: string; type?: string; title?: string; message?: string; detail?: string; buttons: string[] }>;
  notifications: Array<{ title: string; body: string }>;
  notificationActions: string[][];
  appUserModelId: string | null;
  menus: unknown[];
  quitLog: string[];
  exposed: { key: string; keys: string[]; ops: string[] } | null;
  bridgeEvents: Array<{ name: string; payload: Record<string, unknown> }>;
  paths: Record<string, string>;
  sessionHandlers: string[];
  utilityProcesses: Array<{ modulePath: string; args: string[]; pid: number; exit?: { code: number | null; signal: string | null } }>;
  mainLoaded: string[];
}

type R<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

for (const layout of ['dev', 'packaged'] as const) {
  describe(`S4 built app, ${layout} layout: out/main/index.js under a faithful fake electron`, () => {
    let a: BuiltApp;
    let dataDir = '';

    beforeAll(async () => {
      dataDir = path.join(mkTemp('guestlist-data-'), 'data');
      // A free port, so parallel runs never meet on the default 4410.
      fs.mkdirSync(dataDir);
      fs.writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ port: await findFreePort('127.0.0.1', 20000 + Math.floor(Math.random() * 20000)) }));
      a = new BuiltApp(layout, dataDir);
      await a.ready;
      await a.until('the window to show', async () => (await a.state()).visibleWindow?.shown);
    }, 60_000);

    afterAll(() => a?.kill());

    it('starts: data folder, no ready-only API used before ready, hardened window with an absolute preload, shown', async () => {
      const s = await a.state();
      expect(s.readyThrows).toEqual([]);
      // Windows notifications need the AppUserModelID, and it must be the installer's appId.
      expect(s.appUserModelId).toBe(/^appId: (.+)$/m.exec(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8'))?.[1]);
      expect(s.paths.userData).toBe(dataDir);
      expect(fs.existsSync(path.join(dataDir, 'guestlist.db'))).toBe(true);
      expect(s.privileged.map((p) => p.scheme)).toEqual(['app']);
      expect(s.windows).toHaveLength(1);
      const prefs = s.windows[0]!.options.webPreferences;
      expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
      expect(String(prefs.preload)).toBe(path.join(layouts[layout].appPath, 'out/preload/index.js'));
      expect(s.visibleWindow).toEqual({ url: 'app://guestlist/index.html', shown: true });
    });

    it("the renderer comes through main's app:// handler, with its CSP, and every asset it names", async () => {
      const page = (await a.state()).pages.find((p) => p.url === 'app://guestlist/index.html')!;
      expect(page.status).toBe(200);
      expect(page.csp).toMatch(/script-src 'self'(;|$)/);
      expect(page.body).toContain('<div id="root">');
      // The built page keeps its meta CSP (only the dev server drops it: devCsp.test.ts).
      expect(page.body).toMatch(/http-equiv="Content-Security-Policy"/);
      expect(page.assets.length).toBeGreaterThanOrEqual(2);
      for (const asset of page.assets) expect(asset, asset.path).toMatchObject({ status: 200 });
      expect(page.assets.some((x) => /javascript/.test(x.contentType))).toBe(true);
      const escape = await a.send<{ status: number }>({ cmd: 'fetch', url: 'app://guestlist/..%2f..%2fpackage.json' });
      expect(escape.status).toBe(404);
    });

    it('the built preload runs under the sandbox rules and exposes one method per operation', async () => {
      const s = await a.state();
      expect(s.exposed?.key).toBe('guestlist');
      expect(s.exposed?.ops.sort()).toEqual([...OPERATION_NAMES].sort());
      expect(s.exposed?.keys.sort()).toEqual(['app', 'clipboard', 'files', 'listener', 'mail', 'onEvent', 'ops']);
      expect(s.exposed?.keys).not.toContain('invoke');
      // The operation names come from a zod-free module: the preload bundles no zod.
      const preload = fs.readFileSync(path.join(layouts[layout].appPath, 'out/preload/index.js'), 'utf8');
      expect(preload).not.toMatch(/ZodError|\$ZodType|zod/i);
      expect(preload.length).toBeLessThan(20_000);
    });

    it('IPC: one handler per operation and per bridge channel', async () => {
      const { handlers } = await a.state();
      expect(handlers.filter((c) => c.startsWith('op:')).sort()).toEqual(OPERATION_NAMES.map((n) => `op:${n}`).sort());
      for (const c of ['app:getSettings', 'app:setSettings', 'listener:status', 'listener:useNextFreePort', 'clipboard:writeText', 'mail:compose', 'files:save']) expect(handlers).toContain(c);
    });

    it("L3: the listener is up; a guest's knock reaches the bridge and a notification", async () => {
      const status = await a.bridge<{ state: string; url: string }>('listener.status');
      expect(status.state).toBe('running');
      expect((await fetch(`${status.url}/healthz`)).status).toBe(200);

      await a.send({ cmd: 'subscribe', name: 'participant.changed' });
      const media = await a.bridge<R<{ id: number }>>('ops.media.create', { kind: 'room', title: 'Town hall', guestAccess: true, requireAdmission: true });
      if (!media.ok) throw new Error(JSON.stringify(media));
      const link = await a.bridge<R<{ url: string; token: string }>>('ops.links.create', { mediaId: media.value.id, name: 'Everyone' });
      if (!link.ok) throw new Error(JSON.stringify(link));
      const guest = new Client(status.url);
      const res = await guest.submit(`/g/${link.value.token}`, { name: 'Ada Guest', email: 'ada@example.org' });
      expect(res.status).toBe(303);
      const ev = await a.until('the knock event', async () => (await a.state()).bridgeEvents.find((e) => e.payload.change === 'waiting'));
      expect(ev.payload).toMatchObject({ mediaId: media.value.id, change: 'waiting' });
      const note = await a.until('the knock notification', async () => (await a.state()).notifications[0]);
      expect(note.body).toContain('Town hall');

      // Clicking the notification opens that room in the console.
      await a.send({ cmd: 'subscribe', name: 'app.openMedia' });
      await a.send({ cmd: 'clickNotification', index: 0 });
      const open = await a.until('the room opened', async () => (await a.state()).bridgeEvents.find((e) => e.name === 'app.openMedia'));
      expect(open.payload).toEqual({ mediaId: media.value.id });
    });

    it('bad input gets a coded error; a foreign or missing sender frame is refused', async () => {
      const bad = await a.bridge<R<unknown>>('ops.links.create', { mediaId: 1, name: '   ' });
      expect(bad).toMatchObject({ ok: false, error: { code: 'LINK_NAME_INVALID' } });
      expect(await a.bridge('app.setSettings', { port: 70000 })).toMatchObject({ ok: false, error: { code: 'SETTING_INVALID' } });
      await expect(a.send({ cmd: 'invoke', channel: 'op:media.list', args: [{}], frameUrl: 'https://evil.example/' })).rejects.toThrow(/untrusted sender/);
      await expect(a.send({ cmd: 'invoke', channel: 'op:media.list', args: [{}], frameUrl: null })).rejects.toThrow(/untrusted sender/);
    });

    it('S4: a payload structured clone refuses (a function) is rejected in the renderer; main never sees it and keeps answering', async () => {
      const before = await a.bridge<R<unknown[]>>('ops.media.list', {});
      await expect(a.send({ cmd: 'bridge', path: ['ops', 'media.create'], args: [{ kind: 'room', title: 'Never made' }], uncloneable: true })).rejects.toThrow(/could not be cloned/);
      await expect(a.send({ cmd: 'bridge', path: ['app', 'setSettings'], args: [{ language: 'fr' }], uncloneable: true })).rejects.toThrow(/could not be cloned/);
      const after = await a.bridge<R<unknown[]>>('ops.media.list', {});
      expect(after).toEqual(before);
      expect(await a.bridge<{ language: string }>('app.getSettings')).toMatchObject({ language: 'en' });
    });

    it('Settings → Language reaches the native menu and the knock notifications', async () => {
      const before = (await a.state()).menus.length;
      expect(await a.bridge('app.setSettings', { language: 'fr' })).toMatchObject({ ok: true });
      const s = await a.state();
      expect(s.menus.length).toBe(before + 1);
      const labels = (s.menus.at(-1) as { template: Array<{ label?: string }> }).template.map((m) => m.label).filter(Boolean);
      expect(labels).toEqual(expect.arrayContaining(['Fichier', 'Édition', 'Affichage', 'Fenêtre', 'Aide']));
      const status = await a.bridge<{ url: string }>('listener.status');
      const media = await a.bridge<R<{ id: number }>>('ops.media.create', { kind: 'room', title: 'Conseil', guestAccess: true, requireAdmission: true });
      if (!media.ok) throw new Error(JSON.stringify(media));
      const link = await a.bridge<R<{ token: string }>>('ops.links.create', { mediaId: media.value.id, name: 'Tous' });
      if (!link.ok) throw new Error(JSON.stringify(link));
      await new Client(status.url).submit(`/g/${link.value.token}`, { name: 'Zoé', email: 'zoe@example.org' });
      const note = await a.until('the French notification', async () => (await a.state()).notifications.find((n) => n.body.includes('Conseil')));
      expect(note).toEqual({ title: 'Un invité attend', body: '\u2068Zoé\u2069 attend dans la salle d’attente de « \u2068Conseil\u2069 ».' });
    });

    it('issue 11: a one-guest knock notification offers Admit and Deny (macOS shows them); each decides from the notification', async () => {
      expect(await a.bridge('app.setSettings', { language: 'en' })).toMatchObject({ ok: true });
      const status = await a.bridge<{ url: string }>('listener.status');
      const media = await a.bridge<R<{ id: number }>>('ops.media.create', { kind: 'room', title: 'Buttons', guestAccess: true, requireAdmission: true });
      if (!media.ok) throw new Error(JSON.stringify(media));
      const link = await a.bridge<R<{ token: string }>>('ops.links.create', { mediaId: media.value.id, name: 'Everyone' });
      if (!link.ok) throw new Error(JSON.stringify(link));
      const decide = async (name: string, action: number) => {
        expect((await new Client(status.url).submit(`/g/${link.value.token}`, { name, email: `${name.toLowerCase()}@example.org` })).status).toBe(303);
        const index = await a.until(`${name}'s notification`, async () => {
          const i = (await a.state()).notifications.findIndex((n) => n.body.startsWith(`\u2068${name}\u2069 is waiting`));
          return i >= 0 ? i + 1 : undefined;
        });
        expect((await a.state()).notificationActions[index - 1]).toEqual(['Admit', 'Deny']);
        const waiting = await a.bridge<R<Array<{ id: number; name: string; state: string }>>>('ops.participants.list', { mediaId: media.value.id });
        const guest = waiting.ok ? waiting.value.find((x) => x.name === name) : undefined;
        expect(guest?.state).toBe('waiting');
        await a.send({ cmd: 'notificationAction', index: index - 1, action });
        return a.until(`${name} decided`, async () => {
          const got = await a.bridge<R<Array<{ state: string }>>>('ops.participants.get', { mediaId: media.value.id, participantIds: [guest!.id] });
          const state = got.ok ? got.value[0]?.state : undefined;
          return state && state !== 'waiting' ? state : undefined;
        });
      };
      expect(await decide('Lin', 0)).toBe('admitted');
      expect(await decide('Mo', 1)).toBe('denied');
    });

    it('issue 11: the data and the listener live in the host (out/main/host.js, a utilityProcess); main loads no SQLite and no Fastify', async () => {
      const s = await a.state();
      expect(s.utilityProcesses).toHaveLength(1);
      expect(s.utilityProcesses[0]!.modulePath).toBe(path.join(path.dirname(layouts[layout].main), 'host.js'));
      expect(s.utilityProcesses[0]!.args.slice(0, 2)).toEqual(['--data', dataDir]);
      expect(s.mainLoaded).toEqual([]);
      // The listener's port is held by the host, not by main.
      expect(s.readyThrows).toEqual([]);
    });

    it('issue 11: killing the host while the app runs brings it back: the status bar hears it, the listener is up again, the data is unchanged', async () => {
      await a.send({ cmd: 'subscribe', name: 'host.status' });
      await a.send({ cmd: 'subscribe', name: 'participant.changed' });
      const room = await a.bridge<R<{ id: number }>>('ops.media.create', { kind: 'room', title: 'Before the kill', guestAccess: true, requireAdmission: true });
      if (!room.ok) throw new Error(JSON.stringify(room));
      const made = await a.bridge<R<{ token: string }>>('ops.links.create', { mediaId: room.value.id, name: 'Everyone' });
      if (!made.ok) throw new Error(JSON.stringify(made));
      const { url: before } = await a.bridge<{ url: string }>('listener.status');
      expect((await new Client(before).submit(`/g/${made.value.token}`, { name: 'Ada', email: 'ada@example.org' })).status).toBe(303);
      const mediaBefore = await a.bridge<R<Array<{ id: number; title: string }>>>('ops.media.list', {});
      if (!mediaBefore.ok) throw new Error(JSON.stringify(mediaBefore));
      const townHall = { id: room.value.id };
      const peopleBefore = await a.bridge<R<unknown[]>>('ops.participants.list', { mediaId: townHall.id });
      expect(peopleBefore).toMatchObject({ ok: true });
      const first = (await a.state()).utilityProcesses[0]!;
      process.kill(first.pid, 'SIGKILL');
      const restarted = await a.until('a second host', async () => {
        const s = await a.state();
        return s.utilityProcesses.length === 2 && s.utilityProcesses[0]!.exit ? s : undefined;
      });
      expect(restarted.utilityProcesses[0]!.exit).toEqual({ code: null, signal: 'SIGKILL' });
      const status = await a.until('the listener up again', async () => {
        const st = await a.bridge<{ state: string; url: string }>('listener.status');
        return st.state === 'running' ? st : undefined;
      });
      expect((await fetch(`${status.url}/healthz`)).status).toBe(200);
      const seen = (await a.state()).bridgeEvents.filter((e) => e.name === 'host.status').map((e) => e.payload.state);
      expect(seen).toEqual(expect.arrayContaining(['restarting', 'running']));
      expect(await a.bridge('ops.media.list', {})).toEqual(mediaBefore);
      expect(await a.bridge('ops.participants.list', { mediaId: townHall.id })).toEqual(peopleBefore);
      // And the new host serves guests: a knock on the room still reaches the bridge.
      const link = await a.bridge<R<Array<{ token: string }>>>('ops.links.list', { mediaId: townHall.id });
      if (!link.ok) throw new Error(JSON.stringify(link));
      const knocks = (await a.state()).bridgeEvents.filter((e) => e.payload.change === 'waiting').length;
      expect((await new Client(status.url).submit(`/g/${link.value[0]!.token}`, { name: 'Grace', email: 'grace@example.org' })).status).toBe(303);
      await a.until('the knock after the restart', async () => (await a.state()).bridgeEvents.filter((e) => e.payload.change === 'waiting').length > knocks);
    });

    it('quits in order: listener closed, then the database closed (WAL checkpointed), then the app; nothing left running', async () => {
      const { url } = await a.bridge<{ url: string }>('listener.status');
      await a.send({ cmd: 'quit' });
      const q = await a.quit;
      const log = q.quitLog;
      expect(log[0]).toBe('app.quit');
      const listenerClosed = log.indexOf('listener closed');
      const dbClosed = log.indexOf('database closed');
      expect(listenerClosed).toBeGreaterThan(0);
      expect(dbClosed).toBeGreaterThan(listenerClosed);
      expect(log.at(-1)).toBe('quit');
      expect(q.code).toBe(0);
      // Nothing left running: once the test's IPC pipe is closed, the process ends by itself
      // (a listener, interval or open handle left behind would keep it alive until the kill below).
      const killer = setTimeout(() => a.kill(), 10_000);
      const exit = await a.exited;
      clearTimeout(killer);
      expect(exit, `still running after quit: ${q.resources.join(', ')}`).toEqual({ code: 0, signal: null });
      // The host closed the database and left by itself (exit 0), before main quit.
      const hosts = q.utilityProcesses;
      expect(hosts.at(-1)!.exit).toEqual({ code: 0, signal: null });
      await expect(fetch(url)).rejects.toThrow();
      expect(fs.existsSync(path.join(dataDir, 'guestlist.db-wal')) ? fs.statSync(path.join(dataDir, 'guestlist.db-wal')).size : 0).toBe(0);
      // Named in the run's output, so CI logs show which layouts were proven.
      console.log(`[built app] ${layout} layout: started, renderer via app://, preload sandboxed, knock reached the bridge, bad input refused, quit in order`);
    });
  });
}

/** A data folder with a free port in its settings, so parallel runs never meet on the default 4410. */
async function freshDataDir(): Promise<string> {
  const dir = path.join(mkTemp('guestlist-data-'), 'data');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ port: await findFreePort('127.0.0.1', 20000 + Math.floor(Math.random() * 20000)) }));
  return dir;
}

async function expectCleanQuit(a: BuiltApp, dataDir: string): Promise<void> {
  const q = await a.quit;
  expect(q.quitLog.indexOf('listener closed')).toBeGreaterThanOrEqual(0);
  expect(q.quitLog.indexOf('database closed')).toBeGreaterThan(q.quitLog.indexOf('listener closed'));
  expect(q.quitLog.at(-1)).toBe('quit');
  const killer = setTimeout(() => a.kill(), 10_000);
  const exit = await a.exited;
  clearTimeout(killer);
  expect(exit).toEqual({ code: 0, signal: null });
  expect(fs.existsSync(path.join(dataDir, 'guestlist.db-wal')) ? fs.statSync(path.join(dataDir, 'guestlist.db-wal')).size : 0).toBe(0);
}

describe("O2 built app lifecycle: failures get the app's own dialog, signals quit cleanly", () => {
  const started: BuiltApp[] = [];
  afterAll(() => {
    for (const a of started) a.kill();
  });
  const launch = (dataDir: string, env: Record<string, string> = {}) => {
    const a = new BuiltApp('dev', dataDir, env);
    started.push(a);
    return a;
  };

  it("a data folder that cannot be created: no crash at bundle load, the app's own dialog, then a clean exit", async () => {
    const blocker = path.join(mkTemp('guestlist-blocked-'), 'a-file');
    fs.writeFileSync(blocker, 'not a folder');
    const a = launch(path.join(blocker, 'data'));
    await a.ready;
    const q = await a.quit;
    expect(a.crash).toBeNull();
    expect(q.dialogs).toEqual([expect.objectContaining({ type: 'error', message: 'Guestlist cannot create or write to its data folder.', buttons: ['Quit'] })]);
    expect(q.dialogs[0]!.detail).toContain(path.join(blocker, 'data'));
    expect(q.dialogs[0]!.detail).toMatch(/--data FOLDER|GUESTLIST_DATA_DIR/);
    expect(q.code).toBe(0);
    const { code, signal } = await a.exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(a.output.join('')).toMatch(/could not create the data folder/);
  });

  it("O2: a damaged data file: the host reports it, main shows the app's own dialog; Try Again starts a new host; Quit exits cleanly, the file untouched", async () => {
    const dataDir = await freshDataDir();
    const file = path.join(dataDir, 'guestlist.db');
    fs.writeFileSync(file, 'not a database '.repeat(500));
    const before = fs.readFileSync(file);
    // Try Again (1), then Quit (0).
    const a = launch(dataDir, { SMOKE_DIALOG_RESPONSES: '[1, 0]' });
    await a.ready;
    const q = await a.quit;
    expect(a.crash).toBeNull();
    expect(q.dialogs).toHaveLength(2);
    for (const d of q.dialogs) {
      expect(d).toMatchObject({ type: 'error', message: 'The data file is not a Guestlist database, or it is damaged.', buttons: ['Quit', 'Try Again', 'Show the Folder'] });
      expect(d.detail).toContain(dataDir);
    }
    // One host per try, each gone; the file was never changed.
    expect(q.utilityProcesses).toHaveLength(2);
    expect(q.utilityProcesses.every((p) => p.exit)).toBe(true);
    const { code, signal } = await a.exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(fs.readFileSync(file)).toEqual(before);
  });

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    it(`${signal} quits through before-quit: listener drained, database closed, WAL checkpointed`, async () => {
      const dataDir = await freshDataDir();
      const a = launch(dataDir);
      await a.ready;
      await a.until('the window to show', async () => (await a.state()).visibleWindow?.shown);
      a.child.kill(signal);
      await expectCleanQuit(a, dataDir);
      console.log(`[built app] ${signal}: quit cleanly`);
    });
  }

  it('a renderer crash reloads the window once; a second crash offers Restart, which relaunches', async () => {
    const dataDir = await freshDataDir();
    const a = launch(dataDir);
    await a.ready;
    await a.until('the window to show', async () => (await a.state()).visibleWindow?.shown);
    await a.send({ cmd: 'crash', reason: 'crashed' });
    await a.until('the reload', async () => (await a.state()).pages.some((p) => p.reload === 'app://guestlist/index.html'));
    expect((await a.state()).dialogs.filter((d) => d.buttons.includes('Restart'))).toEqual([]);
    await a.send({ cmd: 'dialogResponses', responses: [0] });
    await a.send({ cmd: 'crash', reason: 'oom' });
    const q = await a.quit;
    expect(q.quitLog).toContain('relaunch');
    await expectCleanQuit(a, dataDir);
  });

  it('a page that fails to load is reloaded once, then the app shows its own dialog (Restart or Quit) and a window', async () => {
    const dataDir = await freshDataDir();
    const a = launch(dataDir, { SMOKE_FAIL_LOADS: '2' });
    await a.ready;
    const d = await a.until('the restart dialog', async () => (await a.state()).dialogs.find((x) => x.buttons.includes('Restart')));
    expect(d).toMatchObject({ message: 'Guestlist could not show its window.', buttons: ['Restart', 'Quit'] });
    const s = await a.state();
    expect(s.pages.filter((p) => p.failed)).toHaveLength(2);
    expect(s.windows[0]!.shown).toBe(true);
    // cancelId: Quit, without relaunch.
    const q = await a.quit;
    expect(q.quitLog).not.toContain('relaunch');
    await expectCleanQuit(a, dataDir);
  });
});
