// Process: host (pure Node; never imports electron). The one process that
// owns the data: it opens the core (SQLite), follows what other processes
// write to the same file, runs the guest listener (Fastify) and the knock
// notifier's coalescing, and answers main's requests (protocol.ts). In the
// app it runs as an Electron utilityProcess (entry.ts); `guestlist serve` and
// the test harness run the very same code under plain Node.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { engineFromSettings, SwitchableEngine } from '../live';
import type { ListenerStatus } from '../api/bridge';
import { callOperation } from '../api/table';
import { type Core, openCore } from '../core';
import { isAppError, toErrorInfo } from '../core/errors';
import { DOMAIN_EVENT_NAMES } from '../core/events';
import { createListener, findFreePort } from '../listener';
import { checkReach } from '../listener/reach';
import { asError, isLogLevel, logCallback, type Logger } from '../log';
import { impliesLocalProxy, trustedProxies } from '../listener/trustProxy';
import { KnockNotifier } from './knockNotifier';
import { ListenerController } from './listenerController';
import { type HostMessage, type HostMethods, type HostRequest, type ListenerConfig, parseRequest } from './protocol';

/** How the host talks to main: utilityProcess's parentPort, child_process IPC, or an in-process pair. */
export interface HostTransport {
  send(msg: HostMessage): void;
  onMessage(handler: (msg: unknown) => void): void;
  /** Leaves the process (after `shutdown` replied, or after `failed`). */
  exit(code: number): void;
}

export interface HostOptions {
  dataDir: string;
  /** better-sqlite3's binding built for Electron's ABI (the app passes it; plain Node needs none). */
  nativeBinding?: string;
  /** P5: how long a waiting guest's page may be gone before they count as left (tests shorten it). */
  lobbyGraceMs?: number;
  /** How often the follower looks for other processes' changes (default: core's). */
  followIntervalMs?: number;
  /** L4: how long a reach check may wait for the base URL (default 5 s; the harness shortens it). */
  reachTimeoutMs?: number;
  /** Knock notifications: at most one per room per this many ms (default 2 s). */
  knockWindowMs?: number;
  log?(message: string, error?: unknown): void;
  /** How often the host looks for queued invite emails (default 5 s). */
  mailPollMs?: number;
  /**
   * Structured logs (src-main/log): the listener's request lines, the host's
   * own events (listener and live engine state) and errors. When given, `log`
   * writes to it as well.
   */
  logger?: Logger;
  /** `log.setLevel` from main changes the level (the app's setting). */
  setLogLevel?(level: string): void;
  /** A core already open (`guestlist serve`, whose process is the host): used instead of opening one; closed at shutdown. */
  core?: Core;
}

export interface RunningHost {
  core: Core;
  /** The same as the `shutdown` request, for a signal or a lost parent. Idempotent. */
  shutdown(): Promise<void>;
}

const NO_STATUS: ListenerStatus = { state: 'stopped', host: '127.0.0.1', port: 0, url: null, error: null, nextFreePort: null };

/**
 * Opens the core and serves main's requests. Resolves with the running host,
 * or null after sending `failed` (the core could not open: main explains it
 * with describeStartupError and may fork a new host to try again).
 */
