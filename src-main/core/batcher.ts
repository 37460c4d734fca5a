// Group commit for guest redemptions (G4, O2).
//
// Why: the database runs with synchronous=FULL, so every COMMIT costs one
// fsync of the WAL. One transaction per HTTP request therefore caps the
// listener at "one fsync per guest": on the reference machine that was 0.065
// of a bare Node server (0.16 with synchronous=NORMAL, which is not
// power-safe). When a guest link goes to a webinar's whole audience,
// thousands of submits arrive in the same minute, and most of that time is
// spent waiting on the disk, one guest at a time.
//
// What: redemptions that arrive in the same event-loop turn are queued and
// run together, on the next `setImmediate` (the check phase, i.e. after the
// poll phase has handed every readable request to its handler), inside ONE
// `BEGIN IMMEDIATE` transaction via `ctx.writeBatch`, with a SAVEPOINT per
// redemption. So:
//   - one fsync per turn instead of one per request;
//   - each redemption is still checked against the link's live state inside
//     the write lock (the conditional `uses < max_uses` UPDATE of G4 sees the
//     uses counted by earlier items of the same batch), so the click limit
//     holds within a batch and across processes;
//   - an item that throws rolls back only its own savepoint (and drops only
//     its own queued events); the others still commit;
//   - no promise resolves before the COMMIT has returned, i.e. before the WAL
//     was fsynced: a guest who got an answer (the 303) is on disk. If the
//     COMMIT itself fails, every promise of the batch rejects and nothing of
//     the batch was written. Acknowledged ⇒ durable.
//   - domain events (lobby SSE, renderer push) are emitted by `ctx.write`
//     after the COMMIT, before the promises resolve.
// BEGIN IMMEDIATE (not DEFERRED) takes the write lock up front: a deferred
// transaction that upgrades to a write gave SQLITE_BUSY under load.
//
// Another process holding the lock (O4): BEGIN fails with SQLITE_BUSY and
// nothing was written, so the batch goes back to the front of the queue and
// is tried again a few ms later (core/busy.ts), without blocking the event
// loop. Each redemption has a deadline (3 s by default) counted from its
// arrival: past it, it rejects with DB_BUSY, still unwritten, and the guest
// is told to try again in a moment (503). None is lost or counted twice.
import { busyError, isBusy, retryDelayMs, WRITE_DEADLINE_MS } from './busy';
import type { Core } from './index';
import type { GuestForm, Redemption } from './access';

type Kind = 'guest-link' | 'invite';

interface Pending {
  kind: Kind;
  token: string;
  form: Partial<GuestForm>;
  /** Past this (Date.now()), a redemption that hasn't got the lock gives up with DB_BUSY. */
  deadline: number;
  resolve: (r: Redemption) => void;
  reject: (e: unknown) => void;
}

export interface BatcherOptions {
  /** Most redemptions in one transaction; the rest go to the next turn. Keeps one commit short. */
  maxBatch?: number;
  /** How long a redemption keeps trying to get another process's write lock, in ms. */
  busyDeadlineMs?: number;
}

export interface BatcherStats {
  batches: number;
  items: number;
  largestBatch: number;
  /** Times BEGIN found the lock held by another connection. */
  busyRetries: number;
  /** Redemptions that gave up with DB_BUSY. */
  busyRejected: number;
}

export class RedemptionBatcher {
  private queue: Pending[] = [];
  private scheduled = false;
  /** A retry after SQLITE_BUSY is waiting on a timer. */
  private retrying: NodeJS.Timeout | null = null;
  private busyAttempts = 0;
  private readonly maxBatch: number;
  private readonly busyDeadlineMs: number;
  readonly stats: BatcherStats = { batches: 0, items: 0, largestBatch: 0, busyRetries: 0, busyRejected: 0 };

  constructor(
    private readonly core: Core,
    options: BatcherOptions = {},
  ) {
    this.maxBatch = Math.max(1, options.maxBatch ?? 512);
    this.busyDeadlineMs = options.busyDeadlineMs ?? WRITE_DEADLINE_MS;
  }

  /** G4: same result as `core.access.redeemGuestLink`, resolved only after the commit. */
  redeemGuestLink(token: string, form: Partial<GuestForm>): Promise<Redemption> {
    return this.enqueue('guest-link', token, form);
  }

  /** I2: same result as `core.access.redeemInvite`, resolved only after the commit. */
  redeemInvite(token: string, form: Partial<GuestForm>): Promise<Redemption> {
    return this.enqueue('invite', token, form);
  }

  /** How many redemptions are waiting for the next commit. */
  get pending(): number {
    return this.queue.length;
  }

  private enqueue(kind: Kind, token: string, form: Partial<GuestForm>): Promise<Redemption> {
    return new Promise<Redemption>((resolve, reject) => {
      this.queue.push({ kind, token, form, deadline: Date.now() + this.busyDeadlineMs, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.retrying) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  /** Another process holds the lock: those past their deadline give up, the rest wait at the front. */
  private retryLater(batch: Pending[]): void {
    this.stats.busyRetries += 1;
    this.busyAttempts += 1;
    const delay = retryDelayMs(this.busyAttempts);
    const now = Date.now();
    const keep: Pending[] = [];
    for (const p of batch) {
      if (p.deadline < now + delay) {
        this.stats.busyRejected += 1;
        p.reject(busyError());
      } else keep.push(p);
    }
    this.queue = keep.concat(this.queue);
    if (this.queue.length === 0) {
      this.busyAttempts = 0;
      return;
    }
    this.scheduled = false;
    this.retrying = setTimeout(() => {
      this.retrying = null;
      this.flush();
    }, delay);
  }

  /** Runs everything queued so far (up to maxBatch) in one transaction. */
  flush(): void {
    this.scheduled = false;
    if (this.retrying || this.queue.length === 0) return; // a retry timer will flush

    const batch = this.queue.length <= this.maxBatch ? this.queue : this.queue.slice(0, this.maxBatch);
    this.queue = this.queue.length <= this.maxBatch ? [] : this.queue.slice(this.maxBatch);
    if (this.queue.length) this.schedule();

    const { access } = this.core;
    let results: Array<{ ok: true; value: Redemption } | { ok: false; error: unknown }>;
    try {
      if (!this.core.db.open) throw new Error('The database is closed.');
      results = this.core.ctx.writeBatch(batch, (p) => (p.kind === 'guest-link' ? access.redeemGuestLink(p.token, p.form) : access.redeemInvite(p.token, p.form)));
    } catch (e) {
      // BEGIN or COMMIT failed: nothing of this batch is on disk, nobody is told otherwise.
      if (isBusy(e)) return this.retryLater(batch);
      for (const p of batch) p.reject(e);
      return;
    }
    this.busyAttempts = 0;
    this.stats.batches += 1;
    this.stats.items += batch.length;
    this.stats.largestBatch = Math.max(this.stats.largestBatch, batch.length);
    // Committed (and fsynced): now, and only now, answer.
    batch.forEach((p, i) => {
      const r = results[i]!;
      if (r.ok) p.resolve(r.value);
      else p.reject(r.error);
    });
  }
}
