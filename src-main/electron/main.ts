// Process: main. The Electron entry point: single instance, open the core,
// start the guest listener, show the hardened window; on quit stop the
// listener, then close the database. The only folder that imports electron.
import fs from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { app, BrowserWindow, dialog, Menu, Notification, protocol, shell } from 'electron';
import { type Core, openCore } from '../core';
import { resolveDataDir } from '../core/paths';
import { createListener, findFreePort } from '../listener';
import { rendererCsp } from './csp';
import { broadcast, registerIpc } from './ipc';
import { dataFlag, describeStartupError } from './launch';
import { KnockNotifier } from './knockNotifier';
import { ListenerController } from './listenerController';
import { logger } from './log';
import { buildMenu } from './menu';
import { electronBindingPath } from './nativeBinding';
import { contentType, resolveRendererFile } from './rendererFiles';
import { devServerUrl, hardenApp, hardenSession } from './security';
import { SettingsStore } from './settingsStore';
import { APP_SCHEME, RENDERER_URL } from './trustedUrl';
import { windowOptions } from './windowOptions';
import { CHANNELS } from './channels';

const log = logger('main');

// The data folder (O2): --data, then GUESTLIST_DATA_DIR, then the platform
// folder. userData follows it, so settings, the Chromium profile and the
// single-instance lock all belong to one data folder.
app.setName('Guestlist');
let dataDir = resolveDataDir(dataFlag(process.argv), process.env);
fs.mkdirSync(dataDir, { recursive: true });
app.setPath('userData', dataDir);

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
hardenApp();

let mainWindow: BrowserWindow | null = null;
let core: Core | null = null;
let listener: ListenerController | null = null;
let settings: SettingsStore | null = null;
let unregisterIpc: (() => void) | null = null;
let stopNotifier: (() => void) | null = null;
let quitState: 'running' | 'stopping' | 'done' = 'running';

function focusMainWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

function bindingPath(): string {
  return electronBindingPath({ packaged: app.isPackaged, resourcesPath: process.resourcesPath, appPath: app.getAppPath(), electronVersion: process.versions.electron ?? '' });
}

/** Opens the core; on failure asks the user (quit / another folder / show the folder), never quits silently. */
async function openCoreInteractively(): Promise<Core | null> {
  const nativeBinding = bindingPath();
  for (;;) {
    try {
      if (!fs.existsSync(nativeBinding)) throw new Error(`Cannot find module ${nativeBinding}`);
      return openCore({ dataDir, nativeBinding });
    } catch (e) {
      log.error('could not open the core', e);
      const p = describeStartupError(e, dataDir, nativeBinding);
      const buttons = p.canPickFolder ? ['Quit', 'Open Another Data Folder…', 'Show the Folder'] : ['Quit'];
      const { response } = await dialog.showMessageBox({ type: 'error', title: p.title, message: p.message, detail: p.detail, buttons, defaultId: 0, cancelId: 0, noLink: true });
      if (buttons[response] === 'Show the Folder') {
        await shell.openPath(fs.existsSync(dataDir) ? dataDir : path.dirname(dataDir));
        continue;
      }
      if (buttons[response] === 'Open Another Data Folder…') {
        const picked = await dialog.showOpenDialog({ title: 'Choose a data folder', properties: ['openDirectory', 'createDirectory'] });
        if (!picked.canceled && picked.filePaths[0]) dataDir = picked.filePaths[0];
        continue;
      }
      return null;
    }
  }
}

