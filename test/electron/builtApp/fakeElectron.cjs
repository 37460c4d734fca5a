// A faithful stand-in for the `electron` module, for driving the BUILT main
// bundle (out/main/index.js) under plain Node. It enforces the rules the real
// Electron enforces and that a looser fake would let slip:
// - APIs that exist only after `ready` throw before it (BrowserWindow,
//   session.defaultSession, protocol.handle, screen); privileged schemes may
//   only be registered before it;
// - the preload path must be absolute and exist;
// - one ipcMain handler per channel;
// - IPC payloads and results go through structured clone (functions, class
//   instances with methods, symbols are refused as Electron refuses them);
// - the BUILT preload runs in a `vm` context whose `require` allows only what
//   a sandboxed preload may require (electron, events, timers, url);
// - loadURL fetches the page through main's own protocol handler.
// Everything it sees is recorded in `fake.record` for the smoke test.
'use strict';
const { EventEmitter } = require('node:events');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

const record = {
  readyThrows: [],
  privileged: [],
  handlers: new Map(),
  windows: [],
  pages: [],
  dialogs: [],
  notifications: [],
  /** The Notification objects shown, so a test can click one. */
  shownNotifications: [],
  /** Each shown notification's action buttons (Electron's `actions`, macOS). */
  notificationActions: [],
  menus: [],
  appUserModelId: null,
  quitLog: [],
  exposed: null,
  bridgeEvents: [],
  paths: {},
  /** Every utilityProcess.fork: module, args, pid, and how it exited. */
  utilityProcesses: [],
  /** Modules main itself loaded that it must not (it runs no SQL and serves no HTTP). */
  mainLoaded: [],
};

// SMOKE_DIALOG_RESPONSES: the buttons the user will press, for dialogs shown before the test can script them.
const fake = { record, dialogResponses: JSON.parse(process.env.SMOKE_DIALOG_RESPONSES || '[]'), failLoads: Number(process.env.SMOKE_FAIL_LOADS || 0) };

let ready = false;
function needReady(api) {
  if (!ready) {
    const e = new Error(`${api} cannot be used before the app is ready`);
    record.readyThrows.push(api);
    throw e;
  }
}

function clone(value, what) {
  try {
    return structuredClone(value);
  } catch (e) {
    throw new Error(`${what}: An object could not be cloned. (${e && e.message})`);
  }
}

// ---- app ----
class App extends EventEmitter {
  constructor() {
    super();
    this.isPackaged = process.env.SMOKE_LAYOUT === 'packaged';
    this._name = 'Electron';
    this._quitting = false;
  }
  setName(n) {
    this._name = n;
  }
  getName() {
    return this._name;
  }
  getVersion() {
    return '0.1.0';
  }
  getLocale() {
    return 'en-US';
  }
  getPreferredSystemLanguages() {
    return ['en-US'];
  }
  setPath(name, p) {
    if (!path.isAbsolute(p)) throw new Error(`Path must be absolute: ${p}`);
    record.paths[name] = p;
  }
  getPath(name) {
    if (record.paths[name]) return record.paths[name];
    if (name === 'downloads' || name === 'temp' || name === 'home') return require('node:os').tmpdir();
    throw new Error(`Failed to get '${name}' path`);
  }
  getAppPath() {
    return process.env.SMOKE_APP_PATH;
  }
  setAppUserModelId(id) {
    record.appUserModelId = id;
  }
  isReady() {
    return ready;
  }
  whenReady() {
    return ready ? Promise.resolve() : new Promise((r) => this.once('ready', () => r()));
  }
  requestSingleInstanceLock() {
    return true;
  }
  releaseSingleInstanceLock() {}
  quit() {
    record.quitLog.push('app.quit');
    if (this._quitting) return;
    const ev = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    this.emit('before-quit', ev);
    if (ev.defaultPrevented) return;
    for (const w of BrowserWindow.getAllWindows()) w.destroy();
    const wq = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    this.emit('will-quit', wq);
    if (wq.defaultPrevented) return;
    this._quitting = true;
    record.quitLog.push('quit');
    this.emit('quit', {}, 0);
    fake.onQuit?.(0);
  }
  exit(code = 0) {
    record.quitLog.push(`exit ${code}`);
    this._quitting = true;
    fake.onQuit?.(code);
  }
  relaunch() {
    record.quitLog.push('relaunch');
  }
  focus() {}
}
const app = new App();

fake.makeReady = () => {
  ready = true;
  app.emit('will-finish-launching');
  app.emit('ready', {}, {});
};

