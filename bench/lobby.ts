// Lobby fan-out: N guests waiting on SSE (5,000 full, 500 quick). "Admit all"
// must reach every guest's stream within 1 s; RSS per waiting guest ≤ 30 KB.
// Baseline (same run): the listener's RSS with no stream open, and the time
// the admit-all transaction itself takes.
import http from 'node:http';
import { startServer } from './child';
import { type Bench, type Figure, round, tmpDir } from './lib';

export const lobbyBench: Bench = async ({ quick, log }) => {
  const N = quick ? 500 : 5000;
  const CAP_MS = quick ? 15_000 : 30_000;
  const dir = tmpDir();
  const s = await startServer(['listener', dir, '--lobby', String(N)], ['--expose-gc']);
  const secrets = s.info.secrets as string[];
  const base = new URL(s.info.url);
  const rssIdle = (await s.ask('rss')).rss as number;
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  const admittedAt: number[] = [];
  let t0 = 0;
  const reqs: http.ClientRequest[] = [];
  let open = 0;
  await new Promise<void>((resolve, reject) => {
    for (const secret of secrets) {
      const req = http.get({ host: base.hostname, port: base.port, path: '/s/events', agent, headers: { cookie: `gl_s=${secret}` } }, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`SSE answered ${res.statusCode}`));
        let buf = '';
        let counted = false;
        let done = false;
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          if (done) return;
          buf += d;
          if (!counted && buf.includes('"state":"waiting"')) {
            counted = true;
            if (++open === secrets.length) resolve();
          }
          if (t0 && buf.includes('"state":"admitted"')) {
            done = true;
            admittedAt.push(performance.now() - t0);
            buf = '';
          }
          if (buf.length > 4096) buf = buf.slice(-512);
        });
      });
      req.on('error', reject);
      reqs.push(req);
    }
    setTimeout(() => reject(new Error(`only ${open} of ${N} SSE streams opened`)), 60_000).unref();
  });
  const rssOpen = (await s.ask('rss')).rss as number;
  log(`lobby: ${N} streams open; RSS ${(rssIdle / 2 ** 20).toFixed(1)} → ${(rssOpen / 2 ** 20).toFixed(1)} MiB`);

  t0 = performance.now();
  const admitReply = s.ask('admit-all');
  const deadline = Date.now() + CAP_MS;
  while (admittedAt.length < N && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const reached = admittedAt.length;
  const slowest = reached ? Math.max(...admittedAt) : null;
  const within1s = admittedAt.filter((t) => t <= 1000).length;
  const admitMs = await Promise.race([admitReply.then((r) => r.admitAllMs as number), new Promise<null>((r) => setTimeout(() => r(null), 1000))]);
  for (const r of reqs) r.destroy();
  await s.kill('SIGKILL');
  const perGuestKB = (rssOpen - rssIdle) / N / 1024;
  log(`lobby: ${reached}/${N} admitted streams, ${within1s} within 1 s, slowest ${slowest?.toFixed(0)} ms, admit-all txn ${admitMs} ms`);
  const figures: Figure[] = [
    {
      bench: 'lobby',
      metric: `admit-all reaches all ${N} SSE streams`,
      value: slowest === null ? null : round(slowest, 0),
      unit: 'ms',
      baseline: admitMs === null ? null : round(admitMs, 0),
      ratio: slowest !== null && admitMs ? round(slowest / admitMs) : null,
      target: '≤ 1000 ms, all streams',
      met: reached === N && slowest !== null && slowest <= 1000,
      note: `${reached}/${N} reached in the ${CAP_MS / 1000} s cap, ${within1s} within 1 s; baseline = the server-side admitAll() call, which includes the synchronous part of the SSE fan-out (each guest's own state message; the room-wide count goes out once, on the next turn)`,
    },
    {
      bench: 'lobby',
      metric: 'RSS per waiting guest',
      value: round(perGuestKB, 1),
      unit: 'KB',
      target: '≤ 30 KB',
      met: perGuestKB <= 30,
      note: `listener RSS ${round(rssIdle / 2 ** 20, 1)} MiB with no stream → ${round(rssOpen / 2 ** 20, 1)} MiB with ${N} streams (after gc)`,
    },
  ];
  return figures;
};