function registerAppProtocol(): void {
  const rendererDir = path.join(__dirname, '../renderer');
  const csp = rendererCsp();
  protocol.handle(APP_SCHEME, async (request) => {
    let file = resolveRendererFile(rendererDir, request.url);
    if (!file) return new Response('Not found', { status: 404 });
    // Client-side routes (no file extension) get the app's page.
    if (!path.extname(file) && !fs.existsSync(file)) file = path.join(rendererDir, 'index.html');
    try {
      const body = await readFile(file);
      return new Response(body, {
        status: 200,
        headers: { 'Content-Type': contentType(file), 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}

function createMainWindow(store: SettingsStore): BrowserWindow {
  const { bounds, maximized } = store.bounds();
  const o = windowOptions(path.join(__dirname, '../preload/index.js'), bounds);
  const win = new BrowserWindow({
    ...o,
    // windowOptions() already sets these (its types demand these exact values
    // and a unit test checks them); restated so the call site reads, and
    // electronegativity checks, the same.
    webPreferences: {
      ...o.webPreferences,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  if (maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  win.on('close', () => {
    if (!win.isDestroyed()) store.saveBounds(win.getNormalBounds(), win.isMaximized());
  });
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  const dev = devServerUrl();
  void win.loadURL(dev ?? RENDERER_URL);
  return win;
}

/** Coalesced knock notifications (knockNotifier.ts): no SQL per knock, no settings file read. */
function notifyOnKnock(c: Core, store: SettingsStore): () => void {
  const supported = Notification.isSupported();
  const notifier = new KnockNotifier({
    person: (id) => c.participants.find(id),
    mediaTitle: (id) => c.media.get(id).title,
    enabled: () => supported && store.get().notifyOnKnock,
    notify: (text) => {
      const n = new Notification(text);
      n.on('click', focusMainWindow);
      n.show();
    },
    log: (m, e) => log.warn(m, e),
  });
  const off = c.events.on('participant.changed', (p) => notifier.onParticipantChanged(p));
  return () => {
    off();
    notifier.stop();
  };
}

/** After the window shows: a taken port is explained with a choice (L3), in addition to the status in the UI. */
async function offerNextFreePort(win: BrowserWindow, ctl: ListenerController, store: SettingsStore): Promise<void> {
  const s = ctl.status();
  if (s.state !== 'error' || s.error?.code !== 'PORT_IN_USE' || !s.nextFreePort) return;
  const { response } = await dialog.showMessageBox(win, {
    type: 'warning',
    message: `Port ${s.port} is already in use, so guests can't reach Guestlist yet.`,
    detail: `Another program is using ${s.host}:${s.port}. Guestlist can listen on port ${s.nextFreePort} instead. Links already sent keep using the public base URL set in Settings.`,
    buttons: [`Use Port ${s.nextFreePort}`, 'Not Now'],
    defaultId: 0,
    cancelId: 1,
    noLink: true,
  });
  if (response !== 0) return;
  const r = store.update({ port: s.nextFreePort });
  if (r.ok) await ctl.start(r.after.host, r.after.port);
}

async function start(): Promise<void> {
  hardenSession();
  registerAppProtocol();

  core = await openCoreInteractively();
  if (!core) {
    quitState = 'done';
    app.quit();
    return;
  }
  const c = core;
  // What the CLI does on the same file shows up in the open windows.
  c.followOtherProcesses();
  settings = new SettingsStore();
  const store = settings;
  const s = store.get();

  listener = new ListenerController(
    {
      start: (host, port) => createListener({ core: c, host, port }),
      findFreePort,
      onStatus: (status) => broadcast(CHANNELS.event, 'listener.status', status),
      log: (m) => log.warn(m),
    },
    s.host,
    s.port,
  );
  const ctl = listener;
  unregisterIpc = registerIpc({ core: c, settings: store, listener: ctl, findFreePort });
  stopNotifier = notifyOnKnock(c, store);
  Menu.setApplicationMenu(buildMenu({ dataDir, dev: !app.isPackaged }));

  const status = await ctl.start(s.host, s.port);
  log.info(`listener ${status.state}${status.url ? ` on ${status.url}` : ''}`);

  mainWindow = createMainWindow(store);
  const win = mainWindow;
  win.once('ready-to-show', () => void offerNextFreePort(win, ctl, store).catch((e: unknown) => log.warn('port dialog failed', e)));
}

async function shutdown(): Promise<void> {
  try {
    await listener?.stop();
  } catch (e) {
    log.warn('listener stop failed', e);
  }
  unregisterIpc?.();
  stopNotifier?.();
  try {
    core?.close();
  } catch (e) {
    log.warn('database close failed', e);
  }
  core = null;
}

if (!app.requestSingleInstanceLock()) {
  // Another Guestlist owns this data folder: it gets focus (second-instance), we leave.
  app.quit();
} else {
  app.on('second-instance', focusMainWindow);

  app.on('before-quit', (event) => {
    if (quitState === 'done') return;
    event.preventDefault();
    if (quitState === 'stopping') return;
    quitState = 'stopping';
    void shutdown().finally(() => {
      quitState = 'done';
      app.quit();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('activate', () => {
    if (!mainWindow && core && settings && quitState === 'running') mainWindow = createMainWindow(settings);
  });

  app
    .whenReady()
    .then(start)
    .catch(async (e: unknown) => {
      log.error('startup failed', e);
      await dialog.showMessageBox({ type: 'error', message: 'Guestlist could not start.', detail: e instanceof Error ? e.message : String(e), buttons: ['Quit'] });
      quitState = 'done';
      app.quit();
    });
}