// ---- ipc ----
const ipcRendererListeners = new Map();
const ipcMain = new EventEmitter();
ipcMain.handle = (channel, fn) => {
  if (record.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
  record.handlers.set(channel, fn);
};
ipcMain.handleOnce = ipcMain.handle;
ipcMain.removeHandler = (channel) => {
  record.handlers.delete(channel);
};

/** What ipcRenderer.invoke does: clone in, run the handler, clone out; a thrown error becomes a rejection. */
async function invokeMain(sender, frameUrl, channel, args) {
  const fn = record.handlers.get(channel);
  if (!fn) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
  const payload = clone(args, `invoke ${channel}`);
  const event = { sender, senderFrame: frameUrl === null ? null : { url: frameUrl }, processId: 1, frameId: 1 };
  try {
    return clone(await fn(event, ...payload), `reply ${channel}`);
  } catch (e) {
    throw new Error(`Error invoking remote method '${channel}': ${e}`);
  }
}
fake.invokeMain = invokeMain;

// ---- protocol ----
const protocolHandlers = new Map();
const protocol = {
  registerSchemesAsPrivileged(schemes) {
    if (ready) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    record.privileged.push(...clone(schemes, 'registerSchemesAsPrivileged'));
  },
  handle(scheme, fn) {
    needReady('protocol.handle');
    if (protocolHandlers.has(scheme)) throw new Error(`The scheme "${scheme}" is already handled`);
    protocolHandlers.set(scheme, fn);
  },
  unhandle(scheme) {
    protocolHandlers.delete(scheme);
  },
  isProtocolHandled(scheme) {
    return protocolHandlers.has(scheme);
  },
};
async function fetchThroughProtocol(url) {
  const scheme = new URL(url).protocol.slice(0, -1);
  const fn = protocolHandlers.get(scheme);
  if (!fn) return fetch(url);
  return fn(new Request(url));
}
fake.fetchThroughProtocol = fetchThroughProtocol;

// ---- session ----
class Session extends EventEmitter {
  constructor() {
    super();
    this.handlers = {};
    this.webRequest = { onHeadersReceived: (fn) => (this.handlers.headersReceived = fn) };
  }
  setPermissionRequestHandler(fn) {
    this.handlers.permissionRequest = fn;
  }
  setPermissionCheckHandler(fn) {
    this.handlers.permissionCheck = fn;
  }
  setDevicePermissionHandler(fn) {
    this.handlers.devicePermission = fn;
  }
  setDisplayMediaRequestHandler(fn) {
    this.handlers.displayMedia = fn;
  }
}
let defaultSession = null;
const session = {
  get defaultSession() {
    needReady('session.defaultSession');
    return (defaultSession ??= new Session());
  },
};
fake.session = () => defaultSession;

// ---- webContents / windows ----
let nextId = 1;
class WebContents extends EventEmitter {
  constructor(win, webPreferences) {
    super();
    this.id = nextId++;
    this.win = win;
    this.webPreferences = webPreferences;
    this.url = '';
    this.destroyed = false;
    this.windowOpenHandler = null;
    this.crashedReloads = 0;
  }
  send(channel, ...args) {
    if (this.destroyed) throw new Error('Object has been destroyed');
    const payload = clone(args, `send ${channel}`);
    for (const fn of ipcRendererListeners.get(channel) ?? []) fn({ sender: {} }, ...payload);
  }
  isDestroyed() {
    return this.destroyed;
  }
  getURL() {
    return this.url;
  }
  setWindowOpenHandler(fn) {
    this.windowOpenHandler = fn;
  }
  reload() {
    record.pages.push({ reload: this.url });
    return this.loadURL(this.url);
  }
  isLoading() {
    return false;
  }
  async loadURL(url) {
    this.url = url;
    if (fake.failLoads > 0) {
      fake.failLoads--;
      record.pages.push({ failed: url });
      this.emit('did-fail-load', {}, -6, 'ERR_FILE_NOT_FOUND', url, true);
      throw new Error(`ERR_FILE_NOT_FOUND (-6) loading '${url}'`);
    }
    let res;
    try {
      res = await fetchThroughProtocol(url);
    } catch (e) {
      this.emit('did-fail-load', {}, -2, String(e), url, true);
      throw e;
    }
    const body = await res.text();
    const page = { url, status: res.status, csp: res.headers.get('content-security-policy'), contentType: res.headers.get('content-type'), body, assets: [] };
    record.pages.push(page);
    if (res.status >= 400) {
      this.emit('did-fail-load', {}, -6, `HTTP ${res.status}`, url, true);
      const e = new Error(`ERR_FILE_NOT_FOUND (-6) loading '${url}'`);
      throw e;
    }
    // Every script and stylesheet the page names comes through the same handler.
    if (url.startsWith('app:')) {
      for (const m of body.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)) {
        const a = await fetchThroughProtocol(new URL(m[1], url).href);
        page.assets.push({ path: m[1], status: a.status, contentType: a.headers.get('content-type') });
      }
    }
    runPreload(this);
    this.emit('dom-ready');
    this.emit('did-finish-load');
    if (!this.win.shown) this.win.emit('ready-to-show');
  }
  loadFile(f) {
    return this.loadURL(`file://${f}`);
  }
  destroy() {
    this.destroyed = true;
    this.emit('destroyed');
  }
  // Simulates the renderer process dying.
  crash(reason = 'crashed') {
    this.emit('render-process-gone', {}, { reason, exitCode: 139 });
  }
}