export async function runHost(transport: HostTransport, opts: HostOptions): Promise<RunningHost | null> {
  const logger = opts.logger;
  const toLogger = logger ? logCallback(logger) : null;
  const log = opts.log ?? toLogger ?? ((m: string, e?: unknown) => console.warn(`[host] ${m}`, e ?? ''));
  const send = (msg: HostMessage) => {
    try {
      transport.send(msg);
    } catch (e) {
      log('could not send a message to main', e);
    }
  };

  let core: Core;
  try {
    // The same check main used to make: a missing Electron binding is explained, not a stack.
    if (opts.core) core = opts.core;
    else {
      if (opts.nativeBinding && !fs.existsSync(opts.nativeBinding)) throw new Error(`Cannot find module ${opts.nativeBinding}`);
      core = openCore({ dataDir: opts.dataDir, nativeBinding: opts.nativeBinding });
    }
  } catch (e) {
    log('could not open the core', e);
    const error = isAppError(e) ? toErrorInfo(e) : { code: 'DB_OPEN_FAILED' as const, message: e instanceof Error ? e.message : String(e) };
    send({ type: 'failed', error, appError: isAppError(e) });
    return null;
  }
  const c = core;
  logger?.info({ dataDir: c.dataDir }, 'host started');
  // What the CLI does on the same file reaches main's windows as events.
  c.followOtherProcesses(opts.followIntervalMs);

  // V5: the live engine belongs to the host, not to one listener: it outlives listener restarts and stops with the host.
  // V6: on "my network", Janus offers the LAN address the links use (config is read when Janus starts).
  const engine = new SwitchableEngine(() =>
    engineFromSettings(c, { runtimeDir: path.join(os.tmpdir(), `guestlist-live-${process.pid}`), iceEnforce: () => (config?.linkHost ? [config.linkHost] : []), log }),
  );

  // The live engine's start, restart, failure and stop, once per change.
  let engineState = '';
  const offEngineLog = logger
    ? engine.onStatus((s) => {
        const key = `${s.source}:${s.state}`;
        if (key === engineState) return;
        engineState = key;
        const fields = { state: s.state, source: s.source, ...(s.reason ? { reason: s.reason } : {}) };
        if (s.state === 'unavailable') logger.warn(fields, 'live engine');
        else logger.info(fields, 'live engine');
      })
    : () => {};

  // The listener's running / stopped / error, once per change.
  let listenerState = '';
  const logStatus = (s: ListenerStatus) => {
    if (!logger) return;
    const key = `${s.state} ${s.url ?? ''} ${s.error?.code ?? ''}`;
    if (key === listenerState || s.state === 'starting') return;
    listenerState = key;
    if (s.state === 'error') logger.error({ host: s.host, port: s.port, code: s.error?.code, nextFreePort: s.nextFreePort }, 'listener failed');
    else logger.info({ host: s.host, port: s.port, ...(s.url ? { url: s.url } : {}) }, `listener ${s.state}`);
  };

  let config: ListenerConfig | null = null;
  const listener = new ListenerController(
    {
      start: (host, port) =>
        createListener({
          core: c,
          host,
          port,
          lobbyGraceMs: opts.lobbyGraceMs,
          liveEngine: engine,
          logger,
          onError: (e) => (logger ? logger.error({ err: asError(e) }, 'listener error') : log('listener error', e)),
          onLivePeople: (mediaId) => send({ type: 'event', name: 'live.people', payload: { mediaId } }),
          // L1: "My network" links use the chosen LAN address.
          linkHost: config?.linkHost || undefined,
          // L5: an explicit list is used as given; the app's setting falls back to loopback behind an https public URL.
          trustProxy: Array.isArray(config?.trustProxy) ? config.trustProxy : trustedProxies(config?.trustProxy ?? '', c.settings.explicitBaseUrl()),
        }),
      checkReach: () => checkReach(c, { timeoutMs: opts.reachTimeoutMs }),
      findFreePort,
      onStatus: (status) => {
        logStatus(status);
        send({ type: 'event', name: 'listener.status', payload: status });
      },
      log: (m) => log(m),
    },
    NO_STATUS.host,
    NO_STATUS.port,
  );

  // Knocks are coalesced here, next to the core: main gets at most one `knock` per room per window.
  let knocksEnabled = false;
  const notifier = new KnockNotifier({
    person: (id) => c.participants.find(id),
    mediaTitle: (id) => c.media.get(id).title,
    enabled: () => knocksEnabled,
    notify: (_text, _mediaId, knock) => send({ type: 'knock', knock }),
    log: (m, e) => log(m, e),
    windowMs: opts.knockWindowMs,
  });
  const offNotifier = c.events.on('participant.changed', (p) => notifier.onParticipantChanged(p));
  const offEvents = DOMAIN_EVENT_NAMES.map((name) => c.events.on(name, (payload) => send({ type: 'event', name, payload })));

  // Invite emails: sent here in the background, one at a time. Rows a dead
  // process left "sending" are queued again; queued rows (left by the last
  // run, or queued by the CLI beside the app) are picked up at once and then
  // looked for every few seconds. Quitting mid-send loses nothing: the row
  // stays "sending" and is queued again at the next start.
  let stopping: Promise<void> | null = null;
  let mailing: Promise<void> | null = null;
  let mailAgain = false;
  const kickMail = (): void => {
    if (mailing) {
      mailAgain = true;
      return;
    }
    mailing = (async () => {
      do {
        mailAgain = false;
        await c.inviteSends.drain();
      } while (mailAgain && !stopping);
    })()
      .catch((e: unknown) => log('sending invite emails failed', e))
      .finally(() => {
        mailing = null;
      });
  };
  try {
    c.inviteSends.requeueAbandoned();
  } catch (e) {
    log('could not queue again the invite emails a previous run left', e);
  }
  kickMail();
  const mailPoll = setInterval(() => {
    try {
      if (!mailing && !stopping && c.inviteSends.hasQueued()) kickMail();
    } catch (e) {
      log('could not look for queued invite emails', e);
    }
  }, opts.mailPollMs ?? 5000);
  mailPoll.unref?.();

  const shutdown = (): Promise<void> => {
    stopping ??= (async () => {
      clearInterval(mailPoll);
      await listener.stop();
      await engine.stop().catch((e: unknown) => log('the live engine did not stop cleanly', e));
      offNotifier();
      offEngineLog();
      for (const off of offEvents) off();
      notifier.stop();
      try {
        c.close();
      } catch (e) {
        log('database close failed', e);
      }
      logger?.info('host stopped');
    })();
    return stopping;
  };

  const handlers: { [M in keyof HostMethods]: (params: HostMethods[M]['params']) => Promise<HostMethods[M]['value']> | HostMethods[M]['value'] } = {
    op: async ({ name, input, actor }) => {
      const was = c.settings.explicitBaseUrl();
      const r = await callOperation(c, name, input, actor);
      // V5: a new engine choice takes effect at once; open pages reconnect to it.
      if ((name === 'invites.create' || name === 'invites.email' || name === 'mail.settings.set') && r.ok) kickMail();
      if (name === 'live.settings.set' && r.ok) void engine.replace().catch((e: unknown) => log('switching the live engine failed', e));
      if (name === 'settings.set' && r.ok) {
        // L5: trusted proxies follow the choice (loopback behind an https public URL), so a switch restarts the listener;
        // L4: either way the new base URL is checked at once (the status carries the result).
        const s = listener.status();
        const now = c.settings.explicitBaseUrl();
        if (((was === null) !== (now === null) || impliesLocalProxy(was) !== impliesLocalProxy(now)) && s.state !== 'stopped') void listener.start(s.host, s.port);
        else void listener.checkReach();
      }
      return r;
    },
    'listener.start': (params) => {
      config = params;
      return listener.start(params.host, params.port);
    },
    'listener.stop': () => listener.stop(),
    'listener.status': () => listener.status(),
    'listener.checkReach': () => listener.checkReach(),
    'mail.setPassword': ({ password }) => {
      c.mailSettings.setRuntimePassword(password);
      // Sends that failed for want of it can now be retried; queued ones go now.
      kickMail();
      return null;
    },
    'log.setLevel': ({ level }) => {
      if (isLogLevel(level)) {
        if (logger) logger.level = level;
        opts.setLogLevel?.(level);
      }
      return null;
    },
    'knocks.setEnabled': ({ enabled }) => {
      knocksEnabled = enabled;
      return null;
    },
    shutdown: async () => {
      await shutdown();
      return null;
    },
  };

  const handle = async (msg: unknown): Promise<void> => {
    const parsed = parseRequest(msg);
    if (!parsed.ok) {
      log(`refused a message: ${parsed.error.message}`);
      if (parsed.id !== null) send({ type: 'reply', id: parsed.id, ok: false, error: parsed.error });
      return;
    }
    const req = parsed.request as HostRequest;
    if (stopping && req.method !== 'shutdown') {
      send({ type: 'reply', id: req.id, ok: false, error: { code: 'HOST_UNAVAILABLE', message: 'Guestlist is closing its data.' } });
      return;
    }
    try {
      const value = await (handlers[req.method] as (p: unknown) => unknown)(req.params);
      send({ type: 'reply', id: req.id, ok: true, value });
    } catch (e) {
      log(`${req.method} failed`, e);
      send({ type: 'reply', id: req.id, ok: false, error: toErrorInfo(e) });
    }
    if (req.method === 'shutdown') transport.exit(0);
  };
  // No message, however malformed, may throw into the process.
  transport.onMessage((msg) => void handle(msg).catch((e: unknown) => log('a message handler failed', e)));

  send({ type: 'ready', pid: process.pid });
  return { core: c, shutdown };
}
