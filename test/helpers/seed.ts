// A small world of every kind of record, shared by the bad-input tests
// (hand-written cases and generated ones), and a fingerprint to prove that
// a refused operation wrote nothing.
import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import { ACTOR, okInvites, tmpCore } from './tmp';

/**
 * A hash per table of every row (rowid order). Columns holding random values
 * (tokens, session hashes) can be left out to compare two runs.
 */
export function fingerprint(db: Database.Database, opts: { skipColumns?: readonly string[] } = {}): Record<string, string> {
  const skip = new Set(opts.skipColumns ?? []);
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    const rows = db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all() as Record<string, unknown>[];
    const kept = rows.map((r) => Object.entries(r).filter(([k]) => !skip.has(k)));
    out[name] = crypto.createHash('sha256').update(JSON.stringify(kept)).digest('hex').slice(0, 16) + `:${rows.length}`;
  }
  return out;
}

/**
 * A room with guest access and a live link, a channel room, a room with its
 * 3 links, a deleted link, an invite, a revoked invite and one participant.
 */
export function seededWorld(opts: { linkClicks?: number } = {}) {
  const core = tmpCore();
  const room = core.media.create({ kind: 'room', title: 'Room', guestAccess: true }, ACTOR);
  const channel = core.media.create({ kind: 'channel-room', title: 'Channel' }, ACTOR);
  const full = core.media.create({ kind: 'room', title: 'Full' }, ACTOR);
  for (const n of ['a', 'b', 'c']) core.links.create({ mediaId: full.id, name: n }, ACTOR);
  const link = core.links.create({ mediaId: room.id, name: 'L', clicks: opts.linkClicks }, ACTOR);
  const gone = core.links.create({ mediaId: room.id, name: 'gone' }, ACTOR);
  core.links.delete(gone.id, ACTOR);
  const [inv, revoked] = okInvites(core.invites.createMany({ mediaId: room.id, emails: ['a@x.co', 'r@x.co'], role: 'viewer' }, ACTOR));
  core.invites.revoke(revoked!.id, ACTOR);
  const p = core.access.redeemGuestLink(link.token, { name: 'P', email: 'p@x.co' });
  if (!p.ok) throw new Error('seed failed');
  return { core, room: room.id, channel: channel.id, full: full.id, link: link.id, gone: gone.id, invite: inv!.id, revoked: revoked!.id, participant: p.participant.id };
}
