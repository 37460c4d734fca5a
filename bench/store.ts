// Store: with 100k media entries, guest links, invites and participants,
// how long do open + migrate + list, and core + listener start, take?
// "List" is what the app shows first: the Library's first page (100 entries
// and the count) and one webinar's links, invites and 10,000 participants.
// Listing all 100k entries at once is reported beside it.
// Baseline (same run): raw better-sqlite3 opening the same file and reading
// the same rows with no domain code, and a bare node:http server listening.
import http from 'node:http';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openCore } from '../src-main/core';
import { DB_FILE_NAME } from '../src-main/core/paths';
import { type Bench, type Figure, median, ms, round, tmpDir } from './lib';

const N = 100_000;

function seed(dir: string): { webinarId: number } {
  openCore({ dataDir: dir }).close(); // schema via the real migrations
  const db = new Database(path.join(dir, DB_FILE_NAME));
  db.pragma('journal_mode = WAL');
  const now = new Date().toISOString();
  const insMedia = db.prepare("INSERT INTO media (kind, title, description, available, guest_access, created_at, updated_at) VALUES (?, ?, '', 1, 1, ?, ?)");
  const insLink = db.prepare('INSERT INTO guest_links (media_id, name, token, max_uses, created_at) VALUES (?, ?, ?, ?, ?)');
  const insInvite = db.prepare("INSERT INTO invites (media_id, email, role, token, created_at) VALUES (?, ?, 'viewer', ?, ?)");
  const insPart = db.prepare(
    "INSERT INTO participants (media_id, guest_link_id, name, email, role, state, session_hash, knocked_at, joined_at, updated_at) VALUES (?, ?, ?, ?, 'guest', ?, ?, ?, ?, ?)",
  );
  const kinds = ['media', 'room', 'gallery-room', 'room'];
  db.transaction(() => {
    for (let i = 1; i <= N; i++) {
      insMedia.run(kinds[i % 4], `Session ${i}`, now, now);
      insLink.run(i, `Link ${i}`, `tok${String(i).padStart(24, '0')}x`, i % 3 ? null : 100, now);
      insInvite.run(i, `person${i}@example.org`, `inv${String(i).padStart(24, '0')}x`, now);
    }
    // A webinar (media 1) with 10k people; the other 90k spread one per entry.
    for (let i = 1; i <= N; i++) {
      const mediaId = i <= 10_000 ? 1 : i - 9_999;
      insPart.run(mediaId, mediaId, `Guest ${i}`, `g${i}@example.org`, i % 5 ? 'admitted' : 'waiting', `h${i}`, now, now, now);
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { webinarId: 1 };
}

export const storeBench: Bench = async ({ quick, log }) => {
  const dir = tmpDir();
  const t0 = process.hrtime.bigint();
  const { webinarId } = seed(dir);
  log(`store: seeded ${N} each of media, links, invites, participants in ${ms(t0).toFixed(0)} ms`);
  const file = path.join(dir, DB_FILE_NAME);
  const reps = quick ? 3 : 7;

  // Warm-up, so module loading and the page cache are not part of either side.
  openCore({ dataDir: dir }).close();
  let createListener: undefined | ((o: { core: ReturnType<typeof openCore>; host: string; port: number }) => Promise<{ close(): Promise<void> }>);
  try {
    ({ createListener } = (await import('../src-main/listener/index')) as never);
  } catch (e) {
    log(`store: listener not loadable (${(e as Error).message}); core+listener start not measured`);
  }

  const openList: number[] = [];
  const phases = { open: [] as number[], list: [] as number[], webinar: [] as number[], all: [] as number[] };
  const rawOpenList: number[] = [];
  const start: number[] = [];
  const bareStart: number[] = [];
  for (let r = 0; r < reps; r++) {
    // Guestlist: open + migrate check + list the library, links and the webinar's participants.
    let t = process.hrtime.bigint();
    const core = openCore({ dataDir: dir });
    const tOpen = ms(t);
    let t2 = process.hrtime.bigint();
    const media = core.media.list({ limit: 100 });
    const total = core.media.count();
    const tList = ms(t2);
    t2 = process.hrtime.bigint();
    core.links.list(webinarId);
    core.invites.list(webinarId);
    const people = core.participants.list(webinarId);
    const tWebinar = ms(t2);
    openList.push(ms(t));
    phases.open.push(tOpen);
    phases.list.push(tList);
    phases.webinar.push(tWebinar);
    if (media.length !== 100 || total !== N || people.length !== 10_000) throw new Error(`store: listed ${media.length} of ${total} media, ${people.length} people`);
    t2 = process.hrtime.bigint();
    if (core.media.list().length !== N) throw new Error('store: the full list is short');
    phases.all.push(ms(t2));
    core.close();

    // Baseline: the same reads with raw SQL.
    t = process.hrtime.bigint();
    const raw = new Database(file);
    raw.pragma('journal_mode = WAL');
    raw.prepare('SELECT * FROM media ORDER BY id DESC LIMIT 100').all();
    raw.prepare('SELECT count(*) FROM media').get();
    raw.prepare('SELECT * FROM guest_links WHERE media_id = ?').all(webinarId);
    raw.prepare('SELECT * FROM invites WHERE media_id = ?').all(webinarId);
    raw.prepare('SELECT * FROM participants WHERE media_id = ?').all(webinarId);
    raw.close();
    rawOpenList.push(ms(t));

    if (createListener) {
      t = process.hrtime.bigint();
      const c = openCore({ dataDir: dir });
      const l = await createListener({ core: c, host: '127.0.0.1', port: 0 });
      start.push(ms(t));
      await l.close();
      c.close();
    }
    t = process.hrtime.bigint();
    const bare = http.createServer((_q, s) => s.end('ok'));
    await new Promise<void>((res) => bare.listen(0, '127.0.0.1', res));
    bareStart.push(ms(t));
    await new Promise((res) => bare.close(res));
  }
  const ol = round(median(openList));
  const rol = round(median(rawOpenList));
  const st = start.length ? round(median(start)) : null;
  const bs = round(median(bareStart));
  const figures: Figure[] = [
    {
      bench: 'store',
      metric: 'open+migrate+list (100k each)',
      value: ol,
      unit: 'ms',
      baseline: rol,
      ratio: round(ol! / rol!),
      target: '≤ 150 ms',
      met: ol! <= 150,
      note: `open ${round(median(phases.open))} ms, Library's first page (media.list 100 + media.count) ${round(median(phases.list))} ms, webinar links+invites+10k participants ${round(median(phases.webinar))} ms; baseline = raw SQL, same reads`,
    },
    {
      bench: 'store',
      metric: 'media.list of all 100k entries (no paging)',
      value: round(median(phases.all)),
      unit: 'ms',
      note: 'for reference: what the Library cost before it paged',
    },
    {
      bench: 'store',
      metric: 'core+listener start (100k each)',
      value: st,
      unit: 'ms',
      baseline: bs,
      ratio: st === null ? null : round(st / bs!),
      target: '≤ 150 ms',
      met: st === null ? null : st <= 150,
      note: st === null ? 'listener not available' : 'openCore + createListener listening; baseline = bare node:http listen',
    },
  ];
  return figures;
};
