// O4: another process holding the database's write lock never stalls or
// kills the serving process. The lock is held by a real second process (the
// sqlite3 command line: BEGIN IMMEDIATE, sleep, ROLLBACK), as in the report
// that filed issue 11.
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DB_FILE_NAME } from '../../src-main/core/paths';
import { guestSetup, startHarness, type Harness } from '../listener/helpers';
import { tmpDir } from '../helpers/tmp';
import { entryForm, holdLock, killHard, preparedLink, startServe, submitForm } from './helpers';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function views(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT coalesce(sum(views), 0) AS n FROM guest_links').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

const children: ChildProcess[] = [];
let harness: Harness | null = null;
afterEach(async () => {
  for (const c of children.splice(0)) await killHard(c);
  await harness?.close();
  harness = null;
  vi.restoreAllMocks();
});

describe('O4: another process holds the write lock (guestlist serve)', () => {
  it('O4: /healthz and the entry page answer during the lock, every redemption ends 303 or 503 with none lost, and the views timer does not kill serve', async () => {
    const dir = tmpDir();
    const file = path.join(dir, DB_FILE_NAME);
    const { token } = preparedLink(dir, { clicks: 100 });
    const served = await startServe(dir);
    children.push(served.child);
    const forms = await Promise.all(Array.from({ length: 6 }, () => entryForm(served.url, token)));
    const viewsBefore = 6;

    const lock = await holdLock(file, 5);
    children.push(lock.child);
    // Reads during the lock: answered while it is still held.
    const health = await fetch(`${served.url}/healthz`);
    expect(health.status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await fetch(`${served.url}/g/${token}`)).status).toBe(200);
    expect(lock.holding()).toBe(true);
    // Redemptions sent during the lock: one early (its deadline passes before the release), more later.
    const early = submitForm(served.url, token, forms[0]!, { name: 'Early', email: 'early@x.co' });
    await new Promise((r) => setTimeout(r, 3000));
    // The views timer has tried (and failed) to write by now; serve is alive and still answers.
    expect(served.child.exitCode).toBeNull();
    expect((await fetch(`${served.url}/healthz`)).status).toBe(200);
    expect(lock.holding()).toBe(true);
    const late = forms.slice(1).map((f, i) => submitForm(served.url, token, f, { name: `Late ${i}`, email: `late${i}@x.co` }));
    const results = await Promise.all([early, ...late]);
    await lock.released;

    for (const r of results) expect([303, 503]).toContain(r.status);
    const early503 = results[0]!;
    expect(early503.status).toBe(503);
    expect(early503.body).toContain('DB_BUSY');
    const ok = results.filter((r) => r.status === 303).length;
    expect(ok).toBeGreaterThan(0); // the late ones got the lock after the release
    // None lost, none counted twice: uses and participants are exactly the 303s.
    const db = new Database(file, { readonly: true });
    const link = db.prepare('SELECT uses FROM guest_links').get() as { uses: number };
    const people = db.prepare('SELECT count(*) AS n FROM participants').get() as { n: number };
    db.close();
    expect(link.uses).toBe(ok);
    expect(people.n).toBe(ok);
    // The views counted during the lock were kept and written after it.
    await vi.waitFor(() => expect(views(file)).toBe(viewsBefore + 5), { timeout: 15_000, interval: 250 });
    expect(served.child.exitCode).toBeNull();
    expect(served.stderr()).not.toMatch(/SQLITE_BUSY|Uncaught|unhandled/i);
  }, 40_000);
});

describe('O4: the busy path in the listener', () => {
  it('O4: a redemption that cannot get the lock within its deadline gets 503 with Retry-After and writes nothing; sent again after the release it gets its 303', async () => {
    harness = await startHarness({ busyDeadlineMs: 200 });
    const { link } = guestSetup(harness.core, { requireAdmission: true });
    const form = await entryForm(harness.base, link.token);
    const lock = await holdLock(harness.core.file, 3);
    children.push(lock.child);
    const res = await fetch(`${harness.base}/g/${link.token}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: form.cookie, 'accept-language': 'en' },
      body: new URLSearchParams({ _csrf: form.csrf, name: 'Ada', email: 'ada@x.co' }).toString(),
    });
    expect(lock.holding()).toBe(true);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('2');
    const body = await res.text();
    expect(body).toContain('Busy, try again in a moment');
    expect(body).toContain('DB_BUSY');
    expect(harness.core.links.get(link.id).uses).toBe(0);
    await lock.released;
    const again = await submitForm(harness.base, link.token, form, { name: 'Ada', email: 'ada@x.co' });
    expect(again.status).toBe(303);
    expect(harness.core.links.get(link.id).uses).toBe(1);
  }, 20_000);

  it('O4: a lobby page opened during the lock is recorded as open once the lock is released (presence keeps its change)', async () => {
    harness = await startHarness();
    const { link } = guestSetup(harness.core, { requireAdmission: true });
    const form = await entryForm(harness.base, link.token);
    const knocked = await submitForm(harness.base, link.token, form, { name: 'Ada', email: 'ada@x.co' });
    expect(knocked.status).toBe(303);
    const cookie = knocked.cookie;
    const pageOpen = () => (harness!.core.db.prepare('SELECT page_open FROM participants').get() as { page_open: number }).page_open;
    const lock = await holdLock(harness.core.file, 1);
    children.push(lock.child);
    const controller = new AbortController();
    const stream = await fetch(`${harness.base}/s/events`, { headers: { cookie }, signal: controller.signal });
    expect(stream.status).toBe(200);
    await sleep(200);
    expect(lock.holding()).toBe(true);
    expect(pageOpen()).toBe(0); // not written yet: the lock is held
    await lock.released;
    await vi.waitFor(() => expect(pageOpen()).toBe(1), { timeout: 3000, interval: 50 });
    controller.abort();
  }, 20_000);

  it('O4: a redemption sent during a short lock waits without blocking the event loop and gets its 303 after the release', async () => {
    harness = await startHarness();
    const { link } = guestSetup(harness.core, { requireAdmission: true });
    const form = await entryForm(harness.base, link.token);
    const lock = await holdLock(harness.core.file, 1);
    children.push(lock.child);
    const submitted = submitForm(harness.base, link.token, form, { name: 'Ada', email: 'ada@x.co' });
    // While it waits, the same process serves other requests.
    expect((await fetch(`${harness.base}/healthz`)).status).toBe(200);
    expect(lock.holding()).toBe(true);
    const r = await submitted;
    expect(lock.holding()).toBe(false);
    expect(r.status).toBe(303);
    expect(harness.core.links.get(link.id).uses).toBe(1);
  }, 20_000);
});
