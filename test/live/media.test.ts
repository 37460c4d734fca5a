// V1, V4, V5, V6: real live media. `guestlist serve` runs in one network
// namespace (the organiser's computer) and starts Janus itself; Chromium with
// fake camera and microphone joins from that namespace (http://127.0.0.1, a
// secure origin, so a speaker may publish) and from a second one (another
// machine on the network, http://10.x.1). Media is read from each page's own
// WebRTC statistics.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, FAKE_MEDIA_ARGS } from '../helpers/chromium';
import { tmpDir } from '../helpers/tmp';
import { CLI, cli } from '../reliability/helpers';
import { type TwoHosts, twoHosts, whyNoNetns } from './netns';

const why = whyNoNetns();
if (why) console.warn(`[skip] test/live/media.test.ts: ${why}`);

const ARGS = [...CHROMIUM_ARGS, ...FAKE_MEDIA_ARGS, '--autoplay-policy=no-user-gesture-required'];

// Keeps every RTCPeerConnection the page makes, so the test can read its stats.
const KEEP_PCS = `(() => {
  const Orig = window.RTCPeerConnection;
  window.__pcs = [];
  window.RTCPeerConnection = function (...a) { const pc = new Orig(...a); window.__pcs.push(pc); return pc; };
  window.RTCPeerConnection.prototype = Orig.prototype;
})();`;

interface Stats {
  framesDecoded: number;
  audioIn: number;
  videoIn: number;
  sent: number;
  tiles: number;
}
async function stats(page: Page): Promise<Stats> {
  return page.evaluate(`(async () => {
    const out = { framesDecoded: 0, audioIn: 0, videoIn: 0, sent: 0, tiles: document.querySelectorAll('#live .tile:not([data-key="me"])').length };
    for (const pc of window.__pcs) {
      if (pc.connectionState === 'closed' || pc.signalingState === 'closed') continue;
      const s = await pc.getStats();
      s.forEach((r) => {
        if (r.type === 'inbound-rtp' && r.kind === 'video') { out.framesDecoded += r.framesDecoded || 0; out.videoIn += r.bytesReceived || 0; }
        if (r.type === 'inbound-rtp' && r.kind === 'audio') out.audioIn += r.bytesReceived || 0;
        if (r.type === 'outbound-rtp') out.sent += r.bytesSent || 0;
      });
    }
    return out;
  })()`);
}

