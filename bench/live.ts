// Live session (Janus behind our signaling relay): time to first frame,
// the relay's added latency per signaling round trip, and CPU per subscriber.
//
// `npx tsx bench/live.ts [--quick]` alone, or `npm run bench -- --only live`.
// Needs root (network namespaces), Janus (Debian `janus`) and Debian Chromium;
// otherwise it says why and skips. Janus never offers loopback for media, so
// everything runs in a namespace this bench creates (test/live/netns.ts): this
// process (the outer half) makes it and re-runs this file inside it (`--inner`),
// which starts `guestlist serve`, Janus and Chromium there. No traffic leaves
// loopback or the namespace's own veth pair.
//
// 1. Time to first frame: one speaker (fake camera and mic) publishes; 5
//    viewers, one after another, each in a fresh browser context, joined over
//    HTTP first (invite form), then page.goto('/s'): from just before the goto
//    to the first decoded video frame (framesDecoded > 0 in the page's own
//    getStats, polled every 20 ms inside the page). Baseline: the same goto's
//    load event (the page alone).
// 2. Relay round trip: `subscribe` to the speaker's feed through /s/live (ws
//    → relay → Janus attach + join as subscriber → offer → reply) against
//    the same attach + join sent straight to the same Janus with
//    src-main/live/janusClient.ts, interleaved, in one process (a listener
//    made by createListener({ liveEngine }) and its Janus). Also the relay's
//    own round trip for a request that never reaches Janus (`unsubscribe` of
//    an unknown subscription).
// 3. CPU: /proc/PID/stat utime+stime of Janus and of `guestlist serve` over
//    10 s windows: the speaker alone (baseline), then 10 and 20 subscribing
//    headless Chromium pages (one browser, one context each).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import WebSocket from 'ws';
import { type Core, openCore } from '../src-main/core';
import { builtInEngine } from '../src-main/live';
import { JanusConnection } from '../src-main/live/janusClient';
import { createListener, type Listener } from '../src-main/listener';
import { Client } from '../test/listener/helpers';
import { CHROMIUM_ARGS, CHROMIUM_PATH, FAKE_MEDIA_ARGS } from '../test/helpers/chromium';
import { ACTOR } from '../test/helpers/tmp';
import { CLI } from '../test/reliability/helpers';
import { type TwoHosts, twoHosts, whyNoNetns } from '../test/live/netns';
import { type Bench, type Figure, median, round, tmpDir } from './lib';

const BENCH = 'live';
const MARK = '@@live-figures ';
const ROOT = path.resolve(__dirname, '..');

const ARGS = [...CHROMIUM_ARGS, ...FAKE_MEDIA_ARGS, '--autoplay-policy=no-user-gesture-required'];

// Keeps every RTCPeerConnection (as media.test.ts does) and notes, from inside
// the page, when the first video frame was decoded (Date.now(), same clock as Node).
const KEEP_PCS = `(() => {
  const Orig = window.RTCPeerConnection;
  window.__pcs = [];
  window.__t = { pc: 0, connected: 0, frame: 0 };
  window.RTCPeerConnection = function (...a) {
    const pc = new Orig(...a);
    window.__pcs.push(pc);
    if (!window.__t.pc) window.__t.pc = Date.now();
    pc.addEventListener('connectionstatechange', () => { if (pc.connectionState === 'connected' && !window.__t.connected) window.__t.connected = Date.now(); });
    return pc;
  };
  window.RTCPeerConnection.prototype = Orig.prototype;
  let polls = 0;
  const poll = async () => {
    if (window.__t.frame || ++polls > 1500) return; // at most 30 s of polling
    for (const pc of window.__pcs) {
      if (pc.connectionState === 'closed') continue;
      try {
        const s = await pc.getStats();
        s.forEach((r) => { if (r.type === 'inbound-rtp' && r.kind === 'video' && r.framesDecoded > 0 && !window.__t.frame) window.__t.frame = Date.now(); });
      } catch {}
    }
    setTimeout(poll, 20);
  };
  setTimeout(poll, 20);
})();`;

