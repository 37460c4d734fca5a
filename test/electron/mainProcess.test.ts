// The Electron glue (main.ts, security.ts, ipc.ts) run under Node with only
// the `electron` module mocked (the binary can't be downloaded here). It
// checks the wiring a unit test of the pure modules can't: startup order,
// every operation registered, sender checks, hardening hooks, CSP on app://,
// the listener started with saved settings, and a graceful quit.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

type Handler = (...args: unknown[]) => unknown;

const h = vi.hoisted(() => {
  class Emitter {
    listeners = new Map<string, Array<(...a: unknown[]) => unknown>>();
    on(ev: string, fn: (...a: unknown[]) => unknown) {
      this.listeners.set(ev, [...(this.listeners.get(ev) ?? []), fn]);
      return this;
    }
    once(ev: string, fn: (...a: unknown[]) => unknown) {
      return this.on(ev, fn);
    }
    emit(ev: string, ...a: unknown[]) {
      for (const fn of this.listeners.get(ev) ?? []) fn(...a);
    }
  }
  const state = {
    dataDir: '',
    resourcesDir: '',
    ready: null as null | ((v?: unknown) => void),
    handlers: new Map<string, (...a: unknown[]) => unknown>(),
    protocolHandler: null as null | ((req: Request) => Promise<Response>),
    privileged: [] as unknown[],
    windows: [] as Array<{ options: Record<string, unknown>; url: string; sent: unknown[][] }>,
    permissionRequest: null as null | ((...a: unknown[]) => unknown),
    permissionCheck: null as null | ((...a: unknown[]) => unknown),
    headersReceived: null as null | ((...a: unknown[]) => unknown),
    devicePermission: null as null | ((...a: unknown[]) => unknown),
    sessionEvents: new Map<string, (...a: unknown[]) => unknown>(),
    openedExternal: [] as string[],
    clipboard: '',
    quitCalls: 0,
    dialogs: [] as unknown[],
    root: '',
    hostPids: [] as number[],
  };
  const app = Object.assign(new Emitter(), {
    isPackaged: true,
    setName: () => undefined,
    getName: () => 'Guestlist',
    getVersion: () => '0.1.0',
    setPath: (name: string, p: string) => {
      if (name === 'userData') state.dataDir = p;
    },
    getPath: (name: string) => (name === 'userData' ? state.dataDir : os.tmpdir()),
    getAppPath: () => state.resourcesDir,
    requestSingleInstanceLock: () => true,
    whenReady: () => new Promise((r) => (state.ready = r)),
    quit: () => {
      state.quitCalls++;
      const e = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
      app.emit('before-quit', e);
    },
    exit: () => undefined,
  });
  return { Emitter, state, app };
});

