// The API the renderer sees as `window.guestlist`. Types only: the Electron
// preload implements it over IPC, and the test harness implements it over a
// loopback HTTP channel, so the renderer can't tell the difference.
import type { DomainEventName, DomainEvents } from '../core/events';
import type { ErrorInfo } from '../core/errors';
import type { LanAddress } from '../core/network';
import type { ReachResult } from '../listener/reach';
import type { OperationName } from './schemas';
import type { HostStatus, ListenerStatus } from './status';
import type { Api, Result } from './table';

export type { Api, Result, OperationName, ErrorInfo, ReachResult, LanAddress, HostStatus, ListenerStatus };

/** Desktop-side settings (electron-store). Base URL and lobby policy live in the core. */
export interface AppSettings {
  host: string;
  port: number;
  /** L1 "My network": the LAN address automatic links use when the listener binds all interfaces ('' = a sensible default). */
  linkHost: string;
  /**
   * L5 "The internet": the reverse proxies or tunnels whose X-Forwarded-For/-Proto are believed, comma-separated
   * ('' = the default: loopback while a public URL is set, nobody otherwise).
   */
  trustProxy: string;
  language: string;
  notifyOnKnock: boolean;
  /** How much the app's logs say (logs/ in the data folder): fatal, error, warn, info, debug, trace or silent. */
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

export interface BridgeEvents extends DomainEvents {
  'listener.status': ListenerStatus;
  /** The main process asks the console to open a media page, e.g. when a knock notification is clicked. */
  'app.openMedia': { mediaId: number };
  /** The host process (data and listener): running, restarting after it stopped unexpectedly, or stopped for good. */
  'host.status': HostStatus;
  /** V7: someone's live state in this room changed (connected, sending, muted, let speak): read live.status again. */
  'live.people': { mediaId: number };
}
export type BridgeEventName = DomainEventName | 'listener.status' | 'app.openMedia' | 'host.status' | 'live.people';

export type Ops = { [K in OperationName]: (input: Api[K]['input']) => Promise<Result<Api[K]['output']>> };

export interface GuestlistBridge {
  /** One method per moderator operation, named as in the table. */
  ops: Ops;
  onEvent<K extends BridgeEventName>(name: K, handler: (payload: BridgeEvents[K]) => void): () => void;
  app: {
    /** L1: this computer's non-loopback addresses, a sensible default first, for "My network". */
    lanAddresses(): Promise<LanAddress[]>;
    getSettings(): Promise<AppSettings>;
    /** Changing host or port restarts the listener and reports its new status. */
    setSettings(patch: Partial<AppSettings>): Promise<Result<AppSettings>>;
    /** V7: opens live.join's URL as the app's own moderator (camera and microphone for that origin only). */
    openLiveSession(url: string): Promise<Result<null>>;
  };
  listener: {
    status(): Promise<ListenerStatus>;
    /** L3: moves to the next free port after a "port in use" error. */
    useNextFreePort(): Promise<Result<ListenerStatus>>;
    /** L4: "Check now": checks that links reach this listener; resolves with the status carrying the result. */
    checkReach(): Promise<ListenerStatus>;
  };
  clipboard: { writeText(text: string): Promise<Result<null>> };
  /** Opens the user's mail client (mailto:). */
  mail: { compose(input: { to: string; bcc?: string; subject: string; body: string }): Promise<Result<null>> };
  /** Save dialog: CSV exports and QR PNGs. Resolves null when the user cancels. */
  files: {
    save(input: { defaultName: string; content: string; encoding: 'utf8' | 'base64' }): Promise<Result<{ path: string } | null>>;
  };
}