const STATS = `(async () => {
  const out = { framesDecoded: 0, sent: 0 };
  for (const pc of window.__pcs || []) {
    if (pc.connectionState === 'closed' || pc.signalingState === 'closed') continue;
    const s = await pc.getStats();
    s.forEach((r) => {
      if (r.type === 'inbound-rtp' && r.kind === 'video') out.framesDecoded += r.framesDecoded || 0;
      if (r.type === 'outbound-rtp') out.sent += r.bytesSent || 0;
    });
  }
  return out;
})()`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
}

async function until<T>(what: string, fn: () => Promise<T>, ok: (v: T) => boolean, ms: number, every = 50): Promise<T> {
  const t0 = Date.now();
  let last: T | undefined;
  while (Date.now() - t0 < ms) {
    last = await fn();
    if (ok(last)) return last;
    await sleep(every);
  }
  throw new Error(`${what}: not within ${ms} ms (last: ${JSON.stringify(last)})`);
}

// ---------------------------------------------------------------------------
// Outer half: checks, the namespace, the inner run, cleanup.

const dropFigure = (note: string): Figure[] => [{ bench: BENCH, metric: 'run', value: null, unit: '', met: null, note }];

/** Every process still inside our namespace (only ever ones this bench started there). */
function nsPids(ns: string): number[] {
  const r = spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.split(/\s+/).filter(Boolean).map(Number) : [];
}

async function emptyNamespace(ns: string) {
  for (const [signal, wait] of [['SIGTERM', 3000], ['SIGKILL', 1000]] as const) {
    const pids = nsPids(ns);
    if (!pids.length) return;
    for (const pid of pids) {
      try {
        process.kill(pid, signal);
      } catch {
        /* gone */
      }
    }
    const end = Date.now() + wait;
    while (Date.now() < end && nsPids(ns).length) await sleep(100);
  }
}

