// Lock stall (O4, issue 11): another process holds the database's write lock
// for 8 s while `guestlist serve` (a real child process, as in the report)
// serves guests. Measured from outside: /healthz and GET entry page latency
// during the lock, against the same probes without a lock in the same run;
// every redemption sent during the lock must end 303 (after the release) or
// 503 (busy), with none lost or counted twice; the process must stay up.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openCore } from '../src-main/core';
import { DB_FILE_NAME } from '../src-main/core/paths';
import { holdLock, startServe } from '../test/reliability/helpers';
import { type Bench, type Figure, round, tmpDir } from './lib';

const LOCK_S = 8;
const TARGET_P99_MS = 50;

function pct(xs: number[], p: number): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

async function timed(url: string, init?: RequestInit): Promise<{ ms: number; status: number; body: string }> {
  const t = process.hrtime.bigint();
  const res = await fetch(url, { redirect: 'manual', ...init });
  const body = await res.text();
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, status: res.status, body };
}

/** GET /healthz and the entry page every `everyMs` until `stop()`; returns the latencies. */
function probe(base: string, token: string, everyMs: number) {
  const health: number[] = [];
  const entry: number[] = [];
  const failures: string[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const [h, e] = await Promise.all([timed(`${base}/healthz`), timed(`${base}/g/${token}`)]).catch((err: Error) => {
        failures.push(err.message);
        return [null, null] as const;
      });
      if (h) {
        if (h.status === 200) health.push(h.ms);
        else failures.push(`healthz ${h.status}`);
      }
      if (e) {
        if (e.status === 200) entry.push(e.ms);
        else failures.push(`entry ${e.status}`);
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { health, entry, failures };
    },
  };
}

export const lockStallBench: Bench = async ({ quick, log }) => {
  if (spawnSync('sqlite3', ['-version']).status !== 0) {
    return [{ bench: 'lockstall', metric: 'run', value: null, unit: '', met: null, note: 'sqlite3 command not found' }];
  }
  const dir = tmpDir();
  const file = path.join(dir, DB_FILE_NAME);
  const core = openCore({ dataDir: dir });
  const media = core.media.create({ kind: 'room', title: 'Town hall', guestAccess: true, requireAdmission: true }, 'bench');
  const token = core.links.create({ mediaId: media.id, name: 'Everyone' }, 'bench').token;
  core.close();

  const serve = await startServe(dir);
  const base = serve.url;
  try {
    const redemptions = quick ? 40 : 100;
    // Each guest opens the entry page first (cookie + CSRF token), before any lock.
    const forms = await Promise.all(
      Array.from({ length: redemptions }, async () => {
        const res = await fetch(`${base}/g/${token}`);
        const html = await res.text();
        const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]!).join('; ');
        return { cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '' };
      }),
    );

    // Same-run baseline: the same probes for 3 s with no lock.
    const calm = probe(base, token, 20);
    await new Promise((r) => setTimeout(r, 3000));
    const before = await calm.stop();

    log(`lockstall: another process takes the write lock for ${LOCK_S} s`);
    const lock = await holdLock(file, LOCK_S);
    const released = lock.released.then(() => Date.now());
    const lockedAt = Date.now();
    const during = probe(base, token, 20);
    // Redemptions spread over the lock (the last one a second before the release).
    const spacing = ((LOCK_S - 1) * 1000) / redemptions;
    const sent = forms.map(async (f, i) => {
      await new Promise((r) => setTimeout(r, i * spacing));
      const r = await timed(`${base}/g/${token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: f.cookie },
        body: new URLSearchParams({ _csrf: f.csrf, name: `Guest ${i}`, email: `g${i}@bench.example` }).toString(),
      }).catch((e: Error) => ({ ms: 0, status: 0, body: e.message }));
      return { ...r, at: Date.now() };
    });
    const releasedAt = await released;
    const lockProbes = await during.stop();
    const results = await Promise.all(sent);
    const alive = serve.child.exitCode === null && serve.child.signalCode === null;

    const ok = results.filter((r) => r.status === 303);
    const busy = results.filter((r) => r.status === 503);
    const other = results.filter((r) => r.status !== 303 && r.status !== 503);
    const db = new Database(file, { readonly: true });
    const uses = (db.prepare('SELECT uses FROM guest_links').get() as { uses: number }).uses;
    const people = (db.prepare('SELECT count(*) AS n FROM participants').get() as { n: number }).n;
    db.close();
    const lost = Math.abs(uses - ok.length) + Math.abs(people - ok.length);
    const okBeforeRelease = ok.filter((r) => r.at < releasedAt).length;

    const hp99 = pct(lockProbes.health, 99);
    const ep99 = pct(lockProbes.entry, 99);
    const note = `lock held ${((releasedAt - lockedAt) / 1000).toFixed(1)} s; ${lockProbes.health.length} probes of each during it`;
    const figures: Figure[] = [
      {
        bench: 'lockstall',
        metric: '/healthz p99 during an 8 s lock',
        value: round(hp99),
        unit: 'ms',
        baseline: round(pct(before.health, 99)),
        target: `≤ ${TARGET_P99_MS} ms`,
        met: hp99 !== null && hp99 <= TARGET_P99_MS && lockProbes.failures.length === 0,
        note: `${note}; max ${round(Math.max(...lockProbes.health))} ms; baseline: same probes, no lock`,
      },
      {
        bench: 'lockstall',
        metric: 'GET entry page p99 during the lock',
        value: round(ep99),
        unit: 'ms',
        baseline: round(pct(before.entry, 99)),
        target: `≤ ${TARGET_P99_MS} ms`,
        met: ep99 !== null && ep99 <= TARGET_P99_MS && lockProbes.failures.length === 0,
        note: `max ${round(Math.max(...lockProbes.entry))} ms${lockProbes.failures.length ? `; failures: ${lockProbes.failures.slice(0, 3).join(', ')}` : ''}`,
      },
      {
        bench: 'lockstall',
        metric: 'redemptions sent during the lock: 303 / 503 / other',
        value: ok.length,
        unit: `× 303, ${busy.length} × 503, ${other.length} other`,
        target: 'all 303 or 503',
        met: other.length === 0 && okBeforeRelease === 0,
        note: `${redemptions} sent over ${LOCK_S - 1} s; 303s all after the release: ${okBeforeRelease === 0}; 503 carries Retry-After`,
      },
      {
        bench: 'lockstall',
        metric: 'redemptions lost or double-counted',
        value: lost,
        unit: '',
        target: '0',
        met: lost === 0,
        note: `link uses ${uses}, participants ${people}, 303 answers ${ok.length}`,
      },
      {
        bench: 'lockstall',
        metric: 'guestlist serve still running after the lock',
        value: alive ? 1 : 0,
        unit: '',
        target: '1',
        met: alive && !/SQLITE_BUSY/.test(serve.stderr()),
      },
    ];
    return figures;
  } finally {
    serve.child.kill('SIGTERM');
  }
};
