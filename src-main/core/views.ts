import { isBusy } from './busy';
import type { Ctx } from './context';

/**
 * Page views feed the link-activity funnel. They are counted in memory and
 * written in one small transaction per second, so a GET never waits for a
 * disk sync (a crash can lose at most a second of view counts, never a use).
 *
 * The flush runs on a timer, so it must never throw (O4): if the write fails
 * (another process holds the lock, a full disk), the counts go back into
 * memory and are written on a later flush; nothing is lost or counted twice
 * (the transaction either committed all of them or none).
 */
export class ViewCounter {
  private links = new Map<number, number>();
  private invites = new Map<number, number>();
  private timer: NodeJS.Timeout | null = null;
  /** Failed flushes in a row, for the back-off. */
  private failures = 0;

  constructor(
    private readonly ctx: Ctx,
    private readonly intervalMs = 1000,
    private readonly log: (message: string) => void = (m) => console.warn(m),
  ) {}

  countLink(id: number): void {
    this.links.set(id, (this.links.get(id) ?? 0) + 1);
    this.schedule();
  }

  countInvite(id: number): void {
    this.invites.set(id, (this.invites.get(id) ?? 0) + 1);
    this.schedule();
  }

  /** Views counted but not yet written. */
  get pending(): number {
    let n = 0;
    for (const v of this.links.values()) n += v;
    for (const v of this.invites.values()) n += v;
    return n;
  }

  private schedule(): void {
    if (this.timer) return;
    // After failures, wait longer (up to 10 s) so a long lock isn't hammered.
    const delay = Math.min(10_000, this.intervalMs * 2 ** Math.min(this.failures, 4));
    this.timer = setTimeout(() => this.flushSafely(), delay);
    this.timer.unref();
  }

  /** The timer's flush: never throws; on failure the counts wait for the next one. */
  private flushSafely(): void {
    try {
      this.flush();
    } catch (e) {
      // flush() already kept the counts; say why once per failure.
      if (!isBusy(e)) this.log(`[core] page views not saved yet, will retry: ${(e as Error).message}`);
    }
  }

  /** Writes the counts now. Throws if the write failed; the counts are then kept for later. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.links.size === 0 && this.invites.size === 0) return;
    const links = this.links;
    const invites = this.invites;
    this.links = new Map();
    this.invites = new Map();
    if (!this.ctx.db.open) return;
    try {
      this.ctx.write(() => {
        for (const [id, n] of links) this.ctx.stmt('UPDATE guest_links SET views = views + ? WHERE id = ?').run(n, id);
        for (const [id, n] of invites) this.ctx.stmt('UPDATE invites SET views = views + ? WHERE id = ?').run(n, id);
      });
      this.failures = 0;
    } catch (e) {
      // Rolled back: put the counts back (with any counted meanwhile) and try again later.
      for (const [id, n] of links) this.links.set(id, (this.links.get(id) ?? 0) + n);
      for (const [id, n] of invites) this.invites.set(id, (this.invites.get(id) ?? 0) + n);
      this.failures += 1;
      this.schedule();
      throw e;
    }
  }
}
