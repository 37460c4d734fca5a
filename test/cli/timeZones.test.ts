// Issue 14 (CLI): times about a media entry are printed in that entry's time
// zone, with the zone named: link and invite expiry, participants' knock,
// join and leave times, audit times. The CLI's own `main` on a real SQLite
// file; the records are made through the core on a clock set by hand, so the
// expected local times are known. Asia/Kolkata is UTC+05:30 all year.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { zonedLocalToIso } from '../../src-main/core/zonedTime';
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

// Issue "A newcomer's first day": a time written without an offset is read in
// --tz, else in this computer's zone, by the console's own function. The
// honest test: bin/guestlist.cjs in a child process with its own TZ.
const BIN = path.resolve('bin/guestlist.cjs');

/** bin/guestlist.cjs in a child process whose own time zone is `tz`. */
function child(tz: string, dataDir: string, ...args: string[]) {
  return spawnSync(process.execPath, [BIN, '--data', dataDir, ...args], { encoding: 'utf8', env: { ...process.env, GUESTLIST_DATA_DIR: '', TZ: tz } });
}

describe('M1: the CLI reads a time without an offset in --tz, else in this computer\'s zone, as the console does', () => {
  it('M1: TZ=Asia/Tokyo, --tz America/New_York: 10:00 is 10:00 in New York (15:00Z), the instant the console\'s function gives', () => {
    const d = tmpDir();
    const r = child('Asia/Tokyo', d, '--json', 'media', 'add', '--title', 'NY', '--kind', 'room', '--starts', '2027-12-10T10:00', '--ends', '2027-12-10T11:30', '--tz', 'America/New_York');
    expect(r.status, r.stderr).toBe(0);
    const schedule = JSON.parse(r.stdout).schedule;
    expect(schedule).toEqual({ startsAt: '2027-12-10T15:00:00.000Z', endsAt: '2027-12-10T16:30:00.000Z', timeZone: 'America/New_York' });
    // The console's conversion (src-renderer/format.ts re-exports it) gives the same instants.
    expect(schedule.startsAt).toBe(zonedLocalToIso('2027-12-10T10:00', 'America/New_York'));
    expect(schedule.endsAt).toBe(zonedLocalToIso('2027-12-10T11:30', 'America/New_York'));
    // People are told which zone was used.
    const human = child('Asia/Tokyo', d, 'media', 'add', '--title', 'NY', '--kind', 'room', '--starts', '2027-12-10T10:00', '--ends', '2027-12-10T11:30', '--tz', 'America/New_York');
    expect(human.stdout).toContain('2027-12-10 10:00 – 2027-12-10 11:30 (America/New_York)');
    expect(human.stdout).toContain('read in America/New_York (from --tz)');
  });

  it('M1: without --tz, a time without an offset is read in this computer\'s zone, which becomes the schedule\'s, and the output says so', () => {
    const d = tmpDir();
    const r = child('Asia/Tokyo', d, 'media', 'add', '--title', 'Tokyo', '--kind', 'room', '--starts', '2027-03-15T10:00', '--ends', '2027-03-15T11:00');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('2027-03-15 10:00 – 2027-03-15 11:00 (Asia/Tokyo)');
    expect(r.stdout).toContain("read in Asia/Tokyo (this computer's zone");
    const shown = child('Europe/Paris', d, '--json', 'media', 'show', '--media', '1');
    expect(JSON.parse(shown.stdout).schedule).toEqual({ startsAt: '2027-03-15T01:00:00.000Z', endsAt: '2027-03-15T02:00:00.000Z', timeZone: 'Asia/Tokyo' });
  });

  it('M1: a time with an offset is that instant, whatever --tz and TZ say', () => {
    const d = tmpDir();
    const r = child('Asia/Tokyo', d, '--json', 'media', 'add', '--title', 'UTC', '--kind', 'room', '--starts', '2027-12-01T10:00:00Z', '--ends', '2027-12-01T12:30:00+01:00', '--tz', 'America/New_York');
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).schedule).toEqual({ startsAt: '2027-12-01T10:00:00.000Z', endsAt: '2027-12-01T11:30:00.000Z', timeZone: 'America/New_York' });
  });

  it('M1: schedule errors name the part that is wrong (bad month, impossible day, end before start, unknown zone, missing end), and write nothing', async () => {
    const d = tmpDir();
    const add = (...extra: string[]) => run(d, 'media', 'add', '--title', 'X', '--kind', 'room', ...extra);
    const cases: [string[], RegExp, number][] = [
      [['--starts', '2027-13-01T10:00', '--ends', '2027-12-01T11:00', '--tz', 'Europe/Paris'], /--starts “2027-13-01T10:00”: the month 13 is not 01 to 12/, 1],
      [['--starts', '2027-02-29T10:00', '--ends', '2027-03-01T11:00', '--tz', 'Europe/Paris'], /--starts .*the day 29 is not 01 to 28/, 1],
      [['--starts', '2027-12-01T10:00', '--ends', '2027-12-01T09:00', '--tz', 'Europe/Paris'], /The end \(--ends 2027-12-01 09:00\) must be after the start \(--starts 2027-12-01 10:00\), Europe\/Paris time/, 1],
      [['--starts', '2027-12-01T10:00', '--ends', '2027-12-01T11:00', '--tz', 'Mars/Olympus'], /--tz: “Mars\/Olympus” is not a time zone/, 1],
      [['--starts', '2027-12-01T10:00', '--tz', 'Europe/Paris'], /--ends is missing/, 2],
    ];
    for (const [args, message, status] of cases) {
      const r = await add(...args);
      expect(r.status, args.join(' ')).toBe(status);
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
    expect((await run(d, '--json', 'media', 'list')).stdout.trim()).toBe('[]');
  });
});
