import type { Ctx } from './context';

/**
 * Page views feed the link-activity funnel. They are counted in memory and
 * written in one small transaction per second, so a GET never waits for a
 * disk sync (a crash can lose at most a second of view counts, never a use).
 */
export class ViewCounter {
  private links = new Map<number, number>();
  private invites = new Map<number, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly ctx: Ctx,
    private readonly intervalMs = 1000,
  ) {}

  countLink(id: number): void {
    this.links.set(id, (this.links.get(id) ?? 0) + 1);
    this.schedule();
  }

  countInvite(id: number): void {
    this.invites.set(id, (this.invites.get(id) ?? 0) + 1);
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.intervalMs);
    this.timer.unref();
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.links.size === 0 && this.invites.size === 0) return;
    const links = this.links;
    const invites = this.invites;
    this.links = new Map();
    this.invites = new Map();
    if (!this.ctx.db.open) return;
    this.ctx.write(() => {
      for (const [id, n] of links) this.ctx.stmt('UPDATE guest_links SET views = views + ? WHERE id = ?').run(n, id);
      for (const [id, n] of invites) this.ctx.stmt('UPDATE invites SET views = views + ? WHERE id = ?').run(n, id);
    });
  }
}