export const liveBench: Bench = async ({ quick, log }) => {
  const why = whyNoNetns();
  if (why) {
    log(`live: SKIPPED: ${why}`);
    return dropFigure(`skipped: ${why}`);
  }
  const tag = `glb${process.pid % 10000}`;
  let net: TwoHosts | null = twoHosts(tag, `10.202.${process.pid % 250}`);
  let inner: ChildProcess | null = null;
  let cleaning: Promise<void> | null = null;
  const cleanup = () => (cleaning ??= cleanupOnce());
  const cleanupOnce = async () => {
    if (inner && inner.exitCode === null && inner.signalCode === null) {
      inner.kill('SIGTERM');
      await Promise.race([new Promise((r) => inner!.once('exit', r)), sleep(15_000)]);
    }
    if (net) {
      await emptyNamespace(net.host);
      await emptyNamespace(net.guest);
      net.remove();
      net = null;
    }
  };
  // `on`, not `once`: Ctrl-C reaches this process twice (from the terminal and relayed by tsx's
  // wrapper), and a second SIGINT without a listener would kill it before the namespace is gone.
  let interrupted = false;
  const onSignal = () => {
    if (interrupted) return;
    interrupted = true;
    log('live: interrupted; cleaning up');
    void cleanup().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    inner = spawn('ip', ['netns', 'exec', net.host, process.execPath, '--import', 'tsx', __filename, '--inner', ...(quick ? ['--quick'] : [])], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let figures: Figure[] | null = null;
    readline.createInterface({ input: inner.stdout! }).on('line', (line) => {
      if (line.startsWith(MARK)) figures = JSON.parse(line.slice(MARK.length)) as Figure[];
      else if (line.trim()) log(line);
    });
    const code = await new Promise<number | string>((resolve) => {
      const timer = setTimeout(() => {
        log('live: the inner run took over 6 minutes; stopping it');
        inner!.kill('SIGTERM');
      }, 6 * 60_000);
      inner!.once('exit', (c, s) => {
        clearTimeout(timer);
        resolve(c ?? String(s));
      });
    });
    if (!figures) return dropFigure(`failed: the inner run ended (${code}) without figures`);
    return figures;
  } finally {
    await cleanup();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
};

// ---------------------------------------------------------------------------
// Inner half: runs inside the namespace.

interface Seed {
  dataDir: string;
  mediaId: number;
  speaker: { token: string; email: string };
  viewers: Array<{ token: string; email: string }>;
}

/** A room without lobby, one speaker invite, `viewers` viewer invites (skip lobby). */
function seed(core: Core, dataDir: string, viewers: number): Seed {
  const media = core.media.create({ kind: 'room', title: 'Live bench', guestAccess: false, requireAdmission: false, filePath: null }, ACTOR);
  const make = (emails: string[], role: 'speaker' | 'viewer') =>
    core.invites.createMany({ mediaId: media.id, emails, role, skipLobby: true }, ACTOR).map((r, i) => {
      if (!r.ok) throw new Error(`invite failed: ${JSON.stringify(r)}`);
      return { token: r.invite.token, email: emails[i]! };
    });
  const [speaker] = make(['speaker@bench.example'], 'speaker');
  const vs = make(Array.from({ length: viewers }, (_, i) => `viewer${i}@bench.example`), 'viewer');
  return { dataDir, mediaId: media.id, speaker: speaker!, viewers: vs };
}

/** Joins by the invite form over HTTP; returns the cookies of the admitted session. */
async function joinHttp(base: string, inv: { token: string; email: string }, name: string): Promise<Client> {
  const c = new Client(base);
  const r = await c.submit(`/i/${inv.token}`, { name, email: inv.email });
  if (r.status !== 303) throw new Error(`join ${inv.email}: HTTP ${r.status}`);
  const s = await c.get('/s'); // admission rotates the session
  if (s.status !== 200) throw new Error(`join ${inv.email}: /s HTTP ${s.status}`);
  await s.arrayBuffer();
  return c;
}

async function contextFor(browser: Browser, base: string, c: Client): Promise<BrowserContext> {
  const ctx = await browser.newContext();
  await ctx.addCookies([...c.jar].map(([name, value]) => ({ name, value, url: base })));
  await ctx.addInitScript(KEEP_PCS);
  return ctx;
}

const TICK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** utime + stime of one process (all its threads), in ms. */
function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(f[11]) + Number(f[12])) / TICK) * 1000;
}

/** The whole machine's busy share (all cores), from /proc/stat. */
function machineTicks(): { busy: number; total: number } {
  const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - f[3]! - (f[4] ?? 0), total };
}

