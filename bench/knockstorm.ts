// Knock storm (issue 11): a room with 8,000 guests waiting, then 400 more
// knock through the listener at 50 concurrent, with the knock notifier
// attached in the same process (as in the app's main process today).
// Measured: event-loop delay p99/max of that process, and guest request p99.
// Same-run baselines: notifications off (no handler), and the handler main.ts
// had before issue 11 (list the whole waiting room per knock, read the
// settings file four times per knock).
//
// Not the full figure: this drives the core, listener and notifier
// in one Node process, not the built main bundle under a fake `electron`.
import fs from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { openCore } from '../src-main/core';
import { KnockNotifier, knockNotificationText } from '../src-main/host/knockNotifier';
import { createListener } from '../src-main/listener';
import { noRateLimits } from '../src-main/listener/security';
import { type Bench, type Figure, round, tmpDir } from './lib';

type Variant = 'off' | 'before' | 'after';

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? 0;
}

async function run(variant: Variant, waiting: number, knocks: number, concurrency: number) {
  const dir = tmpDir();
  const core = openCore({ dataDir: dir });
  const media = core.media.create({ kind: 'room', title: 'Town hall', guestAccess: true, requireAdmission: true }, 'bench');
  const token = core.links.create({ mediaId: media.id, name: 'Everyone' }, 'bench').token;
  core.ctx.write(() => {
    for (let i = 0; i < waiting; i++) core.access.redeemGuestLink(token, { name: `Waiting ${i}`, email: `w${i}@bench.example` });
  });
  const settingsFile = path.join(dir, 'settings.json');
  fs.writeFileSync(settingsFile, JSON.stringify({ host: '127.0.0.1', port: 4410, language: 'en', notifyOnKnock: true }));
  let shown = 0;
  if (variant === 'before') {
    // What main.ts did per "waiting" event (electron-store reads the file on every get).
    const setting = () => (JSON.parse(fs.readFileSync(settingsFile, 'utf8')) as { notifyOnKnock: boolean }).notifyOnKnock;
    core.events.on('participant.changed', (p) => {
      if (p.change !== 'waiting' || !(setting() && setting() && setting() && setting())) return;
      const name = core.participants.list(p.mediaId, ['waiting']).find((x) => x.id === p.participantId)?.name;
      const title = core.media.get(p.mediaId).title;
      knockNotificationText(name, title);
      shown++;
    });
  }
  let notifier: KnockNotifier | null = null;
  if (variant === 'after') {
    const enabled = (JSON.parse(fs.readFileSync(settingsFile, 'utf8')) as { notifyOnKnock: boolean }).notifyOnKnock; // read once
    notifier = new KnockNotifier({
      person: (id) => core.participants.find(id),
      mediaTitle: (id) => core.media.get(id).title,
      enabled: () => enabled,
      notify: () => void shown++,
    });
    const n = notifier;
    core.events.on('participant.changed', (p) => n.onParticipantChanged(p));
  }
  const listener = await createListener({ core, host: '127.0.0.1', port: 0, rateLimits: noRateLimits() });
  const base = listener.url;
  const latencies: number[] = [];
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  const started = Date.now();
  histogram.enable();
  let next = 0;
  const guest = async () => {
    for (;;) {
      const i = next++;
      if (i >= knocks) return;
      const t = process.hrtime.bigint();
      const page = await fetch(`${base}/g/${token}`);
      const html = await page.text();
      const cookie = page.headers.getSetCookie().map((c) => c.split(';')[0]!).join('; ');
      const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
      const res = await fetch(`${base}/g/${token}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        body: new URLSearchParams({ _csrf: csrf, name: `Knock ${i}`, email: `k${i}@bench.example` }).toString(),
      });
      await res.text();
      if (res.status !== 303) throw new Error(`knock ${i}: ${res.status}`);
      latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, guest));
  histogram.disable();
  const totalMs = Date.now() - started;
  notifier?.stop();
  await listener.close();
  core.close();
  return {
    totalMs,
    loopP99: histogram.percentile(99) / 1e6,
    loopMax: histogram.max / 1e6,
    requestP99: pct(latencies, 99),
    shown,
  };
}

export const knockStormBench: Bench = async ({ quick, log }) => {
  const waiting = quick ? 2000 : 8000;
  const knocks = 400;
  const concurrency = 50;
  const results: Record<Variant, Awaited<ReturnType<typeof run>>> = {} as never;
  for (const v of ['off', 'before', 'after'] as const) {
    log(`knockstorm: ${v}, ${waiting} waiting, ${knocks} knocks at ${concurrency} concurrent`);
    results[v] = await run(v, waiting, knocks, concurrency);
  }
  const { off, before, after } = results;
  const note = `${waiting} waiting, ${knocks} knocks at ${concurrency}; one process (core + listener + notifier), not the built main bundle`;
  const figures: Figure[] = [
    {
      bench: 'knockstorm',
      metric: 'event-loop delay p99 / max, notifier on',
      value: round(after.loopP99, 1),
      unit: `ms / ${round(after.loopMax, 1)} ms`,
      baseline: round(off.loopP99, 1),
      target: 'p99 ≤ 16 ms, max ≤ 50 ms',
      met: after.loopP99 <= 16 && after.loopMax <= 50,
      note: `baseline: notifications off (max ${round(off.loopMax, 1)} ms); before issue 11: p99 ${round(before.loopP99, 1)} ms, max ${round(before.loopMax, 1)} ms; ${note}`,
    },
    {
      bench: 'knockstorm',
      metric: 'guest request p99 (GET + POST), notifier on',
      value: round(after.requestP99, 1),
      unit: 'ms',
      baseline: round(off.requestP99, 1),
      target: '≤ 100 ms',
      met: after.requestP99 <= 100,
      note: `before issue 11: ${round(before.requestP99, 1)} ms`,
    },
    {
      bench: 'knockstorm',
      metric: 'whole storm, notifier on',
      value: after.totalMs,
      unit: 'ms',
      baseline: off.totalMs,
      ratio: round(after.totalMs / off.totalMs),
      note: `before issue 11: ${before.totalMs} ms; notifications shown: ${after.shown} (before: ${before.shown})`,
    },
  ];
  return figures;
};
