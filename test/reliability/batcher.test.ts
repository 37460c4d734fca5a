import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { type Core, openCore } from '../../src-main/core';
import type { Redemption } from '../../src-main/core/access';
import { RedemptionBatcher } from '../../src-main/core/batcher';
import { ACTOR, manualClock, tmpDir } from '../helpers/tmp';
import { fingerprint } from '../helpers/seed';

/** A media entry with a limited link, an open link, a deleted link and two invites. */
function prepare(core: Core) {
  const media = core.media.create({ kind: 'room', title: 'Webinar', guestAccess: true }, ACTOR);
  const limited = core.links.create({ mediaId: media.id, name: 'Limited', clicks: 3 }, ACTOR);
  const open = core.links.create({ mediaId: media.id, name: 'Open' }, ACTOR);
  const gone = core.links.create({ mediaId: media.id, name: 'Gone' }, ACTOR);
  core.links.delete(gone.id, ACTOR);
  const lobby = core.media.create({ kind: 'room', title: 'Lobby room', guestAccess: true, requireAdmission: true }, ACTOR);
  const lobbyLink = core.links.create({ mediaId: lobby.id, name: 'Lobby' }, ACTOR);
  const invites = core.invites.createMany({ mediaId: media.id, emails: ['ann@example.org', 'bob@example.org'], role: 'speaker' }, ACTOR);
  const inv = invites.map((r) => (r.ok ? r.invite.token : ''));
  return { media, limited: limited.token, open: open.token, gone: gone.token, lobby: lobbyLink.token, ann: inv[0]!, bob: inv[1]! };
}

type Call = { kind: 'link' | 'invite'; token: keyof ReturnType<typeof prepare>; form: { name?: unknown; email?: unknown } };
const CALLS: Call[] = [
  { kind: 'link', token: 'limited', form: { name: 'A', email: 'a@example.org' } },
  { kind: 'link', token: 'limited', form: { name: '', email: 'b@example.org' } },
  { kind: 'link', token: 'limited', form: { name: 'C', email: 'not-an-email' } },
  { kind: 'link', token: 'limited', form: { name: 'D', email: 'd@example.org' } },
  { kind: 'link', token: 'open', form: { name: '  E  ', email: 'E@Example.org' } },
  { kind: 'link', token: 'limited', form: { name: 'F', email: 'f@example.org' } },
  { kind: 'link', token: 'limited', form: { name: 'G', email: 'g@example.org' } }, // no clicks left
  { kind: 'link', token: 'gone', form: { name: 'H', email: 'h@example.org' } },
  { kind: 'link', token: 'lobby', form: { name: 'I', email: 'i@example.org' } },
  { kind: 'invite', token: 'ann', form: { name: 'Ann', email: 'ann@example.org' } },
  { kind: 'invite', token: 'bob', form: { name: 'Bob', email: 'mallory@example.org' } }, // mismatch, recorded
  { kind: 'link', token: 'limited', form: { name: 'J', email: 'j@example.org' } },
];

/** Results without the random parts (session secret). */
function strip(r: Redemption): unknown {
  if (r.ok) return { ...r, secret: typeof r.secret === 'string' && r.secret.length >= 32 ? 'secret' : r.secret };
  return r;
}

const RANDOM = ['token', 'session_hash'];

