// G4/O2 over real HTTP against `guestlist serve` (a child process, its own
// event loop): a kill -9 in the middle of a rush loses no acknowledged
// redemption, and a limited link never admits more than its limit.
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_FILE_NAME } from '../../src-main/core/paths';
import { tmpDir } from '../helpers/tmp';
import { entryForm, killHard, loopbackAddress, preparedLink, type Served, startServe, submitForm } from './helpers';

const running: Served[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) await killHard(s.child);
});

function readBack(dir: string, linkId: number) {
  const db = new Database(path.join(dir, DB_FILE_NAME), { readonly: true });
  const emails = new Set((db.prepare('SELECT email FROM participants WHERE guest_link_id = ?').all(linkId) as { email: string }[]).map((r) => r.email));
  const link = db.prepare('SELECT uses, max_uses, submits FROM guest_links WHERE id = ?').get(linkId) as { uses: number; max_uses: number | null; submits: number };
  const integrity = db.pragma('integrity_check', { simple: true });
  db.close();
  return { emails, link, integrity };
}

describe('O2/G4: crash safety of guestlist serve', () => {
  it('O2: kill -9 during a rush of redemptions loses no acknowledged one; uses = participants ≤ limit; integrity ok', async () => {
    const dir = tmpDir();
    const LIMIT = 400;
    const { token, linkId } = preparedLink(dir, { clicks: LIMIT });
    const served = await startServe(dir);
    running.push(served);
    const form = await entryForm(served.url, token);
    expect(form.status).toBe(200);
    expect(form.csrf).not.toBe('');

    const acked: string[] = [];
    const outcomes = new Map<string, number>();
    let seq = 0;
    let killed = false;
    const CONCURRENCY = 32;
    const MAX_ATTEMPTS = 900;
    // From 16 loopback addresses: each stays within its share of the link and its submit rate (S2).
    const worker = async () => {
      while (!killed && seq < MAX_ATTEMPTS) {
        const n = seq++;
        const email = `crash${n}@load.test`;
        try {
          const r = await submitForm(served.url, token, form, { name: 'Rush', email }, 'g', loopbackAddress(n % 16));
          const k = r.status === 303 ? '303' : `${r.status} ${r.reason ?? ''}`;
          outcomes.set(k, (outcomes.get(k) ?? 0) + 1);
          if (r.status === 303) acked.push(email);
        } catch {
          outcomes.set('connection lost', (outcomes.get('connection lost') ?? 0) + 1); // killed mid-request: not acknowledged
        }
      }
    };
    const load = Promise.all(Array.from({ length: CONCURRENCY }, worker));
    // Kill once a good share is through, while requests are in flight.
    const deadline = Date.now() + 20_000;
    while (acked.length < 150 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    await killHard(served.child);
    killed = true;
    await load;
    expect(acked.length, JSON.stringify([...outcomes])).toBeGreaterThanOrEqual(150);
    expect(outcomes.get('connection lost') ?? 0, 'the kill should land mid-load').toBeGreaterThan(0);
    for (const k of outcomes.keys()) expect(k, 'no 5xx').not.toMatch(/^5/);

    // Restart on the same folder: it starts, and everything acknowledged is there.
    const again = await startServe(dir);
    running.push(again);
    const after = readBack(dir, linkId);
    expect(after.integrity).toBe('ok');
    const lost = acked.filter((e) => !after.emails.has(e));
    expect(lost, 'acknowledged but lost').toEqual([]);
    expect(after.link.uses).toBe(after.emails.size);
    expect(after.link.uses).toBeLessThanOrEqual(LIMIT);
    // And it keeps counting correctly after the restart.
    const form2 = await entryForm(again.url, token);
    const more = await submitForm(again.url, token, form2, { name: 'After', email: 'after@load.test' });
    expect(more.status).toBe(303);
    const final = readBack(dir, linkId);
    expect(final.link.uses).toBe(after.link.uses + 1);
    expect(final.emails.has('after@load.test')).toBe(true);
  });
});

describe('G4: click limits under contention over HTTP', () => {
  it('G4: 1,000 concurrent submits against a limit of 100: exactly 100 admitted, 900 "no clicks left", no 5xx', async () => {
    const dir = tmpDir();
    const { token, linkId } = preparedLink(dir, { clicks: 100 });
    const served = await startServe(dir);
    running.push(served);
    // A handful of browsers (cookies), on 50 addresses: none takes more than its share of the link (S2).
    const forms = await Promise.all(Array.from({ length: 8 }, () => entryForm(served.url, token)));
    const results = await Promise.all(Array.from({ length: 1000 }, (_, i) => submitForm(served.url, token, forms[i % 8]!, { name: `Guest ${i}`, email: `g${i}@rush.test` }, 'g', loopbackAddress(i % 50))));
    const byStatus = new Map<string, number>();
    for (const r of results) byStatus.set(`${r.status} ${r.reason ?? r.location ?? ''}`, (byStatus.get(`${r.status} ${r.reason ?? r.location ?? ''}`) ?? 0) + 1);
    const summary = JSON.stringify([...byStatus]);
    expect(results.filter((r) => r.status >= 500), summary).toHaveLength(0);
    expect(results.filter((r) => r.status === 303), summary).toHaveLength(100);
    const refused = results.filter((r) => r.status !== 303);
    expect(refused, summary).toHaveLength(900);
    expect(refused.every((r) => r.status === 410 && r.reason === 'no-clicks-left'), summary).toBe(true);
    expect(refused[0]!.body).toMatch(/used the maximum number of times/);
    const admittedEmails = new Set(results.flatMap((r, i) => (r.status === 303 ? [`g${i}@rush.test`] : [])));
    await killHard(served.child);
    const after = readBack(dir, linkId);
    expect(after.link.uses).toBe(100);
    expect(after.emails).toEqual(admittedEmails);
    expect(after.integrity).toBe('ok');
  });
});
