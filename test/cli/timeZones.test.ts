// Issue 14 (CLI): times about a media entry are printed in that entry's time
// zone, with the zone named: link and invite expiry, participants' knock,
// join and leave times, audit times. The CLI's own `main` on a real SQLite
// file; the records are made through the core on a clock set by hand, so the
// expected local times are known. Asia/Kolkata is UTC+05:30 all year.
import { describe, expect, it } from 'vitest';
import { runCli as run } from './inProcess';
import { ACTOR, okInvites, tmpCore, tmpDir } from '../helpers/tmp';

/** A room scheduled in Kolkata with a 7-day link, an invite that was used, and guests who knocked, joined and left. */
function seed(schedule = true) {
  const dataDir = tmpDir();
  let t = Date.parse('2026-06-01T20:45:00.000Z');
  const core = tmpCore({ dataDir, now: () => new Date(t) });
  const media = core.media.create(
    {
      kind: 'room',
      title: 'Mumbai town hall',
      guestAccess: true,
      requireAdmission: true,
      ...(schedule ? { schedule: { startsAt: '2026-06-10T04:30:00.000Z', endsAt: '2026-06-10T05:30:00.000Z', timeZone: 'Asia/Kolkata' } } : {}),
    },
    ACTOR,
  );
  const link = core.links.create({ mediaId: media.id, name: 'Everyone', days: 7 }, ACTOR);
  const [invite] = okInvites(core.invites.createMany({ mediaId: media.id, emails: ['ravi@example.org'], role: 'speaker', days: 3 }, ACTOR));
  const ana = core.access.redeemGuestLink(link.token, { name: 'Ana', email: 'ana@example.org' });
  if (!ana.ok) throw new Error('knock failed');
  t = Date.parse('2026-06-01T21:00:00.000Z');
  core.participants.admit(ana.participant.id, ACTOR);
  const ravi = core.access.redeemInvite(invite!.token, { name: 'Ravi', email: 'ravi@example.org' });
  if (!ravi.ok) throw new Error('invite failed');
  core.participants.admit(ravi.participant.id, ACTOR);
  t = Date.parse('2026-06-01T21:30:00.000Z');
  core.participants.leave(ana.participant.id, 'guest:ana@example.org');
  const ids = { media: media.id, link: link.id, ana: ana.participant.id, expiresAt: core.links.get(link.id).expiresAt };
  core.close();
  return { dataDir, ...ids };
}

describe('CLI times in the media entry\'s time zone (issue 14)', () => {
  it('links list: expiry in the media\'s zone, the zone named in the header', async () => {
    const s = seed();
    expect(s.expiresAt).toBe('2026-06-08T20:45:00.000Z');
    const r = await run(s.dataDir, 'links', 'list', '--media', String(s.media));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('EXPIRES (Asia/Kolkata)');
    expect(r.stdout).toContain('2026-06-09 02:15');
    expect(r.stdout).not.toContain('2026-06-08');
  });

  it('links edit prints the new expiry in the media\'s zone too', async () => {
    const s = seed();
    const r = await run(s.dataDir, 'links', 'edit', '--link', String(s.link), '--name', 'All');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('EXPIRES (Asia/Kolkata)');
    expect(r.stdout.split('\n').find((l) => l.includes('All'))).toContain('2026-06-09 02:15');
  });

  it('participants list --all: knocked, joined and left in the media\'s zone', async () => {
    const s = seed();
    const r = await run(s.dataDir, 'participants', 'list', '--media', String(s.media), '--all');
    expect(r.status).toBe(0);
    const header = r.stdout.split('\n')[0]!;
    expect(header).toContain('KNOCKED (Asia/Kolkata)');
    expect(header).toContain('JOINED (Asia/Kolkata)');
    expect(header).toContain('LEFT (Asia/Kolkata)');
    const ana = r.stdout.split('\n').find((l) => l.includes('ana@example.org'))!;
    expect(ana).toContain('2026-06-02 02:15'); // knocked 20:45Z
    expect(ana).toContain('2026-06-02 02:30'); // joined 21:00Z
    expect(ana).toContain('2026-06-02 03:00'); // left 21:30Z
    expect(r.stdout).not.toMatch(/2026-06-01T/);
    // Without --all, only those waiting or in the room.
    const now = await run(s.dataDir, 'participants', 'list', '--media', String(s.media));
    expect(now.stdout).not.toContain('ana@example.org');
    expect(now.stdout).toContain('ravi@example.org');
  });

  it('invites list: expiry and last join in the media\'s zone', async () => {
    const s = seed();
    const r = await run(s.dataDir, 'invites', 'list', '--media', String(s.media));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('LAST JOINED (Asia/Kolkata)');
    const ravi = r.stdout.split('\n').find((l) => l.includes('ravi@example.org'))!;
    expect(ravi).toContain('2026-06-05 02:15'); // 3 days after 20:45Z on 1 June
    expect(ravi).toContain('2026-06-02 02:30'); // joined 21:00Z
  });

  it('audit: each entry\'s time in the media\'s zone, to the second', async () => {
    const s = seed();
    const r = await run(s.dataDir, 'audit', '--media', String(s.media));
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toContain('AT (Asia/Kolkata)');
    expect(r.stdout).toContain('2026-06-02 02:15:00');
    expect(r.stdout).not.toMatch(/2026-06-01T20:45/);
  });

  it('a media entry without a schedule has no zone of its own: its times are in UTC, and say so', async () => {
    const s = seed(false);
    const r = await run(s.dataDir, 'participants', 'list', '--media', String(s.media));
    expect(r.stdout).toContain('JOINED (UTC)');
    expect(r.stdout).toContain('2026-06-01 21:00');
  });

  it('--json keeps ISO times in UTC, for scripts', async () => {
    const s = seed();
    const r = await run(s.dataDir, '--json', 'links', 'list', '--media', String(s.media));
    expect(JSON.parse(r.stdout)[0].expiresAt).toBe('2026-06-08T20:45:00.000Z');
  });
});