describe('G4/O2: group commit (RedemptionBatcher)', () => {
  it('G4: gives the same results, rows and events as the one-transaction-per-call path', async () => {
    const clock = manualClock();
    const a = openCore({ dataDir: tmpDir(), now: clock.now });
    const b = openCore({ dataDir: tmpDir(), now: clock.now });
    const ta = prepare(a);
    const tb = prepare(b);
    const evA: unknown[] = [];
    const evB: unknown[] = [];
    for (const n of ['participant.changed', 'link.changed', 'invite.changed'] as const) {
      a.events.on(n, (p) => evA.push([n, p]));
      b.events.on(n, (p) => evB.push([n, p]));
    }
    const direct = CALLS.map((c) => (c.kind === 'link' ? a.access.redeemGuestLink(ta[c.token] as string, c.form as never) : a.access.redeemInvite(ta[c.token] as string, c.form as never)));
    const batcher = new RedemptionBatcher(b);
    const batched = await Promise.all(CALLS.map((c) => (c.kind === 'link' ? batcher.redeemGuestLink(tb[c.token] as string, c.form as never) : batcher.redeemInvite(tb[c.token] as string, c.form as never))));

    expect(batcher.stats.batches).toBe(1);
    expect(batched.map(strip)).toEqual(direct.map(strip));
    expect(batched.filter((r) => r.ok)).toHaveLength(6);
    expect(batched.map((r) => (r.ok ? 'ok' : r.reason))).toEqual(['ok', 'invalid-form', 'invalid-form', 'ok', 'ok', 'ok', 'no-clicks-left', 'link-deleted', 'ok', 'ok', 'email-mismatch', 'no-clicks-left']);
    expect(fingerprint(b.db, { skipColumns: RANDOM })).toEqual(fingerprint(a.db, { skipColumns: RANDOM }));
    expect(evB).toEqual(evA);
    a.close();
    b.close();
  });

  it('G4: the click limit holds within one batch (200 submits in one turn, limit 37)', async () => {
    const core = openCore({ dataDir: tmpDir() });
    const media = core.media.create({ kind: 'room', title: 'Webinar', guestAccess: true }, ACTOR);
    const link = core.links.create({ mediaId: media.id, name: 'Everyone', clicks: 37 }, ACTOR);
    const batcher = new RedemptionBatcher(core);
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => batcher.redeemGuestLink(link.token, { name: `G${i}`, email: `g${i}@load.test` })));
    expect(batcher.stats.batches).toBe(1);
    expect(results.filter((r) => r.ok)).toHaveLength(37);
    expect(results.filter((r) => !r.ok && r.reason === 'no-clicks-left')).toHaveLength(163);
    // The first 37 in arrival order got in.
    expect(results.slice(0, 37).every((r) => r.ok)).toBe(true);
    expect(core.links.get(link.id).uses).toBe(37);
    expect((core.db.prepare('SELECT count(*) AS n FROM participants WHERE guest_link_id = ?').get(link.id) as { n: number }).n).toBe(37);
    core.close();
  });

  it('G4: a batch reads the link once, and the next batch reads it again: a change made between them is seen', async () => {
    const core = openCore({ dataDir: tmpDir() });
    const media = core.media.create({ kind: 'room', title: 'Webinar', guestAccess: true }, ACTOR);
    const link = core.links.create({ mediaId: media.id, name: 'Everyone' }, ACTOR);
    const batcher = new RedemptionBatcher(core);
    const first = await Promise.all([1, 2, 3].map((i) => batcher.redeemGuestLink(link.token, { name: `G${i}`, email: `g${i}@load.test` })));
    expect(first.every((r) => r.ok)).toBe(true);
    core.media.update(media.id, { guestAccess: false }, ACTOR);
    const second = await Promise.all([4, 5].map((i) => batcher.redeemGuestLink(link.token, { name: `G${i}`, email: `g${i}@load.test` })));
    expect(second.map((r) => (r.ok ? 'ok' : r.reason))).toEqual(['guest-access-off', 'guest-access-off']);
    core.links.delete(link.id, ACTOR);
    expect(await batcher.redeemGuestLink(link.token, { name: 'G6', email: 'g6@load.test' })).toMatchObject({ ok: false, reason: 'link-deleted' });
    expect(batcher.stats.batches).toBe(3);
    expect(core.links.get(link.id).uses).toBe(3);
    core.close();
  });

  it('G4: a batch larger than maxBatch is split into several commits, limit still exact', async () => {
    const core = openCore({ dataDir: tmpDir() });
    const media = core.media.create({ kind: 'room', title: 'Webinar', guestAccess: true }, ACTOR);
    const link = core.links.create({ mediaId: media.id, name: 'Everyone', clicks: 25 }, ACTOR);
    const batcher = new RedemptionBatcher(core, { maxBatch: 10 });
    const results = await Promise.all(Array.from({ length: 45 }, (_, i) => batcher.redeemGuestLink(link.token, { name: `G${i}`, email: `g${i}@load.test` })));
    expect(batcher.stats.batches).toBe(5);
    expect(batcher.stats.largestBatch).toBe(10);
    expect(results.filter((r) => r.ok)).toHaveLength(25);
    expect(core.links.get(link.id).uses).toBe(25);
    core.close();
  });

  it('O2: a failing item rolls back only its own savepoint (writes and events); the rest commit', async () => {
    const core = openCore({ dataDir: tmpDir() });
    const media = core.media.create({ kind: 'room', title: 'Webinar', guestAccess: true }, ACTOR);
    const link = core.links.create({ mediaId: media.id, name: 'Everyone', clicks: 10 }, ACTOR);
    // Make one redemption fail after it wrote everything (use counted, participant, audit, events queued).
    const original = core.access.redeemGuestLink;
    core.access.redeemGuestLink = (token, form) => {
      const r = original(token, form);
      if (form.name === 'boom') throw new Error('boom after writing');
      return r;
    };
    const seen: number[] = [];
    core.events.on('participant.changed', (p) => seen.push(p.participantId));
    const before = core.audit.list(media.id).length;
    const batcher = new RedemptionBatcher(core);
    const settled = await Promise.allSettled(['a', 'b', 'boom', 'c'].map((n) => batcher.redeemGuestLink(link.token, { name: n, email: `${n}@example.org` })));
    expect(batcher.stats.batches).toBe(1);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((settled[2] as PromiseRejectedResult).reason.message).toBe('boom after writing');
    const rows = core.db.prepare('SELECT id, name FROM participants ORDER BY id').all() as { id: number; name: string }[];
    expect(rows.map((r) => r.name)).toEqual(['a', 'b', 'c']);
    expect(core.links.get(link.id).uses).toBe(3);
    expect(core.audit.list(media.id).length - before).toBe(3);
    expect(seen).toEqual(rows.map((r) => r.id)); // no event for the rolled-back one
    core.close();
  });

  it('O2: events fire after the commit, and no promise resolves before it', async () => {
    const dir = tmpDir();
    const core = openCore({ dataDir: dir });
    const media = core.media.create({ kind: 'room', title: 'Webinar', guestAccess: true }, ACTOR);
    const link = core.links.create({ mediaId: media.id, name: 'Everyone' }, ACTOR);
    const reader = new Database(path.join(dir, 'guestlist.db'), { readonly: true });
    const count = () => (reader.prepare('SELECT count(*) AS n FROM participants').get() as { n: number }).n;
    const atEvent: number[] = [];
    core.events.on('participant.changed', () => atEvent.push(count()));
    const batcher = new RedemptionBatcher(core);
    let resolved = 0;
    const all = Array.from({ length: 5 }, (_, i) => batcher.redeemGuestLink(link.token, { name: `G${i}`, email: `g${i}@x.org` }).then((r) => (resolved++, r)));
    expect(batcher.pending).toBe(5);
    await Promise.resolve();
    await new Promise((r) => process.nextTick(r));
    expect(resolved).toBe(0); // still queued: nothing answered, nothing written
    expect(count()).toBe(0);
    await Promise.all(all);
    // Another connection saw all 5 rows when the first event fired: the commit came first.
    expect(atEvent).toEqual([5, 5, 5, 5, 5]);
    reader.close();
    core.close();
  });

  it('O2: if the transaction cannot commit, every promise of the batch rejects and nothing is written', async () => {
    const dir = tmpDir();
    const core = openCore({ dataDir: dir, busyTimeoutMs: 50 });
    const media = core.media.create({ kind: 'room', title: 'Webinar', guestAccess: true }, ACTOR);
    const link = core.links.create({ mediaId: media.id, name: 'Everyone', clicks: 5 }, ACTOR);
    const other = new Database(path.join(dir, 'guestlist.db'));
    other.exec('BEGIN IMMEDIATE'); // another process holds the write lock
    const batcher = new RedemptionBatcher(core, { busyDeadlineMs: 100 });
    const settled = await Promise.allSettled([1, 2, 3].map((i) => batcher.redeemGuestLink(link.token, { name: `G${i}`, email: `g${i}@x.org` })));
    expect(settled.every((s) => s.status === 'rejected')).toBe(true);
    // O4: tried again without blocking until the deadline, then "busy": nothing written, nothing lost silently.
    expect(settled.map((s) => (s.status === 'rejected' ? (s.reason as { code?: string }).code : null))).toEqual(['DB_BUSY', 'DB_BUSY', 'DB_BUSY']);
    expect(batcher.stats.busyRetries).toBeGreaterThan(1);
    other.exec('ROLLBACK');
    other.close();
    expect(core.links.get(link.id).uses).toBe(0);
    // And the batcher recovers on the next turn.
    const r = await batcher.redeemGuestLink(link.token, { name: 'Later', email: 'later@x.org' });
    expect(r.ok).toBe(true);
    core.close();
  });
});
