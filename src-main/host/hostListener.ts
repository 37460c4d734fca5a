// Process: main (pure Node; no electron import). The guest listener as main
// sees it now that it runs in the host: the same start / status / checkReach
// as ListenerController (appMethods.ts' ListenerControl), relayed to the host
// with main's settings (host, port, L1 link address, L5 trusted proxies).
// `status()` stays synchronous: it is the last status the host reported
// (every change comes as a `listener.status` event).
import type { ListenerStatus } from '../api/bridge';
import { ERROR_MESSAGES } from '../core/errors';
import type { HostClient } from './client';
import type { ListenerConfig } from './protocol';

export interface HostListenerOptions {
  client: Pick<HostClient, 'call'>;
  /** The settings the listener needs besides host and port, read at each start. */
  settings(): { linkHost: string; trustProxy: string };
  /** Each status change (from a reply or the host's event). */
  onStatus?(status: ListenerStatus): void;
}

export class HostListener {
  private current: ListenerStatus;

  constructor(
    private readonly o: HostListenerOptions,
    host: string,
    port: number,
  ) {
    this.current = { state: 'stopped', host, port, url: null, error: null, nextFreePort: null };
  }

  status(): ListenerStatus {
    return { ...this.current };
  }

  /** The host's `listener.status` event. */
  onHostStatus(status: ListenerStatus): void {
    this.set(status);
  }

  /** Starts (or restarts) on host:port in the host process; never rejects. */
  async start(host: string, port: number): Promise<ListenerStatus> {
    const s = this.o.settings();
    const config: ListenerConfig = { host, port, linkHost: s.linkHost, trustProxy: s.trustProxy };
    return this.settle(await this.o.client.call('listener.start', config), host, port);
  }

  async checkReach(): Promise<ListenerStatus> {
    return this.settle(await this.o.client.call('listener.checkReach', {}), this.current.host, this.current.port);
  }

  async stop(): Promise<ListenerStatus> {
    return this.settle(await this.o.client.call('listener.stop', {}), this.current.host, this.current.port);
  }

  /** While the host is down its listener is too: the status bar says so, with the reason. */
  hostDown(): void {
    if (this.current.state === 'stopped') return;
    this.set({ ...this.current, state: 'error', url: null, nextFreePort: null, reach: null, error: { code: 'HOST_UNAVAILABLE', message: ERROR_MESSAGES.HOST_UNAVAILABLE } });
  }

  private settle(r: Awaited<ReturnType<HostClient['call']>>, host: string, port: number): ListenerStatus {
    if (r.ok) this.set(r.value as ListenerStatus);
    else this.set({ state: 'error', host, port, url: null, error: r.error, nextFreePort: null });
    return this.status();
  }

  private set(s: ListenerStatus): void {
    // A start is reported twice (the host's event, then the reply): the UI hears about a change once.
    const changed = JSON.stringify(s) !== JSON.stringify(this.current);
    this.current = { ...s };
    if (changed) this.o.onStatus?.(this.status());
  }
}
