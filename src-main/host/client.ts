// Process: main (pure Node; no electron import — the Electron wiring passes a
// `spawn` that forks with utilityProcess, tests and the harness one that forks
// with child_process). Talks to the host process (protocol.ts):
// - correlates each request with its one reply; a call never rejects, it
//   resolves a Result (HOST_UNAVAILABLE while the host is down or restarting);
// - delivers the host's events and knocks;
// - when the host dies unexpectedly, starts a new one (backoff, a cap) and
//   reports it: running → restarting → running, or stopped after too many.
import type { HostState, HostStatus } from '../api/status';
import type { ErrorInfo } from '../core/errors';
import { ERROR_MESSAGES } from '../core/errors';
import type { KnockSummary } from './knockNotifier';
import { type HostEventName, type HostMessage, type HostMethod, type HostMethods, isHostMessage } from './protocol';

/** One host process, however it was started. */
export interface HostChild {
  send(msg: unknown): void;
  onMessage(handler: (msg: unknown) => void): void;
  /** Called once when the process has gone (exit code, or null when killed by a signal). */
  onExit(handler: (code: number | null) => void): void;
  /** Ends the process now. */
  kill(): void;
}

export type { HostState, HostStatus } from '../api/status';

export type HostResult<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

export interface HostClientOptions {
  spawn(): HostChild;
  onEvent?(name: HostEventName, payload: unknown): void;
  onKnock?(knock: KnockSummary): void;
  onStatus?(status: HostStatus): void;
  /**
   * After a restart, once the new host is ready: main applies its settings again (listener, knocks).
   * Not called for the first start (the caller does that itself after `start()`).
   */
  onRestarted?(): void | Promise<void>;
  log?(message: string, error?: unknown): void;
  /** Restarts allowed within `restartWindowMs` before giving up (default 5 in 60 s). */
  maxRestarts?: number;
  restartWindowMs?: number;
  /** Wait before the n-th restart in a row (default 250 ms doubling, at most 5 s). */
  backoffMs?(attempt: number): number;
  /** How long a request may wait for its reply (default 30 s). */
  callTimeoutMs?: number;
  /** How long a new host may take to say ready or failed (default 30 s). */
  startTimeoutMs?: number;
}

const unavailable = (message: string = ERROR_MESSAGES.HOST_UNAVAILABLE): { ok: false; error: ErrorInfo } => ({ ok: false, error: { code: 'HOST_UNAVAILABLE', message } });

interface Pending {
  resolve(r: HostResult<unknown>): void;
  timer: NodeJS.Timeout;
}

export class HostClient {
  private child: HostChild | null = null;
  private ready = false;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private status_: HostStatus = { state: 'stopped', restarts: 0 };
  private stopping = false;
  private restartTimes: number[] = [];
  private restartTimer: NodeJS.Timeout | null = null;
  /** The pid the host reported in `ready` (tests kill it). */
  pid: number | null = null;

  constructor(private readonly opts: HostClientOptions) {}

  status(): HostStatus {
    return { ...this.status_ };
  }

  /**
   * Starts the host and waits for `ready` (ok) or `failed` (the core could not open: the error and whether it is
   * an AppError, for describeStartupError). A failed host is killed; calling start() again tries anew.
   */
  start(): Promise<HostResult<null> & { appError?: boolean }> {
    this.stopping = false;
    this.setStatus('starting');
    return this.launch();
  }

