// Process: main. The app's life as one explicit sequence:
//   data folder → single-instance lock → host → settings → listener → IPC → window,
// then quit in reverse: listener drained, IPC removed, database closed.
// The host (src-main/host) is a utilityProcess that holds the data: the core
// (SQLite), the guest listener and the follower. Main runs no SQL and serves
// no HTTP; it relays the operations, shows the windows, the dialogs and the
// notifications, and restarts the host if it dies (the status bar says so).
// Every step that can fail shows the app's own dialog with a way out (never
// Electron's raw "JavaScript error" box), and nothing runs at bundle load
// that could throw. Signals (Ctrl+C, logout, `kill`) quit the same clean way.
import fs from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { app, BrowserWindow, dialog, Menu, Notification, protocol, shell } from 'electron';
import Store from 'electron-store';
import type { ListenerStatus } from '../api/bridge';
import { AppError, type ErrorCode } from '../core/errors';
import { resolveDataDir } from '../core/paths';
import { HostClient, type HostStatus } from '../host/client';
import { HostListener } from '../host/hostListener';
import type { KnockSummary } from '../host/knockNotifier';
import { findFreePort } from '../listener/freePort';
import { CHANNELS } from './channels';
import { rendererCsp } from './csp';
import { APP_ACTOR, broadcast, registerIpc } from './ipc';
import { forkHostProcess } from './hostProcess';
import { APP_USER_MODEL_ID, dataFlag, describeDataFolderError, describeStartupError, type StartupProblem } from './launch';
import { configureMainLog, logger, setMainLogLevel } from './log';
import { buildMenu } from './menu';
import { electronBindingPath } from './nativeBinding';
import { contentType, resolveRendererFile } from './rendererFiles';
import { devServerUrl, hardenApp, hardenSession } from './security';
import { SettingsStore } from './settingsStore';
import { type MailSecret, safeStorageMailSecret } from './mailSecret';
import { SETTINGS_FILE_NAME, type StoredSettings, storeOptions } from './settingsSchema';
import { APP_SCHEME, RENDERER_URL } from './trustedUrl';
import { type NativeText, nativeText } from './nativeText';
import { windowOptions } from './windowOptions';

const log = logger('main');

/** The signals that mean "quit now, cleanly" (terminal Ctrl+C, `kill`, the session ending). */
export const QUIT_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

let dataDir = '';
let mainWindow: BrowserWindow | null = null;
let host: HostClient | null = null;
let listener: HostListener | null = null;
let settings: SettingsStore | null = null;
let mailSecret: MailSecret | null = null;
let unregisterIpc: (() => void) | null = null;
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

/**
 * Starts the host process (it opens the core); when the core can't open, explains it and offers Quit, Try Again
 * or Show the Folder; never quits silently.
 */
