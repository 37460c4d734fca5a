// The listener's options: a leaf (types only), so index.ts and context.ts both
// read them without importing each other.
import type { Core } from '../core';
import type { LiveEngine } from '../live/engine';
import type { Logger } from '../log';
import type { RateLimits } from './security';

export interface ListenerOptions {
  core: Core;
  host: string;
  port: number;
  /** Overrides for tests; defaults are tuned for one office behind one IP (S2). */
  rateLimits?: Partial<RateLimits>;
  /** SSE heartbeat interval; a comment line keeps proxies and the lobby honest. */
  heartbeatMs?: number;
  /**
   * Group commit for redemptions (default on): see core/batcher.ts. Off runs
   * one transaction per request; the benchmark compares the two.
   */
  groupCommit?: boolean;
  /** P5: how long a waiting guest's lobby page may be gone before they count as left (default 60 s). */
  lobbyGraceMs?: number;
  /**
   * How long a guest's write (a redemption, a raised hand, chat…) keeps trying
   * while another process holds the database's write lock, before the guest
   * gets "busy, try again in a moment" (503). Default 3 s (core/busy.ts).
   */
  busyDeadlineMs?: number;
  /**
   * One line per answered request (method, route pattern, status, time, the
   * address the throttles key on), at level info; never a URL, cookie, token,
   * CSRF value or email (src-main/log). Default: none.
   */
  logger?: Logger;
  /** Called with unexpected (5xx) errors; the guest only ever sees a code. */
  onError?: (error: unknown) => void;
  /**
   * L5: peers whose X-Forwarded-For and X-Forwarded-Proto are believed
   * (addresses, CIDR ranges, or `loopback`). Default: none.
   */
  trustProxy?: readonly string[];
  /** L1: the address links use while the base URL is automatic, when binding all interfaces. Default: a LAN address. */
  linkHost?: string;
  /** L1: record the address in the data folder (default on). */
  recordAddress?: boolean;
  /**
   * V1: the live engine rooms use. The host passes its own (it outlives
   * listener restarts); without one, the listener makes a built-in Janus of
   * its own, started on first use and stopped with the listener.
   */
  liveEngine?: LiveEngine;
  /** S2: connections accepted at once. Default: half the soft limit on open files (connectionBudget). */
  maxConnections?: number;
  /** V7: someone's live state in a room changed (the host tells the app). */
  onLivePeople?: (mediaId: number) => void;
}