async function until<T>(what: string, fn: () => Promise<T>, ok: (v: T) => boolean, ms: number): Promise<{ value: T; after: number }> {
  const t0 = Date.now();
  let last: T | undefined;
  while (Date.now() - t0 < ms) {
    last = await fn();
    if (ok(last)) return { value: last, after: Date.now() - t0 };
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what}: not within ${ms} ms (last: ${JSON.stringify(last)})`);
}

describe.skipIf(!!why)('the live session with real media (V1, V4, V5, V6)', () => {
  let net: TwoHosts;
  let serve: ChildProcess;
  let port = 0;
  let local: Browser;
  let remote: Browser;
  const data = tmpDir('guestlist-live-');
  const tag = `glv${process.pid % 10000}`;
  const tokens: Record<string, { token: string; id: number }> = {};
  let linkToken = '';

  beforeAll(async () => {
    net = twoHosts(tag, `10.201.${process.pid % 250}`);
    expect(cli(data, 'media', 'add', '--title', 'Live town hall', '--kind', 'room', '--no-lobby').code).toBe(0);
    expect(cli(data, 'media', 'set', '--media', '1', '--guest-access', 'on').code).toBe(0);
    linkToken = (cli(data, 'links', 'create', '--media', '1', '--name', 'Everyone').out as { token: string }).token;
    for (const [who, role] of [
      ['speaker', 'speaker'],
      ['speaker2', 'speaker'],
      ['speaker3', 'speaker'],
      ['viewer', 'viewer'],
    ] as const) {
      const r = cli(data, 'invites', 'create', '--media', '1', '--email', `${who}@example.org`, '--role', role, '--skip-lobby', 'yes').out as Array<{ invite: { id: number; token: string } }>;
      tokens[who] = { token: r[0]!.invite.token, id: r[0]!.invite.id };
    }
    serve = spawn('ip', ['netns', 'exec', net.host, process.execPath, CLI, '--data', data, '--json', 'serve', '--host', '0.0.0.0', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    port = await new Promise<number>((resolve, reject) => {
      let out = '';
      let err = '';
      const timer = setTimeout(() => reject(new Error(`serve did not start: ${err}`)), 60_000);
      serve.stderr!.on('data', (d) => (err += d));
      serve.stdout!.on('data', (d) => {
        out += d;
        if (!out.includes('\n')) return;
        clearTimeout(timer);
        resolve(JSON.parse(out.slice(0, out.indexOf('\n'))).port);
      });
    });
    local = await chromium.launch({ executablePath: net.chromiumIn(net.host), args: ARGS, headless: true });
    remote = await chromium.launch({ executablePath: net.chromiumIn(net.guest), args: ARGS, headless: true });
  }, 120_000);

  afterAll(async () => {
    await local?.close().catch(() => {});
    await remote?.close().catch(() => {});
    if (serve && serve.exitCode === null) {
      serve.kill('SIGTERM');
      await new Promise((r) => serve.once('exit', r));
    }
    net?.remove();
  });

  const localBase = () => `http://127.0.0.1:${port}`;
  const remoteBase = () => `http://${net.hostIp}:${port}`;

  async function join(browser: Browser, base: string, path: string, email: string, name: string): Promise<Page> {
    const ctx = await browser.newContext();
    await ctx.addInitScript(KEEP_PCS);
    const page = await ctx.newPage();
    if (process.env.LIVE_DEBUG) {
      page.on('console', (m) => console.log(`[${name}] ${m.text()}`));
      page.on('websocket', (ws) => ws.on('framereceived', (f) => console.log(`[${name}] <- ${String(f.payload).slice(0, 200)}`)).on('framesent', (f) => console.log(`[${name}] -> ${String(f.payload).slice(0, 200)}`)));
    }
    await page.goto(base + path);
    await page.fill('input[name=name]', name);
    await page.fill('input[name=email]', email);
    await page.locator('main form button[type=submit]').click();
    await page.waitForURL(/\/s$/);
    return page;
  }

  let speaker: Page;
  let viewer: Page;
  let guest: Page;

  it('V1: a speaker publishes; a viewer on another machine and a guest-link guest decode video and receive audio, and send nothing', async () => {
    speaker = await join(local, localBase(), `/i/${tokens.speaker!.token}`, 'speaker@example.org', 'Sam Speaker');
    viewer = await join(remote, remoteBase(), `/i/${tokens.viewer!.token}`, 'viewer@example.org', 'Vi Viewer');
    guest = await join(local, localBase(), `/g/${linkToken}`, 'guest@example.org', 'Gus Guest');
    await until('speaker sends', () => stats(speaker), (s) => s.sent > 10_000, 15_000);
    for (const page of [viewer, guest]) {
      const first = await until('frames decoded', () => stats(page), (s) => s.framesDecoded > 5 && s.audioIn > 0, 15_000);
      const later = await until('audio keeps coming', () => stats(page), (s) => s.audioIn > first.value.audioIn, 3000);
      expect(later.value.sent).toBe(0); // a viewer's browser sends no media
    }
    // The speaker's name is shown as text on the tile.
    await expect(viewer.locator('#live .tile .name').first().textContent()).resolves.toBe('Sam Speaker');
    // GUESTLIST_SCREENSHOTS=docs: the live room page as a viewer sees it, for docs/screenshots.
    if (process.env.GUESTLIST_SCREENSHOTS === 'docs') {
      await viewer.setViewportSize({ width: 1100, height: 900 });
      await viewer.screenshot({ path: path.join(__dirname, '../../docs/screenshots/18-live-room.png'), fullPage: true });
      await speaker.setViewportSize({ width: 1100, height: 900 });
      await speaker.screenshot({ path: path.join(__dirname, '../../docs/screenshots/19-live-room-speaker.png'), fullPage: true });
    }
  }, 60_000);

  it('V4: lowering the speaker to viewer stops their media at the viewers within 1 second, and their page says why; raising it again publishes without a reload', async () => {
    const t0 = Date.now();
    expect(cli(data, 'invites', 'role', '--invite', String(tokens.speaker!.id), '--role', 'viewer').code).toBe(0);
    const gone = await until('tile gone', () => stats(viewer), (s) => s.tiles === 0, 3000);
    console.log(`[live] role lowered: media gone at the viewer ${gone.after} ms after the CLI committed (${Date.now() - t0} ms with the CLI's start)`);
    expect(gone.after).toBeLessThan(1000);
    await until('the page says why', async () => (await speaker.locator('#live .live-note').textContent()) ?? '', (t) => /viewer/.test(t), 1000);
    expect(cli(data, 'invites', 'role', '--invite', String(tokens.speaker!.id), '--role', 'speaker').code).toBe(0);
    await until('published again', () => stats(viewer), (s) => s.tiles === 1 && s.framesDecoded > 0, 15_000);
  }, 60_000);

  it('V5: Janus killed with SIGKILL is restarted, and the pages get media again within 10 seconds', async () => {
    const pids = spawnSync('pgrep', ['-f', `guestlist-live-${serve.pid}`], { encoding: 'utf8' }).stdout.trim().split(/\s+/).filter(Boolean);
    const janus = pids.map(Number).filter((pid) => fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0]!.endsWith('janus'));
    expect(janus.length).toBe(1);
    process.kill(janus[0]!, 'SIGKILL');
    const back = await until('media again', () => stats(viewer), (s) => s.tiles === 1 && s.framesDecoded > 5, 10_000);
    console.log(`[live] Janus SIGKILLed: media back at the viewer after ${back.after} ms`);
    expect(serve.exitCode).toBe(null);
  }, 30_000);

  it('V4: revoking the speaker invite stops their media within 1 second', async () => {
    await until('media', () => stats(viewer), (s) => s.tiles === 1, 10_000);
    expect(cli(data, 'invites', 'revoke', '--invite', String(tokens.speaker!.id)).code).toBe(0);
    const gone = await until('tile gone', () => stats(viewer), (s) => s.tiles === 0, 3000);
    console.log(`[live] invite revoked: media gone at the viewer ${gone.after} ms after the CLI committed`);
    expect(gone.after).toBeLessThan(1000);
    expect(await speaker.locator('#live .live-note').textContent()).toMatch(/revoked/);
  }, 30_000);

  it('V4: removing a speaker stops their media within 1 second, and their page says why', async () => {
    const s2 = await join(local, localBase(), `/i/${tokens.speaker2!.token}`, 'speaker2@example.org', 'Sue Second');
    await until('second speaker seen', () => stats(guest), (s) => s.tiles === 1 && s.framesDecoded > 0, 15_000);
    const people = cli(data, 'participants', 'list', '--media', '1').out as Array<{ id: number; email: string }>;
    const sue = people.find((p) => p.email === 'speaker2@example.org')!;
    expect(cli(data, 'participants', 'remove', '--participant', String(sue.id)).code).toBe(0);
    const gone = await until('tile gone', () => stats(guest), (s) => s.tiles === 0, 3000);
    console.log(`[live] removed: media gone at the guest ${gone.after} ms after the CLI committed`);
    expect(gone.after).toBeLessThan(1000);
    // The page leaves for the removal notice (P3), which says why.
    await s2.waitForURL(/\/s$/, { timeout: 1000 }).catch(() => {});
    await until('removed page', async () => (await s2.locator('main').textContent()) ?? '', (t) => /removed/i.test(t), 3000);
  }, 40_000);

  const participantId = (email: string) => (cli(data, 'participants', 'list', '--media', '1').out as Array<{ id: number; email: string }>).find((p) => p.email === email)!.id;

  it('V2: a guest-link guest raises a hand, the moderator lets them speak, a viewer decodes their video; on Stop their media is gone within 1 second and a forged publish is refused', async () => {
    await guest.getByRole('button', { name: 'Raise hand' }).click();
    const gus = participantId('guest@example.org');
    expect(cli(data, 'live', 'let-speak', '--participant', String(gus)).code).toBe(0);
    // The guest's page offers camera and microphone at once, without a reload.
    await until('guest publishes', () => stats(guest), (s) => s.sent > 10_000, 15_000);
    await until('viewer decodes the guest', () => stats(viewer), (s) => s.tiles === 1 && s.framesDecoded > 5, 15_000);
    expect(cli(data, 'live', 'let-speak', '--participant', String(gus), '--stop').code).toBe(0);
    const gone = await until('guest tile gone', () => stats(viewer), (s) => s.tiles === 0, 3000);
    console.log(`[live] let speak stopped: media gone at the viewer ${gone.after} ms after the CLI committed`);
    expect(gone.after).toBeLessThan(1000);
    // A publish forged over a new socket after Stop is refused.
    const answer = await guest.evaluate(`new Promise((resolve) => {
      const ws = new WebSocket('ws://' + location.host + '/s/live');
      ws.onmessage = (ev) => { const m = JSON.parse(ev.data); if (m.t === 'hello') ws.send(JSON.stringify({ t: 'publish', id: 7, jsep: { type: 'offer', sdp: 'v=0' }, audio: true, video: true })); if (m.id === 7) resolve(m); };
    })`);
    expect(answer).toMatchObject({ t: 'error', code: 'LIVE_NOT_ALLOWED' });
    const audit = cli(data, 'audit', '--media', '1').out as Array<{ action: string }>;
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['live.let-speak', 'live.stop-speak']));
  }, 60_000);

  let mo: Page;
  it('V2: after the moderator mutes a speaker, the viewers\' inbound audio from them stops growing within 1 second, and their page says so', async () => {
    mo = await join(local, localBase(), `/i/${tokens.speaker3!.token}`, 'speaker3@example.org', 'Mo Muted');
    await until('viewer hears Mo', () => stats(viewer), (s) => s.tiles === 1 && s.audioIn > 2000, 15_000);
    expect(cli(data, 'live', 'mute', '--participant', String(participantId('speaker3@example.org'))).code).toBe(0);
    await new Promise((r) => setTimeout(r, 1000));
    const a = (await stats(viewer)).audioIn;
    await new Promise((r) => setTimeout(r, 1500));
    const b = (await stats(viewer)).audioIn;
    expect(b - a).toBeLessThan(200); // silence: at most a stray packet
    await until('muted note', async () => (await mo.locator('#live .live-note').textContent()) ?? '', (t) => /muted/.test(t), 1000);
  }, 40_000);

  it('V2: ending the live session shows the end on every page within 1 second', async () => {
    const t0 = Date.now();
    expect(cli(data, 'live', 'end', '--media', '1').code).toBe(0);
    // (The guest's page was moved off the session by the forged socket above.)
    for (const page of [viewer, mo]) {
      await until('ended', async () => (await page.locator('#live').getAttribute('data-ended')) ?? '', (v) => v === 'session-ended', 1500);
    }
    console.log(`[live] session ended: every page shows it ${Date.now() - t0} ms after the CLI started`);
    expect(await viewer.locator('#live .live-status').textContent()).toContain('ended the live session');
  }, 30_000);

  it('V3: Janus listens on 127.0.0.1 only, apart from its media ports', () => {
    const tcp = spawnSync('ip', ['netns', 'exec', net.host, 'ss', '-Htlnp'], { encoding: 'utf8' }).stdout;
    const janusTcp = tcp.split('\n').filter((l) => l.includes('"janus"'));
    expect(janusTcp.length).toBeGreaterThan(0);
    for (const l of janusTcp) expect(l).toMatch(/\s127\.0\.0\.1:\d+\s/);
    const udp = spawnSync('ip', ['netns', 'exec', net.host, 'ss', '-Hulnp'], { encoding: 'utf8' }).stdout;
    for (const l of udp.split('\n').filter((x) => x.includes('"janus"'))) {
      const port = Number(/:(\d+)\s/.exec(l)?.[1]);
      expect(port >= 40000 && port <= 40999, l).toBe(true);
    }
  });

  it('V5: no Janus is left after `guestlist serve` stops', async () => {
    serve.kill('SIGTERM');
    await new Promise((r) => serve.once('exit', r));
    await new Promise((r) => setTimeout(r, 500));
    const left = spawnSync('pgrep', ['-f', `guestlist-live-${serve.pid}`], { encoding: 'utf8' }).stdout.trim();
    expect(left).toBe('');
  }, 20_000);
});
