// Preloaded (--require) into the host process the fake `utilityProcess.fork`
// starts, so the built out/main/host.js sees what it sees under Electron:
// `process.parentPort` (an EventEmitter; 'message' gives { data, ports };
// postMessage), and no `process.send`. Underneath it is Node's fork IPC with
// structured-clone serialization. It also reports, on a side channel the fake
// keeps out of main's sight, when the host's listener and database close, so
// the smoke test reads the quit order across both processes.
'use strict';
const { EventEmitter } = require('node:events');

const rawSend = process.send.bind(process);
// A parent that just went away is not this process's error (Electron drops the message too).
const send = (m) => rawSend(m, () => undefined);
const parentPort = new EventEmitter();
parentPort.postMessage = (message) => {
  if (process.connected) send({ data: message });
};
// Messages wait until the first 'message' handler is registered, as Electron's docs say.
const queued = [];
parentPort.on('newListener', (event) => {
  if (event !== 'message') return;
  setImmediate(() => {
    for (const m of queued.splice(0)) parentPort.emit('message', { data: m, ports: [] });
  });
});
process.on('message', (m) => {
  if (parentPort.listenerCount('message') === 0) queued.push(m);
  else parentPort.emit('message', { data: m, ports: [] });
});
Object.defineProperty(process, 'parentPort', { value: parentPort, enumerable: false });
process.send = undefined;

const smoke = (event) => {
  if (process.connected) send({ smoke: event });
};
const http = require('node:http');
const serverClose = http.Server.prototype.close;
http.Server.prototype.close = function (...a) {
  smoke('listener closed');
  return serverClose.apply(this, a);
};
const Database = require('better-sqlite3');
const dbClose = Database.prototype.close;
Database.prototype.close = function (...a) {
  if (this.open) smoke('database closed');
  return dbClose.apply(this, a);
};
