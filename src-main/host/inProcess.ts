// Process: whichever runs it (pure Node). The host in this very process, as a
// HostChild: `guestlist serve`'s process IS the host, so it runs runHost with
// an in-process transport and talks to it through HostClient like main does.
// Messages are structured-cloned and delivered on a later microtask, as over
// a real channel, so nothing shares objects with the host by accident.
import { EventEmitter } from 'node:events';
import type { HostChild } from './client';
import { type HostOptions, type RunningHost, runHost } from './host';

export function inProcessHost(opts: HostOptions): HostChild {
  const toHost = new EventEmitter();
  const toMain = new EventEmitter();
  let exited: number | null | undefined;
  let running: RunningHost | null = null;
  const exit = (code: number | null) => {
    if (exited !== undefined) return;
    exited = code;
    setImmediate(() => toMain.emit('exit', code));
  };
  void runHost(
    {
      send: (msg) => {
        const copy = structuredClone(msg);
        queueMicrotask(() => toMain.emit('message', copy));
      },
      onMessage: (handler) => toHost.on('message', handler),
      // Never process.exit: the process belongs to its caller.
      exit,
    },
    opts,
  ).then(
    (h) => {
      running = h;
    },
    (e: unknown) => {
      opts.log?.('the in-process host failed to start', e);
      exit(1);
    },
  );
  return {
    send: (msg) => {
      const copy = structuredClone(msg);
      queueMicrotask(() => toHost.emit('message', copy));
    },
    onMessage: (handler) => toMain.on('message', handler),
    onExit: (handler) => {
      if (exited !== undefined) handler(exited);
      else toMain.once('exit', handler);
    },
    kill: () => {
      void (running?.shutdown() ?? Promise.resolve()).finally(() => exit(null));
    },
  };
}