  /** One request; resolves with the reply, or HOST_UNAVAILABLE. Never rejects. */
  call<M extends HostMethod>(method: M, params: HostMethods[M]['params']): Promise<HostResult<HostMethods[M]['value']>> {
    const child = this.child;
    if (!child || !this.ready) return Promise.resolve(unavailable());
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve(unavailable());
      }, this.opts.callTimeoutMs ?? 30_000);
      this.pending.set(id, { resolve: resolve as Pending['resolve'], timer });
      try {
        child.send({ type: 'request', id, method, params });
      } catch (e) {
        this.opts.log?.(`could not send ${method} to the host`, e);
        this.settle(id, unavailable());
      }
    });
  }

  /** A moderator operation; the host's Result comes back as is (HOST_UNAVAILABLE when it can't answer). */
  async op(name: HostMethods['op']['params']['name'], input: unknown, actor: string): Promise<HostMethods['op']['value']> {
    const r = await this.call('op', { name, input, actor });
    return r.ok ? r.value : r;
  }

  /**
   * Quit: asks the host to stop its listener and close the database, waits for it to exit, and kills it if it
   * doesn't within `timeoutMs`. No restart follows.
   */
  async shutdown(timeoutMs = 5000): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const child = this.child;
    if (!child) {
      this.setStatus('stopped');
      return;
    }
    const exited = new Promise<void>((resolve) => child.onExit(() => resolve()));
    const deadline = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), timeoutMs).unref());
    const r = await Promise.race([this.call('shutdown', {}), deadline]);
    if (r === 'late' || !r.ok) this.opts.log?.('the host did not close in time; ending it');
    if (r === 'late' || !r.ok || (await Promise.race([exited.then(() => 'gone' as const), new Promise<'late'>((res) => setTimeout(() => res('late'), 1000).unref())])) === 'late') {
      child.kill();
    }
    await Promise.race([exited, new Promise<void>((res) => setTimeout(res, 1000).unref())]);
    this.setStatus('stopped');
  }

  private launch(): Promise<HostResult<null> & { appError?: boolean }> {
    return new Promise((resolve) => {
      let settled = false;
      const done = (r: HostResult<null> & { appError?: boolean }) => {
        if (settled) return;
        settled = true;
        clearTimeout(startTimer);
        resolve(r);
      };
      let child: HostChild;
      try {
        child = this.opts.spawn();
      } catch (e) {
        this.opts.log?.('could not start the host', e);
        this.setStatus('stopped');
        done(unavailable());
        return;
      }
      this.child = child;
      this.ready = false;
      const startTimer = setTimeout(() => {
        this.opts.log?.('the host did not start in time');
        child.kill();
        done(unavailable());
      }, this.opts.startTimeoutMs ?? 30_000);
      child.onMessage((raw) => {
        if (!isHostMessage(raw)) {
          this.opts.log?.('ignored a malformed message from the host');
          return;
        }
        const msg: HostMessage = raw;
        if (msg.type === 'ready') {
          this.ready = true;
          this.pid = msg.pid;
          this.setStatus('running');
          done({ ok: true, value: null });
        } else if (msg.type === 'failed') {
          // The core could not open: no restart loop, the caller explains it.
          this.child = null;
          child.kill();
          this.setStatus('stopped');
          done({ ok: false, error: msg.error, appError: msg.appError });
        } else {
          this.deliver(msg);
        }
      });
      child.onExit((code) => {
        if (this.child !== child) return;
        this.child = null;
        this.ready = false;
        this.pid = null;
        for (const id of [...this.pending.keys()]) this.settle(id, unavailable());
        done(unavailable());
        if (this.stopping) return;
        if (this.status_.state === 'starting') {
          // It never got going (the first start): the caller hears it from start(); no restart loop.
          this.setStatus('stopped');
          return;
        }
        this.opts.log?.(`the host stopped unexpectedly (exit code ${code ?? 'none, killed'}); restarting it`);
        this.scheduleRestart();
      });
    });
  }

  private scheduleRestart(): void {
    const now = Date.now();
    const windowMs = this.opts.restartWindowMs ?? 60_000;
    this.restartTimes = this.restartTimes.filter((t) => now - t < windowMs);
    if (this.restartTimes.length >= (this.opts.maxRestarts ?? 5)) {
      this.opts.log?.('the host keeps stopping; giving up');
      this.setStatus('stopped');
      return;
    }
    this.restartTimes.push(now);
    const attempt = this.restartTimes.length;
    this.status_.restarts += 1;
    this.setStatus('restarting');
    const wait = this.opts.backoffMs?.(attempt) ?? Math.min(5000, 250 * 2 ** (attempt - 1));
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.stopping) return;
      void this.launch().then(async (r) => {
        if (!r.ok) {
          // launch() already reported stopped (failed) or another exit scheduled the next try.
          if (this.child === null && this.status_.state === 'restarting' && !this.restartTimer) this.scheduleRestart();
          return;
        }
        try {
          await this.opts.onRestarted?.();
        } catch (e) {
          this.opts.log?.('setting up the restarted host failed', e);
        }
      });
    }, wait);
  }

  private deliver(msg: HostMessage): void {
    try {
      if (msg.type === 'reply') this.settle(msg.id, msg.ok ? { ok: true, value: msg.value } : { ok: false, error: msg.error });
      else if (msg.type === 'event') this.opts.onEvent?.(msg.name, msg.payload);
      else if (msg.type === 'knock') this.opts.onKnock?.(msg.knock);
    } catch (e) {
      // An event handler in main must not throw into the channel.
      this.opts.log?.(`handling a host ${msg.type} failed`, e);
    }
  }

  private settle(id: number, r: HostResult<unknown>): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    clearTimeout(p.timer);
    p.resolve(r);
  }

  private setStatus(state: HostState): void {
    this.status_ = { ...this.status_, state };
    try {
      this.opts.onStatus?.(this.status());
    } catch (e) {
      this.opts.log?.('a host status handler failed', e);
    }
  }
}
