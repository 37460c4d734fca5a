// The status types main, the host and the renderer all speak: the listener's
// (L3) and the host process's. Types only, and a leaf: bridge.ts (the
// renderer's API), host/protocol.ts and host/client.ts import them from here,
// so none of them has to import another (bridge -> client -> protocol ->
// bridge was a loop; test/electron/importCycles.test.ts keeps it out).
import type { ErrorInfo } from '../core/errors';
import type { ReachResult } from '../listener/reach';

/** The listener's status, always visible in the app (L3). */
export interface ListenerStatus {
  state: 'starting' | 'running' | 'stopped' | 'error';
  host: string;
  port: number;
  /** Where it is listening, when running. */
  url: string | null;
  error: ErrorInfo | null;
  /** When the port was taken: the next free one, offered to the user. */
  nextFreePort: number | null;
  /** L4: the last reach check (null: not checked yet, or the listener isn't running). */
  reach?: ReachResult | null;
}

export type HostState = 'starting' | 'running' | 'restarting' | 'stopped';

/** The host process (host/client.ts), shown in the status bar. */
export interface HostStatus {
  state: HostState;
  /** How many times the host was restarted after dying unexpectedly. */
  restarts: number;
}
