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
const tableReaders = new WeakMap<Database.Database, { name: string; rows: Database.Statement }[]>();

/** One prepared SELECT per table, made once per connection: the generated suites fingerprint thousands of times. */
function readers(db: Database.Database) {
  let list = tableReaders.get(db);
  if (!list) {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
    list = tables.map((name) => ({ name, rows: db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).raw() }));
    tableReaders.set(db, list);
  }
  return list;
}

export function fingerprint(db: Database.Database, opts: { skipColumns?: readonly string[] } = {}): Record<string, string> {
  const skip = new Set(opts.skipColumns ?? []);
  const out: Record<string, string> = {};
  for (const { name, rows: stmt } of readers(db)) {
    const kept = skip.size ? skippedColumns(stmt, skip) : undefined;
    const rows = stmt.all() as unknown[][];
    const data = kept ? rows.map((r) => kept.map((i) => r[i])) : rows;
    out[name] = crypto.createHash('sha256').update(JSON.stringify(data)).digest('hex').slice(0, 16) + `:${rows.length}`;
  }
  return out;
}

function skippedColumns(stmt: Database.Statement, skip: Set<string>): number[] {
  return stmt.columns().flatMap((c, i) => (skip.has(c.name) ? [] : [i]));
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