class BrowserWindow extends EventEmitter {
  static all = [];
  static getAllWindows() {
    return BrowserWindow.all.filter((w) => !w.destroyed);
  }
  static fromWebContents(wc) {
    return BrowserWindow.all.find((w) => w.webContents === wc) ?? null;
  }
  static getFocusedWindow() {
    return BrowserWindow.getAllWindows()[0] ?? null;
  }
  constructor(options = {}) {
    super();
    needReady('new BrowserWindow');
    const prefs = options.webPreferences ?? {};
    if (prefs.preload !== undefined) {
      if (!path.isAbsolute(prefs.preload)) throw new Error(`The preload path must be absolute: ${prefs.preload}`);
      if (!fs.existsSync(prefs.preload)) throw new Error(`Unable to load preload script: ${prefs.preload}`);
    }
    this.options = options;
    this.destroyed = false;
    this.shown = options.show !== false;
    this.webContents = new WebContents(this, prefs);
    this.id = this.webContents.id;
    BrowserWindow.all.push(this);
    record.windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
    app.emit('browser-window-created', {}, this);
  }
  loadURL(url) {
    return this.webContents.loadURL(url);
  }
  loadFile(f) {
    return this.webContents.loadFile(f);
  }
  show() {
    this.shown = true;
    this.emit('show');
  }
  focus() {}
  restore() {}
  maximize() {}
  isMinimized() {
    return false;
  }
  isMaximized() {
    return false;
  }
  isVisible() {
    return this.shown;
  }
  isDestroyed() {
    return this.destroyed;
  }
  getNormalBounds() {
    return { x: 10, y: 10, width: 1200, height: 800 };
  }
  getBounds() {
    return this.getNormalBounds();
  }
  setTitle() {}
  close() {
    const ev = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    this.emit('close', ev);
    if (ev.defaultPrevented) return;
    this.destroy();
    if (BrowserWindow.getAllWindows().length === 0) app.emit('window-all-closed');
  }
  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.destroy();
    this.emit('closed');
  }
}

// ---- the sandboxed preload ----
const SANDBOX_MODULES = new Set(['electron', 'events', 'timers', 'url', 'node:events', 'node:timers', 'node:url']);

function rendererElectron(wc) {
  return {
    contextBridge: {
      exposeInMainWorld(key, api) {
        record.exposed = { key, api };
        fake.bridge = api;
      },
    },
    ipcRenderer: {
      invoke: (channel, ...args) => invokeMain(wc, wc.url, channel, args),
      on(channel, fn) {
        ipcRendererListeners.set(channel, [...(ipcRendererListeners.get(channel) ?? []), fn]);
        return this;
      },
      removeListener(channel, fn) {
        ipcRendererListeners.set(channel, (ipcRendererListeners.get(channel) ?? []).filter((f) => f !== fn));
        return this;
      },
      send() {
        throw new Error('the bridge must not use ipcRenderer.send');
      },
    },
    webFrame: {},
    webUtils: {},
  };
}

function runPreload(wc) {
  const file = wc.webPreferences.preload;
  if (!file) return;
  const src = fs.readFileSync(file, 'utf8');
  const requireInSandbox = (id) => {
    if (!SANDBOX_MODULES.has(id)) throw new Error(`module not found: ${id} (a sandboxed preload may require only electron, events, timers and url)`);
    if (id === 'electron') return rendererElectron(wc);
    return require(id);
  };
  const module = { exports: {} };
  const context = vm.createContext({ require: requireInSandbox, module, exports: module.exports, console, setTimeout, clearTimeout, setInterval, clearInterval, queueMicrotask, URL, TextEncoder, TextDecoder, Promise, Error, TypeError });
  vm.runInContext(`(function (require, module, exports) {${src}\n})(require, module, exports)`, context, { filename: file });
}