function descendants(pid: number): number[] {
  const out: number[] = [];
  const walk = (p: number, depth: number) => {
    if (depth > 5) return;
    let kids: number[] = [];
    try {
      for (const t of fs.readdirSync(`/proc/${p}/task`)) {
        kids.push(...fs.readFileSync(`/proc/${p}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
      }
    } catch {
      kids = [];
    }
    for (const k of kids) {
      out.push(k);
      walk(k, depth + 1);
    }
  };
  walk(pid, 0);
  return out;
}

const comm = (pid: number) => {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
};

interface CpuWindow {
  janusPct: number;
  hostPct: number;
  machinePct: number;
  seconds: number;
}

async function cpuWindow(janusPid: number, hostPids: number[], seconds: number): Promise<CpuWindow> {
  const host0 = hostPids.reduce((a, p) => a + cpuMs(p), 0);
  const j0 = cpuMs(janusPid);
  const m0 = machineTicks();
  const t0 = process.hrtime.bigint();
  await sleep(seconds * 1000);
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  const host1 = hostPids.reduce((a, p) => a + cpuMs(p), 0);
  const j1 = cpuMs(janusPid);
  const m1 = machineTicks();
  return {
    janusPct: ((j1 - j0) / wall) * 100,
    hostPct: ((host1 - host0) / wall) * 100,
    machinePct: ((m1.busy - m0.busy) / (m1.total - m0.total)) * 100,
    seconds: wall / 1000,
  };
}

interface Cleanup {
  fns: Array<() => Promise<void> | void>;
}

async function runCleanup(c: Cleanup, log: (...a: unknown[]) => void) {
  for (const fn of c.fns.splice(0).reverse()) {
    try {
      await Promise.race([fn(), sleep(10_000)]);
    } catch (e) {
      log('cleanup step failed:', (e as Error).message);
    }
  }
}

function startServe(dataDir: string): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, '--data', dataDir, '--json', 'serve', '--host', '127.0.0.1', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not start in 30 s: ${err}`));
    }, 30_000);
    child.stderr!.on('data', (d) => (err = (err + d).slice(-4000)));
    child.stdout!.on('data', (d) => {
      out += d;
      if (!out.includes('\n')) return;
      clearTimeout(timer);
      try {
        resolve({ child, port: JSON.parse(out.slice(0, out.indexOf('\n'))).port });
      } catch (e) {
        reject(e);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited ${code}: ${err}`));
    });
  });
}

/** Phase A: `guestlist serve` (its own Janus) in this namespace; time to first frame, then CPU. */
async function servePhase(quick: boolean, log: (...a: unknown[]) => void, cleanup: Cleanup, chromium: typeof import('playwright-core').chromium): Promise<Figure[]> {
  const figures: Figure[] = [];
  const TTFF_VIEWERS = 5;
  const CPU_STEPS = [10, 20];
  const WINDOW_S = 10;
  const dataDir = tmpDir('guestlist-bench-live-');
  cleanup.fns.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const core = openCore({ dataDir });
  const s = seed(core, dataDir, TTFF_VIEWERS + CPU_STEPS[CPU_STEPS.length - 1]!);
  core.close();

  const serve = await startServe(dataDir);
  cleanup.fns.push(async () => {
    if (serve.child.exitCode !== null || serve.child.signalCode !== null) return;
    const gone = new Promise((r) => serve.child.once('exit', r));
    serve.child.kill('SIGTERM');
    await Promise.race([gone, sleep(8000)]);
    if (serve.child.exitCode === null && serve.child.signalCode === null) serve.child.kill('SIGKILL');
  });
  const base = `http://127.0.0.1:${serve.port}`;
  log(`live: serve pid ${serve.child.pid} on ${base}`);

  const speakerBrowser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS, headless: true });
  cleanup.fns.push(() => speakerBrowser.close());
  const viewerBrowser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS, headless: true });
  cleanup.fns.push(() => viewerBrowser.close());

  const speakerCtx = await contextFor(speakerBrowser, base, await joinHttp(base, s.speaker, 'Sam Speaker'));
  const speaker = await speakerCtx.newPage();
  await speaker.goto(`${base}/s`);
  await until('the speaker sends media', () => speaker.evaluate(STATS) as Promise<{ sent: number }>, (x) => x.sent > 20_000, 20_000, 200);
  log('live: the speaker publishes');

  // The processes to watch: Janus (a descendant of serve, under its watchdog) and serve itself.
  const kids = descendants(serve.child.pid!);
  const janusPid = kids.find((p) => comm(p) === 'janus');
  if (!janusPid) throw new Error(`no janus among serve's descendants (${kids.map((p) => `${p}:${comm(p)}`).join(', ')})`);
  const hostPids = [serve.child.pid!, ...kids.filter((p) => comm(p) === 'node')];

  // --- 1. time to first frame -------------------------------------------------
  const ttff: number[] = [];
  const loads: number[] = [];
  const detail: string[] = [];
  for (let i = 0; i < TTFF_VIEWERS; i++) {
    const c = await joinHttp(base, s.viewers[i]!, `Viewer ${i}`);
    const ctx = await contextFor(viewerBrowser, base, c);
    try {
      const page = await ctx.newPage();
      const t0 = Date.now();
      await page.goto(`${base}/s`);
      const t = (await until('first frame', () => page.evaluate('window.__t') as Promise<{ pc: number; connected: number; frame: number }>, (x) => x.frame > 0, 15_000, 25)) as {
        pc: number;
        connected: number;
        frame: number;
      };
      const load = (await page.evaluate(`performance.getEntriesByType('navigation')[0].loadEventEnd`)) as number;
      ttff.push(t.frame - t0);
      loads.push(load);
      detail.push(`load ${Math.round(load)}, pc ${t.pc - t0}, ICE connected ${t.connected - t0}, frame ${t.frame - t0}`);
      log(`live: viewer ${i}: first frame ${t.frame - t0} ms (${detail[detail.length - 1]})`);
    } finally {
      await ctx.close();
    }
    await sleep(300);
  }
  const ttffMed = median(ttff);
  const ttffMax = Math.max(...ttff);
  figures.push(
    {
      bench: BENCH,
      metric: `time to first frame, median of ${TTFF_VIEWERS} viewers (goto /s → framesDecoded > 0)`,
      value: round(ttffMed, 0),
      unit: 'ms',
      baseline: round(median(loads), 0),
      ratio: round(ttffMed / median(loads), 1),
      target: '≤ 1500 ms',
      met: ttffMed <= 1500,
      note: `baseline: the same goto's load event; each (ms): ${ttff.join(', ')}`,
    },
    { bench: BENCH, metric: 'time to first frame, max', value: round(ttffMax, 0), unit: 'ms', target: '≤ 1500 ms', met: ttffMax <= 1500, note: detail.join(' | ') },
  );

  // --- 3. CPU ----------------------------------------------------------------
  const win = quick ? Math.min(WINDOW_S, 5) : WINDOW_S;
  await sleep(2000);
  const idle = await cpuWindow(janusPid, hostPids, win);
  log(`live: CPU, speaker only: Janus ${idle.janusPct.toFixed(1)}%, serve ${idle.hostPct.toFixed(2)}%, machine ${idle.machinePct.toFixed(0)}%`);
  figures.push({
    bench: BENCH,
    metric: `CPU, 1 publisher, 0 subscribers (${win} s): Janus / serve`,
    value: round(idle.janusPct, 1),
    unit: '% of a core',
    note: `serve ${idle.hostPct.toFixed(2)}% of a core; whole machine ${idle.machinePct.toFixed(0)}% busy (2 cores)`,
  });
  const pages: Page[] = [];
  const wsFrames = { sent: 0, received: 0 };
  let next = TTFF_VIEWERS;
  for (const n of CPU_STEPS) {
    while (pages.length < n) {
      const c = await joinHttp(base, s.viewers[next]!, `Viewer ${next}`);
      next++;
      const ctx = await contextFor(viewerBrowser, base, c);
      const page = await ctx.newPage();
      // Signaling seen by the page during the CPU window (what the relay had to do then).
      page.on('websocket', (ws) => {
        if (!ws.url().endsWith('/s/live')) return;
        ws.on('framesent', () => wsFrames.sent++);
        ws.on('framereceived', () => wsFrames.received++);
      });
      await page.goto(`${base}/s`);
      pages.push(page);
    }
    await until(`${n} pages decode video`, async () => (await Promise.all(pages.map((p) => p.evaluate('window.__t.frame') as Promise<number>))).filter((f) => f > 0).length, (k) => k === n, 60_000, 250);
    await sleep(quick ? 3000 : 5000); // let the new peers settle (ICE, keyframes, bitrate ramp-up)
    const frames0 = { ...wsFrames };
    const before = (await Promise.all(pages.map((p) => p.evaluate(STATS) as Promise<{ framesDecoded: number }>))).map((x) => x.framesDecoded);
    const w = await cpuWindow(janusPid, hostPids, win);
    const after = (await Promise.all(pages.map((p) => p.evaluate(STATS) as Promise<{ framesDecoded: number }>))).map((x) => x.framesDecoded);
    const signaling = `${wsFrames.sent - frames0.sent} sent / ${wsFrames.received - frames0.received} received on the pages' live sockets during the window`;
    const fps = after.map((a, i) => (a - before[i]!) / w.seconds);
    const ratio = w.hostPct / w.janusPct;
    log(`live: CPU, ${n} subscribers: Janus ${w.janusPct.toFixed(1)}%, serve ${w.hostPct.toFixed(2)}%, ratio ${ratio.toFixed(3)}, machine ${w.machinePct.toFixed(0)}%, ${signaling}, fps median ${median(fps).toFixed(1)} (min ${Math.min(...fps).toFixed(1)})`);
    figures.push(
      {
        bench: BENCH,
        metric: `CPU, 1 publisher, ${n} subscribers (${win} s): Janus`,
        value: round(w.janusPct, 1),
        unit: '% of a core',
        baseline: round(idle.janusPct, 1),
        note: `whole machine ${w.machinePct.toFixed(0)}% busy; decoded fps per page median ${median(fps).toFixed(1)}, min ${Math.min(...fps).toFixed(1)}`,
      },
      {
        bench: BENCH,
        metric: `CPU, ${n} subscribers: serve (listener + relay) / Janus`,
        value: round(ratio, 3),
        unit: '',
        baseline: round(idle.hostPct / idle.janusPct, 3),
        target: '≤ 0.05',
        met: ratio <= 0.05,
        note: `serve ${w.hostPct.toFixed(2)}% of a core (speaker only: ${idle.hostPct.toFixed(2)}%); signaling messages: ${signaling}`,
      },
    );
  }
  return figures;
}

