// Changes made by another process on the same database file (the CLI next
// to the app, or next to `guestlist serve`) reach this process's emitter, so
// a guest admitted from a terminal sees their lobby open without a refresh,
// and the app's lists follow what the CLI did.
//
// How: `PRAGMA data_version` changes only when another connection commits,
// so an idle check costs one pragma. When it moves, the audit log (which
// every moderator operation and every redemption appends to, O3) is read
// from where we left off, and each entry another process wrote becomes the
// domain event this process would have emitted for it. Entries this
// process wrote are skipped: their events went out already (Ctx.audit keeps
// their IDs).
// their IDs). The events are derived by eventsFor (eventsFor.ts), the same
// function that derives this process's own events, so both agree.
import type { Ctx } from './context';
import { eventsFor } from './eventsFor';

interface AuditTail {
  id: number;
  media_id: number | null;
  action: string;
  subject_type: string;
  subject_id: number | null;
  details: string;
}

function parseDetails(json: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(json);
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Starts following other processes' changes; returns the function that stops. */
export function followOtherProcesses(ctx: Ctx, intervalMs = 500, onForeign?: (action: string) => void): () => void {
  const db = ctx.db;
  const version = () => (ctx.stmt('PRAGMA data_version').get() as { data_version: number }).data_version;
  let seen = version();
  const maxId = () => (ctx.stmt('SELECT coalesce(max(id), 0) AS n FROM audit_log').get() as { n: number }).n;
  ctx.trackOwnAudit(true);
  let lastId = maxId();

  const replay = (e: AuditTail) => {
    onForeign?.(e.action);
    const facts = { mediaId: e.media_id, action: e.action, subjectType: e.subject_type, subjectId: e.subject_id, details: parseDetails(e.details) };
    // DomainEmitter keeps a failing handler from stopping the others.
    for (const ev of eventsFor(facts)) ctx.events.emit(ev.name as never, ev.payload as never);
  };

  const check = () => {
    if (!db.open) return;
    const now = version();
    if (now === seen) {
      // No other connection committed since the last look: every newer entry is ours.
      lastId = maxId();
      ctx.clearOwnAudit();
      return;
    }
    // Another process committed: what this one read before may have changed.
    ctx.generation++;
    for (;;) {
      const rows = ctx.stmt('SELECT id, media_id, action, subject_type, subject_id, details FROM audit_log WHERE id > ? ORDER BY id LIMIT 1000').all(lastId) as AuditTail[];
      for (const row of rows) {
        lastId = row.id;
        if (ctx.forgetOwnAudit(row.id)) continue;
        replay(row);
      }
      if (rows.length < 1000) break;
    }
    // Only once everything up to `now` was read: a failed read is read again next time.
    seen = now;
  };

  const timer = setInterval(() => {
    try {
      check();
    } catch (e) {
      // A busy or closing database: try again on the next tick.
      if (db.open) console.warn('[core] following other processes:', (e as Error).message);
    }
  }, intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    ctx.trackOwnAudit(false);
  };
}