// ---- dialogs, menus, notifications, shell, clipboard ----
const dialog = {
  async showMessageBox(win, opts) {
    const o = opts ?? win;
    record.dialogs.push({ kind: 'messageBox', ...clone({ ...o, buttons: o.buttons ?? [] }, 'dialog') });
    const scripted = fake.dialogResponses.shift();
    return { response: scripted ?? o.cancelId ?? 0, checkboxChecked: false };
  },
  showMessageBoxSync(win, opts) {
    const o = opts ?? win;
    record.dialogs.push({ kind: 'messageBoxSync', ...clone({ ...o, buttons: o.buttons ?? [] }, 'dialog') });
    return fake.dialogResponses.shift() ?? o.cancelId ?? 0;
  },
  showErrorBox(title, content) {
    record.dialogs.push({ kind: 'errorBox', title, message: content, buttons: [] });
  },
  async showOpenDialog() {
    record.dialogs.push({ kind: 'open' });
    return { canceled: true, filePaths: [] };
  },
  async showSaveDialog() {
    record.dialogs.push({ kind: 'save' });
    return { canceled: true };
  },
};

const Menu = {
  buildFromTemplate(template) {
    return { template };
  },
  setApplicationMenu(menu) {
    record.menus.push(menu);
  },
  getApplicationMenu() {
    return record.menus.at(-1) ?? null;
  },
};

class Notification extends EventEmitter {
  static isSupported() {
    return true;
  }
  constructor(opts) {
    super();
    needReady('new Notification');
    this.opts = opts;
  }
  show() {
    record.notifications.push({ title: this.opts.title, body: this.opts.body });
    // The buttons (macOS shows them), apart, so the text checks stay exact.
    record.notificationActions.push((this.opts.actions ?? []).map((a) => a.text));
    record.shownNotifications.push(this);
  }
  close() {}
}

const shell = {
  opened: [],
  async openExternal(url) {
    shell.opened.push(url);
  },
  async openPath(p) {
    shell.opened.push(p);
    return '';
  },
};

let clipboardText = '';
const clipboard = {
  writeText(t) {
    clipboardText = t;
  },
  readText() {
    return clipboardText;
  },
};

const screen = {
  getPrimaryDisplay() {
    needReady('screen');
    return { workAreaSize: { width: 1920, height: 1080 }, workArea: { x: 0, y: 0, width: 1920, height: 1080 } };
  },
  getAllDisplays() {
    needReady('screen');
    return [screen.getPrimaryDisplay()];
  },
};

// utilityProcess.fork as Electron has it: only after ready; the child sees
// `process.parentPort` and no `process.send` (utilityShim.cjs, preloaded);
// postMessage structured-clones (a function is refused, in the caller);
// 'message' gives the data itself; 'exit' gives the exit code. The host's
// own reports of its listener and database closing go to the quit log.
const UTILITY_SHIM = path.join(__dirname, 'utilityShim.cjs');
const utilityProcess = {
  fork(modulePath, args = [], options = {}) {
    needReady('utilityProcess.fork');
    const { fork } = require('node:child_process');
    const out = options.stdio === 'pipe' ? 'pipe' : options.stdio === 'ignore' ? 'ignore' : 'inherit';
    const child = fork(modulePath, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      execArgv: [...(options.execArgv ?? []), '--require', UTILITY_SHIM],
      stdio: ['ignore', out, out, 'ipc'],
      serialization: 'advanced',
    });
    const up = new EventEmitter();
    up.pid = child.pid;
    up.stdout = child.stdout;
    up.stderr = child.stderr;
    record.utilityProcesses.push({ modulePath, args, pid: child.pid });
    child.on('error', () => undefined);
    child.on('spawn', () => up.emit('spawn'));
    child.on('message', (m) => {
      if (m && typeof m === 'object' && 'smoke' in m) record.quitLog.push(m.smoke);
      else if (m && typeof m === 'object' && 'data' in m) up.emit('message', m.data);
    });
    child.on('exit', (code, signal) => {
      up.pid = undefined;
      const entry = record.utilityProcesses.find((p) => p.pid === child.pid);
      if (entry) entry.exit = { code, signal };
      up.emit('exit', code ?? (signal ? 128 + (require('node:os').constants.signals[signal] ?? 0) : 0));
    });
    up.postMessage = (message) => {
      structuredClone(message);
      if (child.connected) child.send(message);
    };
    up.kill = () => child.kill('SIGTERM');
    return up;
  },
};

// safeStorage as on a Linux session without a keyring: no encryption worth the name, so the app keeps no secret itself.
const safeStorage = {
  isEncryptionAvailable: () => false,
  getSelectedStorageBackend: () => 'basic_text',
  encryptString: () => {
    throw new Error('Encryption is not available.');
  },
  decryptString: () => {
    throw new Error('Decryption is not available.');
  },
};

const electron = { app, ipcMain, protocol, session, BrowserWindow, dialog, Menu, Notification, shell, clipboard, screen, utilityProcess, safeStorage, nativeTheme: { shouldUseDarkColors: false, on() {} } };
fake.electron = electron;
module.exports = { electron, fake, BrowserWindow, app };
