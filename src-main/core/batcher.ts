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
import type { Core } from './index';
import type { GuestForm, Redemption } from './access';

type Kind = 'guest-link' | 'invite';

interface Pending {
  kind: Kind;
  token: string;
  form: Partial<GuestForm>;
  resolve: (r: Redemption) => void;
  reject: (e: unknown) => void;
}

export interface BatcherOptions {
  /** Most redemptions in one transaction; the rest go to the next turn. Keeps one commit short. */
  maxBatch?: number;
}

export interface BatcherStats {
  batches: number;
  items: number;
  largestBatch: number;
}

export class RedemptionBatcher {
  private queue: Pending[] = [];
  private scheduled = false;
  private readonly maxBatch: number;
  readonly stats: BatcherStats = { batches: 0, items: 0, largestBatch: 0 };

  constructor(
    private readonly core: Core,
    options: BatcherOptions = {},
  ) {
    this.maxBatch = Math.max(1, options.maxBatch ?? 512);
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
      this.queue.push({ kind, token, form, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  /** Runs everything queued so far (up to maxBatch) in one transaction. */
  flush(): void {
    this.scheduled = false;
    if (this.queue.length === 0) return;
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
      for (const p of batch) p.reject(e);
      return;
    }
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