vi.mock('electron', async () => {
  const { fork } = await import('node:child_process');
  const path = await import('node:path');
  const { Emitter, state, app } = h;
  class WebContents extends Emitter {
    sent: unknown[][] = [];
    send(...a: unknown[]) {
      this.sent.push(a);
    }
    isDestroyed() {
      return false;
    }
    getURL() {
      return 'app://guestlist/index.html';
    }
    setWindowOpenHandler() {}
  }
  class BrowserWindow extends Emitter {
    static all: BrowserWindow[] = [];
    static getAllWindows() {
      return BrowserWindow.all;
    }
    static fromWebContents() {
      return null;
    }
    webContents = new WebContents();
    record: { options: Record<string, unknown>; url: string; sent: unknown[][] };
    constructor(options: Record<string, unknown>) {
      super();
      this.record = { options, url: '', sent: this.webContents.sent };
      state.windows.push(this.record);
      BrowserWindow.all.push(this);
    }
    loadURL(url: string) {
      this.record.url = url;
      return Promise.resolve();
    }
    isDestroyed() {
      return false;
    }
    maximize() {}
    show() {}
    focus() {}
    isMinimized() {
      return false;
    }
    getNormalBounds() {
      return { x: 0, y: 0, width: 1200, height: 800 };
    }
    isMaximized() {
      return false;
    }
  }
  const session = {
    defaultSession: {
      setPermissionRequestHandler: (fn: Handler) => (state.permissionRequest = fn),
      setPermissionCheckHandler: (fn: Handler) => (state.permissionCheck = fn),
      setDevicePermissionHandler: (fn: Handler) => (state.devicePermission = fn),
      on: (ev: string, fn: Handler) => void state.sessionEvents.set(ev, fn),
      webRequest: { onHeadersReceived: (fn: Handler) => (state.headersReceived = fn) },
    },
  };
  const api = {
    app,
    BrowserWindow,
    session,
    protocol: {
      registerSchemesAsPrivileged: (s: unknown[]) => state.privileged.push(...s),
      handle: (_scheme: string, fn: (req: Request) => Promise<Response>) => (state.protocolHandler = fn),
    },
    ipcMain: {
      handle: (channel: string, fn: Handler) => {
        if (state.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
        state.handlers.set(channel, fn);
      },
      removeHandler: (channel: string) => state.handlers.delete(channel),
      on: () => undefined,
    },
    shell: { openExternal: async (u: string) => void state.openedExternal.push(u), openPath: async () => '' },
    clipboard: { writeText: (t: string) => void (state.clipboard = t), readText: () => state.clipboard },
    dialog: {
      showMessageBox: async (...a: unknown[]) => {
        state.dialogs.push(a);
        return { response: 0 };
      },
      showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
      showSaveDialog: async () => ({ canceled: true }),
    },
    Menu: { buildFromTemplate: (t: unknown) => ({ t }), setApplicationMenu: () => undefined },
    Notification: class {
      static isSupported() {
        return false;
      }
    },
    // The host process: main forks out/main/host.js; from source it is entry.ts under tsx, over Node's IPC with
    // structured clone, shaped like Electron's UtilityProcess (postMessage, 'message' with the data, 'exit').
    utilityProcess: {
      fork: (modulePath: string, args: string[]) => {
        const entry = modulePath.endsWith('host.js') ? path.join(state.root, 'src-main/host/entry.ts') : modulePath;
        const child = fork(entry, args, { execArgv: ['--import', 'tsx'], serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
        state.hostPids.push(child.pid!);
        child.on('error', () => undefined);
        return Object.assign(child, { postMessage: (m: unknown) => child.connected && child.send(m as never) });
      },
    },
  };
  return { ...api, default: api };
});

// electron-store imports electron itself (outside vitest's reach); conf is the same store without Electron.
vi.mock('electron-store', async () => {
  const { default: Conf } = await import('conf');
  return {
    default: class extends Conf<Record<string, unknown>> {
      constructor(o: Record<string, unknown>) {
        super({ ...o, configName: o.name as string, projectName: 'guestlist', cwd: h.state.dataDir } as never);
      }
    },
  };
});

const { state, app } = h;
const root = path.resolve(__dirname, '../..');
const trusted = { senderFrame: { url: 'app://guestlist/index.html' }, sender: {} };
const invoke = (channel: string, ...args: unknown[]) => {
  const fn = state.handlers.get(channel);
  if (!fn) throw new Error(`no handler for ${channel}`);
  return fn(trusted, ...args) as Promise<unknown>;
};
let port = 0;

beforeAll(async () => {
  state.root = root;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'guestlist-main-'));
  // Packaged layout: resources/native/better_sqlite3.node (here the Node build stands in).
  state.resourcesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'guestlist-res-'));
  fs.mkdirSync(path.join(state.resourcesDir, 'native'));
  fs.copyFileSync(path.join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'), path.join(state.resourcesDir, 'native/better_sqlite3.node'));
  (process as unknown as { resourcesPath: string }).resourcesPath = state.resourcesDir;
  const { findFreePort } = await import('../../src-main/listener');
  port = await findFreePort('127.0.0.1', 20000 + Math.floor(Math.random() * 20000));
  fs.writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ port, notifyOnKnock: false }));
  process.env.GUESTLIST_DATA_DIR = dataDir;
  await import('../../src-main/electron/main');
  state.ready?.();
  await vi.waitFor(() => expect(state.windows.length).toBe(1), { timeout: 20_000 });
}, 60_000);

