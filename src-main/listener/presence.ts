// P5: who is really here. The listener knows which lobby and session pages
// are open (their live streams); this keeps the database in step, so the
// moderator's list can show connected people apart from closed pages, and a
// waiting guest whose lobby page has been gone for longer than the grace
// period becomes "left" and drops out of Waiting (and out of "Admit all").
import type { Core } from '../core';
import { isBusy, retryDelayMs } from '../core/busy';

export const DEFAULT_LOBBY_GRACE_MS = 60_000;

export class Presence {
  /** Open live streams per participant. */
  private readonly open = new Map<number, number>();
  /** When a page of a waiting guest was last seen (a lobby load, a stream closing). */
  private readonly lastSeen = new Map<number, number>();
  /** Page-open changes not yet written: one transaction per event-loop turn, not one per stream. */
  private readonly pending = new Map<number, boolean>();
  private flushScheduled = false;
  private stopped = false;
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly core: Core,
    private readonly graceMs: number = DEFAULT_LOBBY_GRACE_MS,
    private readonly onError: (e: unknown) => void = () => {},
    private readonly now: () => number = Date.now,
  ) {
    this.sweeper = setInterval(() => this.sweep(), Math.max(50, Math.min(5_000, Math.floor(graceMs / 4))));
    this.sweeper.unref();
  }

  /** A lobby page was loaded (works without JavaScript too: the lobby's meta refresh counts). */
  seen(id: number): void {
    this.lastSeen.set(id, this.now());
  }

  opened(id: number): void {
    const n = (this.open.get(id) ?? 0) + 1;
    this.open.set(id, n);
    if (n === 1) this.write(id, true);
  }

  closed(id: number): void {
    const n = (this.open.get(id) ?? 1) - 1;
    this.lastSeen.set(id, this.now());
    if (n > 0) return void this.open.set(id, n);
    this.open.delete(id);
    this.write(id, false);
  }

  /** Marks as left every waiting guest with no open page for longer than the grace period. Never throws. */
  sweep(): void {
    if (this.stopped) return;
    let waiting: number[];
    try {
      waiting = this.core.participants.waitingIds();
    } catch (e) {
      return this.onError(e);
    }
    const t = this.now();
    const stillWaiting = new Set(waiting);
    for (const id of waiting) {
      if (this.open.has(id)) continue;
      const seen = this.lastSeen.get(id);
      // Someone this process has never seen (it just started): the clock starts now.
      if (seen === undefined) {
        this.lastSeen.set(id, t);
        continue;
      }
      if (t - seen <= this.graceMs) continue;
      this.lastSeen.delete(id);
      try {
        this.core.participants.leave(id, 'system', 'page-closed');
      } catch (e) {
        // O4: another process holds the lock: try again on the next sweep.
        if (isBusy(e)) {
          this.lastSeen.set(id, seen);
          continue;
        }
        // Admitted or denied meanwhile: nothing to do. Anything else is reported.
        if ((e as { code?: string }).code !== 'PARTICIPANT_STATE') this.onError(e);
      }
    }
    for (const id of this.lastSeen.keys()) if (!stillWaiting.has(id)) this.lastSeen.delete(id);
  }

  close(): void {
    this.stopped = true;
    clearInterval(this.sweeper);
  }

  private write(id: number, open: boolean): void {
    if (this.stopped) return;
    this.pending.set(id, open);
    this.schedule(0);
  }

  private busyAttempts = 0;

  private schedule(delayMs: number): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    const run = () => {
      this.flushScheduled = false;
      if (this.stopped || this.pending.size === 0) return;
      const changes = [...this.pending];
      this.pending.clear();
      try {
        this.core.participants.setPagesOpen(changes);
        this.busyAttempts = 0;
      } catch (e) {
        if (!isBusy(e)) return this.onError(e);
        // O4: another process holds the lock; nothing was written. Keep the
        // changes (newer ones win) and try again shortly, without blocking.
        for (const [pid, open] of changes) if (!this.pending.has(pid)) this.pending.set(pid, open);
        this.schedule(retryDelayMs(++this.busyAttempts));
      }
    };
    if (delayMs === 0) setImmediate(run);
    else setTimeout(run, delayMs).unref();
  }
}
