// Process: main. The app's life as one explicit sequence:
//   data folder → single-instance lock → core → settings → listener → IPC → window,
// then quit in reverse: listener drained, IPC removed, database closed.
// Every step that can fail shows the app's own dialog with a way out (never
// Electron's raw "JavaScript error" box), and nothing runs at bundle load
// that could throw. Signals (Ctrl+C, logout, `kill`) quit the same clean way.
import fs from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { app, BrowserWindow, dialog, Menu, Notification, protocol, shell } from 'electron';
import Store from 'electron-store';
import { type Core, openCore } from '../core';
import { resolveDataDir } from '../core/paths';
import { createListener, findFreePort } from '../listener';
import { checkReach } from '../listener/reach';
import { CHANNELS } from './channels';
import { rendererCsp } from './csp';
import { broadcast, registerIpc } from './ipc';
import { KnockNotifier } from '../host/knockNotifier';
import { APP_USER_MODEL_ID, dataFlag, describeDataFolderError, describeStartupError, type StartupProblem } from './launch';
import { ListenerController } from '../host/listenerController';
import { logger } from './log';
import { buildMenu } from './menu';
import { electronBindingPath } from './nativeBinding';
import { contentType, resolveRendererFile } from './rendererFiles';
import { devServerUrl, hardenApp, hardenSession } from './security';
import { SettingsStore } from './settingsStore';
import { SETTINGS_FILE_NAME, type StoredSettings, storeOptions } from './settingsSchema';
import { trustedProxies } from '../listener/trustProxy';
import { APP_SCHEME, RENDERER_URL } from './trustedUrl';
import { type NativeText, nativeText } from './nativeText';
import { windowOptions } from './windowOptions';

const log = logger('main');

/** The signals that mean "quit now, cleanly" (terminal Ctrl+C, `kill`, the session ending). */
export const QUIT_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

let dataDir = '';
let mainWindow: BrowserWindow | null = null;
let core: Core | null = null;
let listener: ListenerController | null = null;
let settings: SettingsStore | null = null;
let unregisterIpc: (() => void) | null = null;
let stopNotifier: (() => void) | null = null;
let quitState: 'running' | 'stopping' | 'done' = 'running';
/** The native words (menu, dialogs, notifications) in the chosen language. */
let text: NativeText = nativeText('en');

function focusMainWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

function bindingPath(): string {
  return electronBindingPath({ packaged: app.isPackaged, resourcesPath: process.resourcesPath, appPath: app.getAppPath(), electronVersion: process.versions.electron ?? '' });
}

/** The app's own error dialog; resolves to the button the user chose. */
async function showProblem(p: StartupProblem, buttons: string[]): Promise<string> {
  const { response } = await dialog.showMessageBox({ type: 'error', title: p.title, message: p.message, detail: p.detail, buttons, defaultId: 0, cancelId: 0, noLink: true });
  return buttons[response] ?? buttons[0]!;
}