async function startHostInteractively(client: HostClient): Promise<boolean> {
  const nativeBinding = bindingPath();
  for (;;) {
    const r = await client.start();
    if (r.ok) return true;
    log.error(`the host could not open the data: ${r.error.code} ${r.error.message}`);
    // The host reports the AppError's code and sentence; describeStartupError words it as before.
    const e = r.appError ? new AppError(r.error.code as ErrorCode, r.error.message) : new Error(r.error.message);
    const p = describeStartupError(e, dataDir, nativeBinding);
    const choice = await showProblem(p, p.canPickFolder ? ['Quit', 'Try Again', 'Show the Folder'] : ['Quit']);
    if (choice === 'Show the Folder') await shell.openPath(dataDir);
    if (choice === 'Quit') return false;
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

/**
 * One knock notification. The host coalesces knocks next to the core (knockNotifier.ts: at most one message per
 * room per ~2 s, no SQL in main); main only words it in the chosen language and shows it.
 */
function showKnock(k: KnockSummary): void {
  try {
    const words = k.count === 1 ? text.knock.one(k.name, k.mediaTitle) : text.knock.many(k.count, k.mediaTitle);
    // One guest waiting: Admit and Deny on the notification itself (the OS shows them on macOS and ignores them
    // elsewhere); a click anywhere else still opens the room.
    const participantId = k.count === 1 ? k.participantId : undefined;
    const actions = participantId === undefined ? [] : [{ type: 'button' as const, text: text.knockActions.admit }, { type: 'button' as const, text: text.knockActions.deny }];
    const n = new Notification({ ...words, actions });
    const openRoom = () => {
      focusMainWindow();
      broadcast(CHANNELS.event, 'app.openMedia', { mediaId: k.mediaId });
    };
    // A click brings the app forward on the room the guests are waiting for.
    n.on('click', openRoom);
    if (participantId !== undefined) {
      n.on('action', (_event, index) => {
        const name = index === 0 ? 'participants.admit' : 'participants.deny';
        void (host?.op(name, { participantId }, APP_ACTOR) ?? Promise.resolve(null)).then((r) => {
          // Not done (the guest left, was already let in, the way in closed…): the room shows why.
          if (!r?.ok) {
            log.warn(`${name} from a notification: ${r ? r.error.code : 'no host'}`);
            openRoom();
          }
        });
      });
    }
    n.show();
  } catch (e) {
    log.warn('knock notification failed', e);
  }
}

/** Knock notifications are on when the setting says so and the OS shows notifications. */
function knocksWanted(store: SettingsStore): boolean {
  return Notification.isSupported() && store.get().notifyOnKnock;
}

/** The host's settings, applied at start and again after the host restarted: knocks, then the listener. */
async function configureHost(client: HostClient, ctl: HostListener, store: SettingsStore): Promise<ListenerStatus> {
  await client.call('knocks.setEnabled', { enabled: knocksWanted(store) });
  // The mail server password the app keeps encrypted (safeStorage): to the host's memory, before it sends anything queued.
  const password = mailSecret?.available() ? mailSecret.load() : null;
  if (password) await client.call('mail.setPassword', { password });
  const s = store.get();
  return ctl.start(s.host, s.port);
}

/** After the window shows: a taken port is explained with a choice (L3), in addition to the status in the UI. */
async function offerNextFreePort(win: BrowserWindow, ctl: HostListener, store: SettingsStore): Promise<void> {
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

  // 3. Host: the process that opens the core, follows the CLI's changes and runs the listener.
  // 4. Settings (main's own file; the host gets what it needs in each request).
  settings = new SettingsStore(new Store<StoredSettings>({ name: SETTINGS_FILE_NAME, ...storeOptions() }));
  mailSecret = safeStorageMailSecret();
  const store = settings;
  const s = store.get();
  setMainLogLevel(s.logLevel);
  text = nativeText(s.language);
  let ctl: HostListener | null = null;
  const client = new HostClient({
    spawn: () => forkHostProcess({ dataDir, nativeBinding: bindingPath(), logLevel: store.get().logLevel }),
    onEvent: (name, payload) => {
      if (name === 'listener.status') ctl?.onHostStatus(payload as ListenerStatus);
      // Domain events go to every window; the preload strips the Electron event object.
      else broadcast(CHANNELS.event, name, payload);
    },
    onKnock: showKnock,
    onStatus: (status: HostStatus) => {
      if (status.state === 'restarting') ctl?.hostDown();
      broadcast(CHANNELS.event, 'host.status', status);
    },
    // The new host knows nothing yet: knocks and the listener, with the same settings.
    onRestarted: async () => {
      if (ctl) await configureHost(client, ctl, store);
    },
    log: (m, e) => (e ? log.warn(m, e) : log.warn(m)),
  });
  host = client;
  if (!(await startHostInteractively(client))) return false;

  // 5. Listener, in the host (a taken port is not fatal: the status bar and a dialog offer the next free one).
  listener = new HostListener(
    {
      client,
      // L1: "My network" links use the chosen LAN address; L5: the trusted proxies (the host adds loopback behind a public URL).
      settings: () => store.get(),
      onStatus: (status) => broadcast(CHANNELS.event, 'listener.status', status),
    },
    s.host,
    s.port,
  );
  ctl = listener;
  const listenerCtl = listener;

  // 6. IPC, knock notifications, menu.
  const applyLanguage = (language: string) => {
    text = nativeText(language);
    Menu.setApplicationMenu(buildMenu({ dataDir, dev: !app.isPackaged, text }));
  };
  unregisterIpc = registerIpc({
    host: client,
    settings: store,
    listener: listenerCtl,
    mailSecret: mailSecret ?? undefined,
    findFreePort,
    onSettingsChanged: (after) => {
      // Settings → Language reaches the menu, the dialogs and the notifications too.
      applyLanguage(after.language);
      void client.call('knocks.setEnabled', { enabled: knocksWanted(store) });
      // The log level reaches both processes at once.
      setMainLogLevel(after.logLevel);
      void client.call('log.setLevel', { level: after.logLevel });
    },
  });
  applyLanguage(s.language);

  const status = await configureHost(client, listenerCtl, store);
  log.info(`listener ${status.state}${status.url ? ` on ${status.url}` : ''}`);

  // 7. Window.
  mainWindow = createMainWindow(store);
  const win = mainWindow;
  win.once('ready-to-show', () => void offerNextFreePort(win, listenerCtl, store).catch((e: unknown) => log.warn('port dialog failed', e)));
  return true;
}

/** How long the host may take to close the database before main ends it. */
const HOST_SHUTDOWN_MS = 5000;

/**
 * The reverse of start: drain the listener, remove IPC, then the host closes the database (WAL checkpoint) and
 * exits; a host that doesn't answer in time is killed.
 */
async function shutdown(): Promise<void> {
  try {
    await listener?.stop();
  } catch (e) {
    log.warn('listener stop failed', e);
  }
  unregisterIpc?.();
  unregisterIpc = null;
  try {
    await host?.shutdown(HOST_SHUTDOWN_MS);
  } catch (e) {
    log.warn('host shutdown failed', e);
  }
  host = null;
  listener = null;
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
  // Main's own log (logs/main.log), at info until the settings are read.
  if (!folderProblem) configureMainLog(dataDir, 'info');
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
    if (!mainWindow && host && settings && quitState === 'running') mainWindow = createMainWindow(settings);
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