/** A live socket of ours, for the relay round trips. */
interface LiveSock {
  ws: WebSocket;
  lastUse: number;
  request(m: Record<string, unknown>): Promise<Record<string, unknown>>;
}

function openLiveSock(base: string, c: Client): Promise<{ sock: LiveSock; hello: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${base.replace('http', 'ws')}/s/live`, { headers: { cookie: c.cookieHeader(), origin: base } });
    const waiting = new Map<number, (m: Record<string, unknown>) => void>();
    let nextId = 1;
    const timer = setTimeout(() => reject(new Error('no hello in 10 s')), 10_000);
    const sock: LiveSock = {
      ws,
      lastUse: 0,
      request(m) {
        const id = nextId++;
        return new Promise((res, rej) => {
          const t = setTimeout(() => {
            waiting.delete(id);
            rej(new Error(`no answer to ${m.t} in 5 s`));
          }, 5000);
          waiting.set(id, (a) => {
            clearTimeout(t);
            res(a);
          });
          ws.send(JSON.stringify({ ...m, id }));
        });
      },
    };
    ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as Record<string, unknown>;
      if (m.t === 'hello') {
        clearTimeout(timer);
        resolve({ sock, hello: m });
      }
      if (typeof m.id === 'number') waiting.get(m.id)?.(m);
      else if (m.t === 'error') console.error('[bench] live: relay error', m);
    });
    ws.on('unexpected-response', (_q, r) => reject(new Error(`HTTP ${r.statusCode}`)));
    ws.on('error', reject);
  });
}

/** Phase B: the relay round trip against Janus straight, one listener and its Janus in this process. */
async function relayPhase(quick: boolean, log: (...a: unknown[]) => void, cleanup: Cleanup, chromium: typeof import('playwright-core').chromium): Promise<Figure[]> {
  const SAMPLES = quick ? 60 : 300;
  const SOCKETS = 8;
  const dataDir = tmpDir('guestlist-bench-relay-');
  cleanup.fns.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const core = openCore({ dataDir });
  cleanup.fns.push(() => core.close());
  const engine = builtInEngine({ runtimeDir: path.join(dataDir, 'run') });
  cleanup.fns.push(() => engine.stop());
  const listener: Listener = await createListener({ core, host: '127.0.0.1', port: 0, liveEngine: engine });
  cleanup.fns.push(() => listener.close());
  const base = listener.url.replace(/\/$/, '');
  const s = seed(core, dataDir, SOCKETS);

  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS, headless: true });
  cleanup.fns.push(() => browser.close());
  const speakerClient = await joinHttp(base, s.speaker, 'Sam Speaker');
  const speakerId = (core.participants.list(s.mediaId) as Array<{ id: number; email: string }>).find((p) => p.email === s.speaker.email)!.id;
  const ctx = await contextFor(browser, base, speakerClient);
  const speaker = await ctx.newPage();
  await speaker.goto(`${base}/s`);
  await until('the speaker sends media', () => speaker.evaluate(STATS) as Promise<{ sent: number }>, (x) => x.sent > 20_000, 20_000, 200);

  const socks: LiveSock[] = [];
  for (let i = 0; i < SOCKETS; i++) {
    const { sock } = await openLiveSock(base, await joinHttp(base, s.viewers[i]!, `Viewer ${i}`));
    cleanup.fns.push(() => sock.ws.terminate());
    socks.push(sock);
  }
  // The relay lists the feed once its media flows; a subscribe before that is LIVE_NO_FEED.
  await until(
    'the relay lists the speaker',
    async () => {
      const r = await socks[0]!.request({ t: 'subscribe', feed: speakerId });
      if (r.t === 'reply') await socks[0]!.request({ t: 'unsubscribe', sub: r.sub as number });
      return r;
    },
    (r) => r.t === 'reply',
    15_000,
    500,
  );

  // Straight to the same Janus, as JanusPeer.subscribe does it: attach + join as subscriber.
  const ep = await engine.supervisor.endpoint();
  const room = engine.janusRoomId(s.mediaId)!;
  // The room's pin never leaves the host; the bench reads it from the engine's private map.
  const pin = (engine as unknown as { rooms: Map<number, { pin: string }> }).rooms.get(s.mediaId)!.pin;
  const conn = await JanusConnection.open(ep.url, ep.apiSecret);
  cleanup.fns.push(() => conn.close());
  const session = await conn.createSession();

  let turn = 0;
  /** A socket whose last use leaves the relay's rate bucket (20 a second, 60 burst) untouched by us. */
  const sockFor = async (): Promise<LiveSock> => {
    const k = socks[turn++ % socks.length]!;
    const wait = k.lastUse + 160 - Date.now();
    if (wait > 0) await sleep(wait);
    k.lastUse = Date.now();
    return k;
  };
  const viaRelay = async (): Promise<number> => {
    const k = await sockFor();
    const t = process.hrtime.bigint();
    const r = await k.request({ t: 'subscribe', feed: speakerId });
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    if (r.t !== 'reply' || (r.jsep as { type?: string } | undefined)?.type !== 'offer') throw new Error(`relay subscribe: ${JSON.stringify(r).slice(0, 200)}`);
    await k.request({ t: 'unsubscribe', sub: r.sub as number });
    return ms;
  };
  const direct = async (): Promise<number> => {
    const t = process.hrtime.bigint();
    const h = await session.attach();
    const { jsep } = await h.message({ request: 'join', room, pin, ptype: 'subscriber', streams: [{ feed: speakerId }] });
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    if (jsep?.type !== 'offer') throw new Error('direct join gave no offer');
    await h.detach();
    return ms;
  };
  const local = async (): Promise<number> => {
    const k = await sockFor();
    const t = process.hrtime.bigint();
    const r = await k.request({ t: 'unsubscribe', sub: 999_999 });
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    if (r.t !== 'reply') throw new Error(`relay unsubscribe: ${JSON.stringify(r)}`);
    return ms;
  };
  // Warm-up (JIT, Janus's first handles), unmeasured.
  for (let i = 0; i < 10; i++) {
    await viaRelay();
    await direct();
  }
  const relay: number[] = [];
  const straight: number[] = [];
  const localRt: number[] = [];
  const deadline = Date.now() + 120_000;
  for (let i = 0; i < SAMPLES && Date.now() < deadline; i++) {
    // Alternate the order, so neither path always follows the other.
    if (i % 2) {
      relay.push(await viaRelay());
      straight.push(await direct());
    } else {
      straight.push(await direct());
      relay.push(await viaRelay());
    }
    localRt.push(await local());
  }
  const p = (xs: number[], q: number) => round(pct(xs, q), 2);
  log(`live: subscribe via relay p50 ${p(relay, 50)} p99 ${p(relay, 99)} ms; straight to Janus p50 ${p(straight, 50)} p99 ${p(straight, 99)} ms; relay-only round trip p50 ${p(localRt, 50)} p99 ${p(localRt, 99)} ms (${relay.length} each)`);
  const addedP50 = pct(relay, 50) - pct(straight, 50);
  const addedP99 = pct(relay, 99) - pct(straight, 99);
  return [
    {
      bench: BENCH,
      metric: `subscribe round trip p50 (ws → relay → Janus attach + join → offer), ${relay.length} samples`,
      value: p(relay, 50),
      unit: 'ms',
      baseline: p(straight, 50),
      ratio: round(pct(relay, 50) / pct(straight, 50), 2),
      note: `baseline: attach + join sent straight to the same Janus (janusClient.ts), interleaved; relay adds ${addedP50.toFixed(2)} ms`,
    },
    {
      bench: BENCH,
      metric: 'subscribe round trip p99',
      value: p(relay, 99),
      unit: 'ms',
      baseline: p(straight, 99),
      ratio: round(pct(relay, 99) / pct(straight, 99), 2),
      target: 'relay adds ≤ 2 ms at p99',
      met: addedP99 <= 2,
      note: `p99 relay − p99 straight = ${addedP99.toFixed(2)} ms; max ${p(relay, 100)} vs ${p(straight, 100)} ms`,
    },
    {
      bench: BENCH,
      metric: 'relay-only round trip p50 / p99 (`unsubscribe` of an unknown sub: never reaches Janus)',
      value: p(localRt, 50),
      unit: 'ms',
      note: `p99 ${p(localRt, 99)} ms, max ${p(localRt, 100)} ms: the ws hop + zod + standing (SQL) + policy, with nothing from Janus`,
    },
  ];
}

async function innerMain(quick: boolean) {
  const log = (...a: unknown[]) => console.error('[bench]', ...a);
  const cleanup: Cleanup = { fns: [] };
  let stopping = false;
  const onSignal = (sig: string) => {
    if (stopping) return;
    stopping = true;
    log(`live (inner): ${sig}; cleaning up`);
    void runCleanup(cleanup, log).finally(() => process.exit(130));
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  const { chromium } = await import('playwright-core');
  const figures: Figure[] = [];
  const phases: Array<[string, typeof servePhase]> = [
    ['relay', relayPhase],
    ['serve', servePhase],
  ];
  for (const [name, phase] of phases) {
    if (stopping) break;
    const t = Date.now();
    try {
      figures.push(...(await phase(quick, log, cleanup, chromium)));
    } catch (e) {
      // Interrupted: the browsers were closed under it, and Playwright's error carries their whole log.
      log(`live: ${name} phase failed:`, stopping ? (e as Error).message.split('\n')[0] : ((e as Error).stack ?? e));
      figures.push({ bench: BENCH, metric: `${name} phase`, value: null, unit: '', met: null, note: `failed: ${(e as Error).message}`.slice(0, 200) });
    } finally {
      await runCleanup(cleanup, log);
    }
    log(`live: ${name} phase done in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  console.log(MARK + JSON.stringify(figures));
  process.exit(0);
}

// ---------------------------------------------------------------------------

const argv = process.argv.slice(2);
if (path.resolve(process.argv[1] ?? '') === __filename) {
  const quick = argv.includes('--quick');
  if (argv.includes('--inner')) {
    innerMain(quick).catch((e) => {
      console.error(e);
      process.exit(1);
    });
  } else {
    void (async () => {
      const { printTable, busyNote } = await import('./lib');
      const log = (...a: unknown[]) => console.error('[bench]', ...a);
      log(`live: ${quick ? 'quick' : 'full'} mode; ${busyNote()} at the start (${os.cpus().length} cores)`);
      const figures = await liveBench({ quick, log });
      log(`live: ${busyNote()} at the end`);
      console.log('');
      printTable(figures);
      process.exit(0);
    })();
  }
}