/** Opens the core; on failure explains it and offers Quit, Try Again or Show the Folder; never quits silently. */
async function openCoreInteractively(): Promise<Core | null> {
  const nativeBinding = bindingPath();
  for (;;) {
    try {
      if (!fs.existsSync(nativeBinding)) throw new Error(`Cannot find module ${nativeBinding}`);
      return openCore({ dataDir, nativeBinding });
    } catch (e) {
      log.error('could not open the core', e);
      const p = describeStartupError(e, dataDir, nativeBinding);
      const choice = await showProblem(p, p.canPickFolder ? ['Quit', 'Try Again', 'Show the Folder'] : ['Quit']);
      if (choice === 'Show the Folder') await shell.openPath(dataDir);
      if (choice === 'Quit') return null;
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

/**
 * The window cannot show the console (its renderer died twice, or its page
 * failed to load twice): the app says so and offers a restart.
 */
async function offerRestart(win: BrowserWindow, what: string): Promise<void> {
  if (!win.isDestroyed()) win.show();
  const { response } = await dialog.showMessageBox({
    type: 'error',
    title: 'Guestlist',
    message: text.restart.message,
    detail: text.restart.detail(what),
    buttons: [text.restart.restart, text.restart.quit],
    defaultId: 0,
    cancelId: 1,
    noLink: true,
  });
  if (response === 0) app.relaunch();
  app.quit();
}

/** Reload once after a renderer crash or a failed load; the second time, offer a restart. */
function recoverFromWindowFailures(win: BrowserWindow): void {
  let failures = 0;
  const fail = (what: string) => {
    failures++;
    if (failures === 1) {
      log.warn(`${what}; reloading the window once`);
      win.webContents.reload();
      return;
    }
    log.error(`${what} again; offering a restart`);
    void offerRestart(win, what).catch((e: unknown) => log.error('restart dialog failed', e));
  };
  win.webContents.on('render-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit') return;
    fail(`The window's process stopped (${details.reason}, exit code ${details.exitCode})`);
  });
  win.webContents.on('did-fail-load', (_event, errorCode, errorDescription, _url, isMainFrame) => {
    // -3 is ERR_ABORTED: a navigation we cancelled ourselves.
    if (!isMainFrame || errorCode === -3) return;
    fail(`The window's page did not load (${errorDescription || errorCode})`);
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
  recoverFromWindowFailures(win);
  win.on('close', () => {
    if (!win.isDestroyed()) store.saveBounds(win.getNormalBounds(), win.isMaximized());
  });
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  const dev = devServerUrl();
  // A failed load is handled by did-fail-load above; the rejection is only logged.
  win.loadURL(dev ?? RENDERER_URL).catch((e: unknown) => log.warn('window load failed', e));
  return win;
}

/** Coalesced knock notifications (knockNotifier.ts): no SQL per knock, no settings file read. */
function notifyOnKnock(c: Core, store: SettingsStore): () => void {
  const supported = Notification.isSupported();
  const notifier = new KnockNotifier({
    person: (id) => c.participants.find(id),
    mediaTitle: (id) => c.media.get(id).title,
    enabled: () => supported && store.get().notifyOnKnock,
    notify: (text, mediaId) => {
      const n = new Notification(text);
      // A click brings the app forward on the room the guests are waiting for.
      n.on('click', () => {
        focusMainWindow();
        broadcast(CHANNELS.event, 'app.openMedia', { mediaId });
      });
      n.show();
    },
    log: (m, e) => log.warn(m, e),
    text: () => text.knock,
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
    message: text.port.message(s.port),
    detail: text.port.detail(s.host, s.port, s.nextFreePort),
    buttons: [text.port.use(s.nextFreePort), text.port.notNow],
    defaultId: 0,
    cancelId: 1,
    noLink: true,
  });
  if (response !== 0) return;
  const r = store.update({ port: s.nextFreePort });
  if (r.ok) await ctl.start(r.after.host, r.after.port);
}

/** Steps 3 to 7, once the app is ready. Returns false when the user chose to quit. */
async function start(folderProblem: StartupProblem | null): Promise<boolean> {
  // 1 (reported). The data folder could not be created before ready.
  if (folderProblem) {
    await showProblem(folderProblem, ['Quit']);
    return false;
  }
  hardenSession();
  registerAppProtocol();

  // 3. Core.
  core = await openCoreInteractively();
  if (!core) return false;
  const c = core;
  // What the CLI does on the same file shows up in the open windows.
  c.followOtherProcesses();

  // 4. Settings.
  settings = new SettingsStore(new Store<StoredSettings>({ name: SETTINGS_FILE_NAME, ...storeOptions() }));
  const store = settings;
  const s = store.get();
  text = nativeText(s.language);

  // 5. Listener (a taken port is not fatal: the status bar and a dialog offer the next free one).
  listener = new ListenerController(
    {
      // L1: "My network" links use the chosen LAN address; L5: behind a public URL, the proxy or tunnel on this computer is trusted.
      start: (host, port) => createListener({ core: c, host, port, linkHost: store.get().linkHost || undefined, trustProxy: trustedProxies(store.get().trustProxy, Boolean(c.settings.explicitBaseUrl())) }),
      checkReach: () => checkReach(c),
      findFreePort,
      onStatus: (status) => broadcast(CHANNELS.event, 'listener.status', status),
      log: (m) => log.warn(m),
    },
    s.host,
    s.port,
  );
  const ctl = listener;

  // 6. IPC, knock notifications, menu.
  const applyLanguage = (language: string) => {
    text = nativeText(language);
    Menu.setApplicationMenu(buildMenu({ dataDir, dev: !app.isPackaged, text }));
  };
  unregisterIpc = registerIpc({
    core: c,
    settings: store,
    listener: ctl,
    findFreePort,
    // Settings → Language reaches the menu, the dialogs and the notifications too.
    onSettingsChanged: (after) => applyLanguage(after.language),
  });
  stopNotifier = notifyOnKnock(c, store);
  applyLanguage(s.language);

  const status = await ctl.start(s.host, s.port);
  log.info(`listener ${status.state}${status.url ? ` on ${status.url}` : ''}`);

  // 7. Window.
  mainWindow = createMainWindow(store);
  const win = mainWindow;
  win.once('ready-to-show', () => void offerNextFreePort(win, ctl, store).catch((e: unknown) => log.warn('port dialog failed', e)));
  return true;
}

/** The reverse of start: drain the listener, remove IPC, stop notifications, close the database. */
async function shutdown(): Promise<void> {
  try {
    await listener?.stop();
  } catch (e) {
    log.warn('listener stop failed', e);
  }
  unregisterIpc?.();
  unregisterIpc = null;
  stopNotifier?.();
  stopNotifier = null;
  try {
    core?.close();
  } catch (e) {
    log.warn('database close failed', e);
  }
  core = null;
}

/** Creates the data folder; a failure is returned (and shown after ready), never thrown at bundle load. */
function prepareDataFolder(dir: string): StartupProblem | null {
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
    return null;
  } catch (e) {
    log.error('could not create the data folder', e);
    return describeDataFolderError(e, dir);
  }
}

/** The entry point: runs the sequence. Nothing here throws into Electron. */
export function runApp(): void {
  app.setName('Guestlist');
  // Windows ties notifications and the taskbar to this ID; it matches electron-builder's appId.
  if (typeof app.setAppUserModelId === 'function') app.setAppUserModelId(APP_USER_MODEL_ID);

  // 1. The data folder (O2): --data, then GUESTLIST_DATA_DIR, then the platform
  // folder. userData follows it before ready, so settings, the Chromium profile
  // and the single-instance lock all belong to one data folder.
  dataDir = resolveDataDir(dataFlag(process.argv), process.env);
  const folderProblem = prepareDataFolder(dataDir);
  if (!folderProblem) app.setPath('userData', dataDir);

  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  hardenApp();

  // A promise nobody awaited must not take the app down: it is logged.
  process.on('unhandledRejection', (reason) => log.error('unhandled rejection', reason));
  // Ctrl+C, `kill` and the end of a session quit through before-quit, so the
  // listener is drained and the database closed (see also whenExit.ts).
  for (const signal of QUIT_SIGNALS) {
    process.on(signal, () => {
      log.info(`${signal}: quitting`);
      app.quit();
    });
  }

  // 2. Single-instance lock (per data folder, since userData is the data folder).
  if (!folderProblem && !app.requestSingleInstanceLock()) {
    // Another Guestlist owns this data folder: it gets focus (second-instance), we leave.
    quitState = 'done';
    app.quit();
    return;
  }
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

  app.on('child-process-gone', (_event, details) => {
    if (details.reason !== 'clean-exit') log.warn(`a ${details.type} process stopped (${details.reason}, exit code ${details.exitCode})`);
  });

  app
    .whenReady()
    .then(() => start(folderProblem))
    .then((started) => {
      if (!started) app.quit();
    })
    .catch(async (e: unknown) => {
      log.error('startup failed', e);
      const p = describeStartupError(e, dataDir, bindingPath());
      await showProblem(p, ['Quit']).catch(() => 'Quit');
      app.quit();
    });
}
