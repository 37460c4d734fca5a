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
import type { Ctx } from './context';
import type { DomainEvents } from './events';

interface AuditTail {
  id: number;
  media_id: number | null;
  action: string;
  subject_type: string;
  subject_id: number | null;
}

const PARTICIPANT_CHANGES: Record<string, DomainEvents['participant.changed']['change']> = {
  'participant.knocked': 'waiting',
  'participant.joined': 'admitted',
  'participant.admitted': 'admitted',
  'participant.denied': 'denied',
  'participant.removed': 'removed',
  'participant.left': 'left',
};

const LINK_CHANGES: Record<string, DomainEvents['link.changed']['change']> = {
  'link.created': 'created',
  'link.deleted': 'deleted',
  'link.rotated': 'rotated',
  'link.edited': 'edited',
};

const INVITE_CHANGES: Record<string, DomainEvents['invite.changed']['change']> = {
  'invite.created': 'created',
  'invite.revoked': 'revoked',
  'invite.role-changed': 'role',
  'invite.lobby-changed': 'role',
  'invite.email-mismatch': 'mismatch',
};

/** Starts following other processes' changes; returns the function that stops. */
export function followOtherProcesses(ctx: Ctx, intervalMs = 500): () => void {
  const db = ctx.db;
  const version = () => (ctx.stmt('PRAGMA data_version').get() as { data_version: number }).data_version;
  let seen = version();
  const maxId = () => (ctx.stmt('SELECT coalesce(max(id), 0) AS n FROM audit_log').get() as { n: number }).n;
  ctx.trackOwnAudit(true);
  let lastId = maxId();

  const participantRow = (id: number) =>
    ctx.stmt('SELECT state, guest_link_id, invite_id FROM participants WHERE id = ?').get(id) as
      | { state: DomainEvents['participant.changed']['state']; guest_link_id: number | null; invite_id: number | null }
      | undefined;

  const replay = (e: AuditTail) => {
    const mediaId = e.media_id;
    const subject = e.subject_id;
    if (mediaId === null || subject === null) return;
    const participantChange = PARTICIPANT_CHANGES[e.action];
    if (participantChange) {
      const p = participantRow(subject);
      if (!p) return;
      ctx.events.emit('participant.changed', { mediaId, participantId: subject, state: p.state, change: participantChange });
      if (participantChange === 'waiting' || e.action === 'participant.joined') {
        if (p.guest_link_id !== null) ctx.events.emit('link.changed', { mediaId, linkId: p.guest_link_id, change: 'used' });
        if (p.invite_id !== null) ctx.events.emit('invite.changed', { mediaId, inviteId: p.invite_id, change: 'used' });
      }
      return;
    }
    if (LINK_CHANGES[e.action]) return ctx.events.emit('link.changed', { mediaId, linkId: subject, change: LINK_CHANGES[e.action]! });
    if (INVITE_CHANGES[e.action]) return ctx.events.emit('invite.changed', { mediaId, inviteId: subject, change: INVITE_CHANGES[e.action]! });
    if (e.subject_type === 'media') ctx.events.emit('media.changed', { mediaId });
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
    seen = now;
    for (;;) {
      const rows = ctx.stmt('SELECT id, media_id, action, subject_type, subject_id FROM audit_log WHERE id > ? ORDER BY id LIMIT 1000').all(lastId) as AuditTail[];
      for (const row of rows) {
        lastId = row.id;
        if (ctx.forgetOwnAudit(row.id)) continue;
        replay(row);
      }
      if (rows.length < 1000) break;
    }
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