afterAll(() => {
  delete process.env.GUESTLIST_DATA_DIR;
});

describe('main process wiring (electron mocked)', () => {
  it('O2: userData follows GUESTLIST_DATA_DIR and the database is created there', () => {
    expect(state.dataDir).toBe(process.env.GUESTLIST_DATA_DIR);
    expect(fs.existsSync(path.join(state.dataDir, 'guestlist.db'))).toBe(true);
  });

  it('S4: the window is hardened and loads app://, with a bundled preload', () => {
    const w = state.windows[0]!;
    expect(w.url).toBe('app://guestlist/index.html');
    const prefs = w.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(String(prefs.preload)).toMatch(/preload[\\/]index\.js$/);
    expect(state.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  });

  it('IPC: every operation has its own channel, and no other op channel exists', async () => {
    const { OPERATION_NAMES } = await import('../../src-main/api/schemas');
    const ops = [...state.handlers.keys()].filter((c) => c.startsWith('op:'));
    expect(ops.sort()).toEqual(OPERATION_NAMES.map((n) => `op:${n}`).sort());
    for (const c of ['app:getSettings', 'app:setSettings', 'listener:status', 'listener:useNextFreePort', 'clipboard:writeText', 'mail:compose', 'files:save']) expect(state.handlers.has(c)).toBe(true);
  });

  it('IPC: an operation returns a Result, bad input is a coded error, and events reach the window', async () => {
    const created = (await invoke('op:media.create', { kind: 'room', title: 'Board meeting' })) as { ok: boolean; value: { id: number } };
    expect(created.ok).toBe(true);
    const bad = (await invoke('op:links.create', { mediaId: created.value.id, name: '   ' })) as { ok: boolean; error: { code: string } };
    expect(bad).toMatchObject({ ok: false, error: { code: 'LINK_NAME_INVALID' } });
    expect(state.windows[0]!.sent.some((m) => m[0] === 'event' && m[1] === 'media.changed')).toBe(true);
  });

  it('IPC: a call from a frame that is not our renderer is refused', async () => {
    const fn = state.handlers.get('op:media.list')!;
    await expect(Promise.resolve().then(() => fn({ senderFrame: { url: 'https://evil.example/' }, sender: {} }, {}))).rejects.toThrow(/untrusted sender/);
    await expect(Promise.resolve().then(() => fn({ senderFrame: null, sender: {} }, {}))).rejects.toThrow(/untrusted sender/);
  });

  it('L3: the listener started on the saved port and serves guests', async () => {
    const status = (await invoke('listener:status')) as { state: string; port: number; url: string };
    expect(status).toMatchObject({ state: 'running', port });
    const res = await fetch(`${status.url}/g/not-a-real-token`);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  it('L1: changing the port restarts the listener and pushes listener.status; bad values are refused', async () => {
    const { findFreePort } = await import('../../src-main/listener');
    const next = await findFreePort('127.0.0.1', port + 1);
    const r = (await invoke('app:setSettings', { port: next })) as { ok: boolean; value: { port: number } };
    expect(r).toMatchObject({ ok: true, value: { port: next } });
    const s = (await invoke('listener:status')) as { state: string; port: number };
    expect(s).toMatchObject({ state: 'running', port: next });
    expect(state.windows[0]!.sent.some((m) => m[0] === 'event' && m[1] === 'listener.status' && (m[2] as { port: number }).port === next)).toBe(true);
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
    expect(await invoke('app:setSettings', { port: 70000 })).toMatchObject({ ok: false, error: { code: 'SETTING_INVALID' } });
    expect(await invoke('app:setSettings', { host: 'evil.example' })).toMatchObject({ ok: false, error: { code: 'SETTING_INVALID' } });
    port = next;
  });

  it('G6 and mail: clipboard and mailto are done in main, validated', async () => {
    expect(await invoke('clipboard:writeText', 'http://127.0.0.1/g/abc')).toEqual({ ok: true, value: null });
    expect(state.clipboard).toBe('http://127.0.0.1/g/abc');
    expect(await invoke('clipboard:writeText', 42)).toMatchObject({ ok: false });
    expect(await invoke('mail:compose', { to: 'sam@example.org', subject: 'Invite', body: 'Join: http://x/i/t' })).toEqual({ ok: true, value: null });
    expect(state.openedExternal.at(-1)).toMatch(/^mailto:sam@example\.org\?subject=Invite&body=/);
    expect(await invoke('mail:compose', { to: 'javascript:alert(1)', subject: '', body: '' })).toMatchObject({ ok: false, error: { code: 'EMAIL_INVALID' } });
    expect(await invoke('files:save', { defaultName: 'x.csv', content: 'a', encoding: 'utf8' })).toEqual({ ok: true, value: null });
  });

  it('S4: app:// refuses anything outside the built renderer', async () => {
    // (Under vitest, main's __dirname is the source folder, so only refusals are checked here;
    // file resolution is unit-tested in pureHelpers.test.ts.)
    for (const u of ['app://guestlist/../../package.json', 'app://guestlist/%2e%2e/%2e%2e/package.json', 'app://evil/index.html']) {
      const res = await state.protocolHandler!(new Request(u));
      expect(res.status).toBe(404);
    }
  });

  it('S4: every webContents is hardened (navigation, window.open, webview), permissions denied', () => {
    let openHandler: ((d: { url: string }) => { action: string }) | null = null;
    const contents = new h.Emitter() as InstanceType<typeof h.Emitter> & { setWindowOpenHandler: (f: typeof openHandler) => void; getURL: () => string };
    contents.setWindowOpenHandler = (f) => (openHandler = f);
    contents.getURL = () => 'app://guestlist/index.html';
    app.emit('web-contents-created', {}, contents);
    const prevented = (ev: string, ...args: unknown[]) => {
      let p = false;
      contents.emit(ev, { preventDefault: () => (p = true), isMainFrame: false }, ...args);
      return p;
    };
    expect(prevented('will-navigate', 'https://evil.example/')).toBe(true);
    expect(prevented('will-navigate', 'app://guestlist/index.html')).toBe(true);
    expect(prevented('will-redirect', 'https://evil.example/')).toBe(true);
    expect(prevented('will-attach-webview', {}, {})).toBe(true);
    // A sub-frame may not navigate; the main frame's navigation is judged by will-navigate.
    const frame = (isMainFrame: boolean) => {
      let p = false;
      contents.emit('will-frame-navigate', { preventDefault: () => (p = true), isMainFrame, url: 'https://evil.example/' });
      return p;
    };
    expect(frame(false)).toBe(true);
    expect(frame(true)).toBe(false);
    const before = state.openedExternal.length;
    expect(openHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(state.openedExternal.length).toBe(before);
    expect(openHandler!({ url: 'https://example.com/help' })).toEqual({ action: 'deny' });
    expect(state.openedExternal.at(-1)).toBe('https://example.com/help');

    let granted: boolean | null = null;
    state.permissionRequest!({ getURL: () => 'app://guestlist/index.html' }, 'media', (g: boolean) => (granted = g), { requestingUrl: 'app://guestlist/index.html' });
    expect(granted).toBe(false);
    expect(state.permissionCheck!(null, 'notifications', 'app://guestlist')).toBe(false);
    // USB, HID and serial devices: always refused.
    expect(state.devicePermission!({ deviceType: 'usb', origin: 'app://guestlist' })).toBe(false);
    // Downloads started by web content are cancelled.
    let cancelled = false;
    state.sessionEvents.get('will-download')!({ preventDefault: () => (cancelled = true) }, {}, {});
    expect(cancelled).toBe(true);
  });

  it('IPC: input the schema refuses is answered in main (zod at the boundary) and never relayed to the host', async () => {
    const { HostClient } = await import('../../src-main/host/client');
    const op = vi.spyOn(HostClient.prototype, 'op');
    try {
      expect(await invoke('op:media.create', { kind: 'room', title: '' })).toMatchObject({ ok: false, error: { code: 'MEDIA_TITLE_INVALID' } });
      expect(await invoke('op:media.get', { mediaId: 'one' })).toMatchObject({ ok: false, error: { code: 'MEDIA_NOT_FOUND' } });
      expect(op).not.toHaveBeenCalled();
      expect(await invoke('op:media.list', {})).toMatchObject({ ok: true });
      expect(op).toHaveBeenCalledTimes(1);
    } finally {
      op.mockRestore();
    }
  });

  it('main runs no SQL: the data lives in the host process, and main never opened a database', async () => {
    const { default: Database } = await import('better-sqlite3');
    const open = vi.spyOn(Database.prototype, 'prepare');
    const created = (await invoke('op:media.create', { kind: 'room', title: 'Town hall' })) as { ok: boolean; value: { id: number } };
    expect(created.ok).toBe(true);
    expect(await invoke('op:media.get', { mediaId: created.value.id })).toMatchObject({ ok: true, value: { title: 'Town hall' } });
    expect(open).not.toHaveBeenCalled();
    open.mockRestore();
    expect(state.hostPids.length).toBe(1);
    expect(state.hostPids[0]).not.toBe(process.pid);
  });

  it('quit stops the listener, then the host closes the database and exits, then the app quits (in that order)', async () => {
    const status = (await invoke('listener:status')) as { url: string };
    const steps: string[] = [];
    const { HostListener } = await import('../../src-main/host/hostListener');
    const { HostClient } = await import('../../src-main/host/client');
    const stop = HostListener.prototype.stop;
    const stopSpy = vi.spyOn(HostListener.prototype, 'stop').mockImplementation(async function (this: InstanceType<typeof HostListener>) {
      steps.push('listener stopping');
      const r = await stop.call(this);
      steps.push(`listener ${r.state}`);
      return r;
    });
    const shutdown = HostClient.prototype.shutdown;
    const shutdownSpy = vi.spyOn(HostClient.prototype, 'shutdown').mockImplementation(async function (this: InstanceType<typeof HostClient>, ms?: number) {
      steps.push('host closing the database');
      await shutdown.call(this, ms);
      steps.push(`host ${this.status().state}`);
    });
    const quit = app.quit;
    app.quit = () => {
      steps.push('app.quit');
      quit();
    };
    try {
      app.quit();
      await vi.waitFor(() => expect(state.quitCalls).toBe(2), { timeout: 10_000 });
    } finally {
      stopSpy.mockRestore();
      shutdownSpy.mockRestore();
      app.quit = quit;
    }
    // The first app.quit() is held (before-quit) until the listener is drained and the database closed.
    expect(steps).toEqual(['app.quit', 'listener stopping', 'listener stopped', 'host closing the database', 'host stopped', 'app.quit']);
    await expect(fetch(status.url)).rejects.toThrow();
    expect([...state.handlers.keys()].filter((c) => c.startsWith('op:'))).toEqual([]);
    // The host is gone, and it closed the database cleanly: no WAL left behind.
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    await vi.waitFor(() => expect(state.hostPids.filter(alive)).toEqual([]), { timeout: 5000 });
    expect(fs.existsSync(path.join(state.dataDir, 'guestlist.db-wal'))).toBe(false);
  });
});
