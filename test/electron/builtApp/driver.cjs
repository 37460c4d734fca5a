// Child process of builtApp.test.ts: loads the BUILT main bundle with the
// fake `electron` (fakeElectron.cjs) in place of the real one, makes the app
// ready, and answers the test's commands over the fork IPC channel.
// Env: SMOKE_MAIN (out/main/index.js to load), SMOKE_LAYOUT (dev|packaged),
// SMOKE_APP_PATH (app.getAppPath()), SMOKE_RESOURCES (process.resourcesPath).
'use strict';
const Module = require('node:module');
const { electron, fake } = require('./fakeElectron.cjs');

const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === 'electron') return electron;
  // Main runs no SQL and serves no HTTP: the host process does (out/main/host.js, a utilityProcess).
  if (/^(better-sqlite3|fastify|@fastify\/)/.test(request) && parent?.filename?.startsWith(require('node:path').dirname(process.env.SMOKE_MAIN))) fake.record.mainLoaded.push(request);
  return load.call(this, request, parent, isMain);
};
if (process.env.SMOKE_RESOURCES) process.resourcesPath = process.env.SMOKE_RESOURCES;
Object.defineProperty(process.versions, 'electron', { value: process.env.SMOKE_ELECTRON_VERSION, enumerable: true });

// The quit order is read from what actually happens: the guest listener's
// server closing, then the database connections closing.
const http = require('node:http');
const serverClose = http.Server.prototype.close;
http.Server.prototype.close = function (...a) {
  fake.record.quitLog.push('listener closed');
  return serverClose.apply(this, a);
};
const Database = require('better-sqlite3');
const dbClose = Database.prototype.close;
Database.prototype.close = function (...a) {
  if (this.open) fake.record.quitLog.push('database closed');
  return dbClose.apply(this, a);
};

const send = (m) => {
  if (process.connected) process.send(m);
};

process.on('uncaughtException', (e) => {
  send({ type: 'crash', error: String(e && e.stack ? e.stack : e) });
  process.exitCode = 70;
  setImmediate(() => process.exit(70));
});

fake.onQuit = (code) => {
  // What is still alive once the app has quit: nothing but this IPC pipe should be.
  setTimeout(() => {
    const resources = process.getActiveResourcesInfo();
    send({ type: 'quit', code, quitLog: fake.record.quitLog, resources, dialogs: fake.record.dialogs, utilityProcesses: fake.record.utilityProcesses });
    process.exitCode = code;
    if (process.connected) process.disconnect();
  }, 300);
};

const r = fake.record;
function state() {
  const win = fake.electron.BrowserWindow.getAllWindows()[0] ?? null;
  return {
    readyThrows: r.readyThrows,
    privileged: r.privileged,
    handlers: [...r.handlers.keys()],
    windows: r.windows.map((w) => ({ options: JSON.parse(JSON.stringify(w.options)), url: w.webContents.url, shown: w.shown, destroyed: w.destroyed })),
    visibleWindow: win ? { url: win.webContents.url, shown: win.shown } : null,
    pages: r.pages.map((p) => (p.body === undefined ? p : { ...p, body: p.body.slice(0, 4000) })),
    dialogs: r.dialogs,
    notifications: r.notifications,
    notificationActions: r.notificationActions,
    menus: JSON.parse(JSON.stringify(r.menus, (k, v) => (typeof v === 'function' ? undefined : v))),
    appUserModelId: r.appUserModelId,
    quitLog: r.quitLog,
    exposed: r.exposed ? { key: r.exposed.key, keys: Object.keys(r.exposed.api), ops: Object.keys(r.exposed.api.ops ?? {}) } : null,
    bridgeEvents: r.bridgeEvents,
    paths: r.paths,
    utilityProcesses: r.utilityProcesses,
    mainLoaded: r.mainLoaded,
    sessionHandlers: fake.session() ? Object.keys(fake.session().handlers) : [],
  };
}

let loop = null;
async function run(msg) {
  const win = () => fake.electron.BrowserWindow.getAllWindows()[0];
  switch (msg.cmd) {
    case 'state':
      return state();
    case 'invoke':
      return fake.invokeMain(win()?.webContents ?? {}, msg.frameUrl === undefined ? win().webContents.url : msg.frameUrl, msg.channel, msg.args ?? []);
    case 'bridge': {
      // ['ops', 'media.create'] or ['listener', 'status']: operation names contain dots.
      let target = fake.bridge;
      const parts = [...msg.path];
      const name = parts.pop();
      for (const p of parts) target = target[p];
      const args = msg.args ?? [];
      // A renderer bug: a function inside the payload, which structured clone refuses.
      if (msg.uncloneable) args[0] = { ...args[0], onDone() {} };
      return target[name](...args);
    }
    case 'clickNotification':
      r.shownNotifications[msg.index ?? 0].emit('click');
      return true;
    // The user pressed one of a notification's buttons (Electron: 'action' with the button's index).
    case 'notificationAction':
      r.shownNotifications[msg.index ?? 0].emit('action', {}, msg.action);
      return true;
    case 'subscribe':
      fake.bridge.onEvent(msg.name, (payload) => r.bridgeEvents.push({ name: msg.name, payload }));
      return true;
    case 'fetch': {
      const res = await fake.fetchThroughProtocol(msg.url);
      return { status: res.status, csp: res.headers.get('content-security-policy'), body: (await res.text()).slice(0, 2000) };
    }
    case 'dialogResponses':
      fake.dialogResponses.push(...msg.responses);
      return true;
    case 'crash':
      win().webContents.crash(msg.reason);
      return true;
    case 'quit':
      fake.electron.app.quit();
      return true;
    // bench/knockstorm.ts: this process's (main's) event-loop delay over a stretch of the run.
    case 'loopStart':
      loop = require('node:perf_hooks').monitorEventLoopDelay({ resolution: 1 });
      loop.enable();
      return true;
    case 'loopStop':
      loop.disable();
      return { p99: loop.percentile(99) / 1e6, max: loop.max / 1e6, notifications: r.notifications.length };
    default:
      throw new Error(`unknown command ${msg.cmd}`);
  }
}

process.on('message', (msg) => {
  run(msg).then(
    (value) => send({ id: msg.id, ok: true, value }),
    (e) => send({ id: msg.id, ok: false, error: String(e && e.message ? e.message : e) }),
  );
});

require(process.env.SMOKE_MAIN);
// Electron fires `ready` after the main script's first turn.
setTimeout(() => {
  fake.makeReady();
  send({ type: 'ready' });
}, 10);
