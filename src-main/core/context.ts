import type Database from 'better-sqlite3';
import type { Db } from './db/open';
import { DomainEmitter, type DomainEventName, type DomainEvents } from './events';
import { type DomainEvent, eventsFor } from './eventsFor';

/** Who did something, for the audit log (O3). */
export type Actor = string;

/**
 * What every domain module works with: the database, a clock, the emitter.
 * Writes go through `write`, which runs one IMMEDIATE transaction and
 * emits the domain events only after it committed.
 */
export class Ctx {
  private readonly cache = new Map<string, Database.Statement>();
  private pending: Array<() => void> | null = null;
  /**
   * Moves after every write this process makes (committed or not) and every
   * commit of another process that the follower sees: what was read before
   * is still true while it stays the same.
   */
  generation = 0;
  /** IDs of committed audit entries this process wrote, while another process's are being followed. */
  private ownAudit: Set<number> | null = null;

  constructor(
    readonly db: Db,
    readonly events: DomainEmitter,
    readonly now: () => Date,
  ) {}

  nowIso(): string {
    return this.now().toISOString();
  }

  stmt(sql: string): Database.Statement {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.cache.set(sql, s);
    }
    return s;
  }

  /**
   * Runs fn in a transaction. BEGIN IMMEDIATE takes the write lock up front,
   * so another process holding the file waits (busy timeout) instead of
   * failing with SQLITE_BUSY when a read upgrades to a write.
   * Nested calls become savepoints of the outer transaction.
   */
  write<T>(fn: () => T): T {
    if (this.db.inTransaction) {
      if (!this.batchItem) return this.transaction(fn);
      // The first write of a batch item: the item's own savepoint (writeBatch) stands for this one's.
      const item = this.batchItem;
      this.batchItem = null;
      try {
        return fn();
      } catch (e) {
        item.failed = { error: e };
        throw e;
      }
    }
    const outer = this.pending === null;
    if (outer) this.pending = [];
    try {
      const result = this.transaction(fn);
      const queued = this.pending ?? [];
      if (outer) this.pending = null;
      if (outer) for (const emit of queued) emit();
      return result;
    } catch (e) {
      if (outer) this.pending = null;
      throw e;
    } finally {
      // Whatever was read during or before this write may have changed.
      if (outer) this.generation++;
    }
  }

  private transactionCount = 0;

  /** Which write transaction is open (a new number for each BEGIN): what was read in it holds until it ends, but for its own writes. */
  get transactionNumber(): number {
    return this.db.inTransaction ? this.transactionCount : -1;
  }

  private txStatements: Record<'begin' | 'commit' | 'rollback' | 'savepoint' | 'release' | 'rollbackTo', Database.Statement> | null = null;

  /**
   * fn in a new IMMEDIATE transaction, or in a savepoint of the one already
   * open: committed (released) if it returns, rolled back if it throws. What
   * better-sqlite3's db.transaction(fn) does, with its statements prepared
   * once: db.transaction builds four wrapper functions on every call, which a
   * redemption paid twice (its savepoint in the batch, its own write).
   */
  private transaction<T>(fn: () => T): T {
    const s = (this.txStatements ??= {
      begin: this.db.prepare('BEGIN IMMEDIATE'),
      commit: this.db.prepare('COMMIT'),
      rollback: this.db.prepare('ROLLBACK'),
      savepoint: this.db.prepare('SAVEPOINT gl_write'),
      release: this.db.prepare('RELEASE gl_write'),
      rollbackTo: this.db.prepare('ROLLBACK TO gl_write'),
    });
    const nested = this.db.inTransaction;
    (nested ? s.savepoint : s.begin).run();
    if (!nested) this.transactionCount++;
    try {
      const result = fn();
      (nested ? s.release : s.commit).run();
      return result;
    } catch (e) {
      // A failed COMMIT (or an error SQLite already rolled back) may have ended the transaction.
      if (this.db.inTransaction) {
        if (nested) {
          s.rollbackTo.run();
          s.release.run();
        } else s.rollback.run();
      }
      throw e;
    }
  }

  /** Set while a batch item runs, until its first write: that write needs no savepoint of its own. */
  private batchItem: { failed: { error: unknown } | null } | null = null;

  /**
   * Runs several writes in one transaction, each in its own savepoint (group
   * commit). An item's first write runs in the item's savepoint rather than in
   * one of its own (one savepoint per item, not two); if that write throws, the
   * whole item is rolled back, even if `each` caught the error.
   */
  writeBatch<I, T>(items: readonly I[], each: (item: I) => T): Array<{ ok: true; value: T } | { ok: false; error: unknown }> {
    return this.write(() =>
      items.map((item) => {
        const marks = this.pending?.length ?? 0;
        try {
          const value = this.transaction(() => {
            const current = { failed: null as { error: unknown } | null };
            this.batchItem = current;
            try {
              const v = each(item);
              if (current.failed) throw current.failed.error;
              return v;
            } finally {
              this.batchItem = null;
            }
          });
          return { ok: true as const, value };
        } catch (error) {
          if (this.pending) this.pending.length = marks; // drop events of the rolled-back savepoint
          return { ok: false as const, error };
        }
      }),
    );
  }

  emit<K extends DomainEventName>(name: K, payload: DomainEvents[K]): void {
    if (this.pending) this.pending.push(() => this.events.emit(name, payload));
    else this.events.emit(name, payload);
  }

  /** Emits one derived event (after the COMMIT, like `emit`). */
  emitEvent(e: DomainEvent): void {
    (this.emit as (name: DomainEventName, payload: unknown) => void)(e.name, e.payload);
  }

  /**
   * O3: appends to the audit log, and emits the domain events the entry
   * stands for (eventsFor.ts, the same function the follower of other
   * processes uses), after the COMMIT.
   */
  audit(entry: { mediaId: number | null; actor: Actor; action: string; subjectType: string; subjectId: number | null; details?: Record<string, unknown> }): void {
    const info = this.stmt(
      'INSERT INTO audit_log (media_id, at, actor, action, subject_type, subject_id, details) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(entry.mediaId, this.nowIso(), entry.actor, entry.action, entry.subjectType, entry.subjectId, JSON.stringify(entry.details ?? {}));
    if (this.ownAudit) {
      const id = Number(info.lastInsertRowid);
      // Kept once committed: a rolled-back savepoint drops it with its events.
      if (this.pending) this.pending.push(() => this.ownAudit?.add(id));
      else this.ownAudit.add(id);
    }
    for (const e of eventsFor({ ...entry, details: entry.details ?? {} })) this.emitEvent(e);
  }

  /** Whether otherProcesses.ts is following the other processes' commits (then `generation` sees them): it keeps our audit IDs exactly while it does. */
  get followingOthers(): boolean {
    return this.ownAudit !== null;
  }

  /** Starts (or stops) keeping the IDs of this process's audit entries; see otherProcesses.ts. */
  trackOwnAudit(on: boolean): void {
    this.ownAudit = on ? (this.ownAudit ?? new Set()) : null;
  }

  /** Whether this process wrote that audit entry; forgets it either way. */
  forgetOwnAudit(id: number): boolean {
    return this.ownAudit?.delete(id) ?? false;
  }

  /** Forgets every own entry: all of them have been seen. */
  clearOwnAudit(): void {
    this.ownAudit?.clear();
  }
}
