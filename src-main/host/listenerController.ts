// Process: host (pure Node; no electron import). Owns the guest listener's
// lifecycle for the desktop app: start with the saved settings, restart when
// host or port change, report status (L3), and move to the next free port.
import type { ListenerStatus, ReachResult } from '../api/bridge';
import { isAppError, toErrorInfo } from '../core/errors';

export interface ListenerHandle {
  url: string;
  host: string;
  port: number;
  close(): Promise<void>;
}

export interface ListenerControllerDeps {
  start(host: string, port: number): Promise<ListenerHandle>;
  findFreePort(host: string, from: number): Promise<number>;
  onStatus(status: ListenerStatus): void;
  /** L4: does the base URL reach this listener? Never rejects. */
  checkReach?(): Promise<ReachResult>;
  log?: (msg: string) => void;
}

export class ListenerController {
  private handle: ListenerHandle | null = null;
  private current: ListenerStatus;
  /** Serialises start/stop so a quick second settings change can't race the first. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: ListenerControllerDeps, host: string, port: number) {
    this.current = { state: 'stopped', host, port, url: null, error: null, nextFreePort: null };
  }

  status(): ListenerStatus {
    return { ...this.current };
  }

  /** Starts (or restarts) on host:port. Resolves with the new status; never rejects. */
  start(host: string, port: number): Promise<ListenerStatus> {
    return this.enqueue(async () => {
      await this.closeHandle();
      this.set({ state: 'starting', host, port, url: null, error: null, nextFreePort: null });
      try {
        this.handle = await this.deps.start(host, port);
        this.set({ state: 'running', host, port: this.handle.port, url: this.handle.url, error: null, nextFreePort: null, reach: null });
        // L4: checked right after, without holding up the start (a dead public URL may take seconds to time out).
        void this.checkReach();
      } catch (e) {
        const error = toErrorInfo(e);
        let nextFreePort: number | null = null;
        if (isAppError(e) && e.code === 'PORT_IN_USE') {
          const offered = e.details?.nextFreePort;
          nextFreePort = typeof offered === 'number' ? offered : await this.deps.findFreePort(host, port + 1).catch(() => null);
        }
        this.deps.log?.(`listener failed on ${host}:${port}: ${error.code}`);
        this.set({ state: 'error', host, port, url: null, error: isAppError(e) ? error : { code: 'LISTENER_FAILED', message: 'The guest listener could not start.' }, nextFreePort });
      }
      return this.status();
    });
  }

  /** L4: checks again ("Check now", or after the base URL changed); resolves with the status carrying the result. */
  checkReach(): Promise<ListenerStatus> {
    return this.enqueue(async () => {
      await this.runCheck();
      return this.status();
    });
  }

  private async runCheck(): Promise<void> {
    if (!this.deps.checkReach || this.current.state !== 'running') return;
    try {
      const reach = await this.deps.checkReach();
      if (this.current.state === 'running') this.set({ ...this.current, reach });
    } catch (e) {
      this.deps.log?.(`reach check failed: ${String(e)}`);
    }
  }

  /** Stops gracefully (open guest connections are closed by the listener). */
  stop(): Promise<ListenerStatus> {
    return this.enqueue(async () => {
      await this.closeHandle();
      this.set({ ...this.current, state: 'stopped', url: null, error: null, nextFreePort: null });
      return this.status();
    });
  }

  private async closeHandle(): Promise<void> {
    const h = this.handle;
    this.handle = null;
    if (h) await h.close().catch((e: unknown) => this.deps.log?.(`listener close failed: ${String(e)}`));
  }

  private set(s: ListenerStatus): void {
    this.current = s;
    this.deps.onStatus(this.status());
  }

  private enqueue<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
