// V2, V3, S5: the live socket, against a real listener on 127.0.0.1 and a real
// Janus (the Debian package) that the listener starts itself. No browser: the
// messages are written by hand, as an attacker would.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { callOperation } from '../../src-main/api/table';
import { builtInEngine } from '../../src-main/live';
import { opensslHmacSha1 } from '../helpers/openssl';
import { tmpDir } from '../helpers/tmp';
import { ACTOR, Client, guestSetup, type Harness, inviteSetup, startHarness } from '../listener/helpers';

const hasJanus = spawnSync('sh', ['-c', 'command -v janus'], { encoding: 'utf8' }).status === 0;
const why = 'janus is not installed (Debian package `janus`; .ci/run installs it)';
if (!hasJanus) console.warn(`[live] skipping: ${why}`);

let h: Harness;
let engine: ReturnType<typeof builtInEngine>;

beforeAll(async () => {
  if (!hasJanus) return;
  engine = builtInEngine({ runtimeDir: tmpDir('guestlist-janus-') });
  h = await startHarness({ liveEngine: engine });
});
afterAll(async () => {
  await h?.close();
  await engine?.stop();
});

async function joinInvite(token: string, email: string) {
  const c = new Client(h.base);
  expect((await c.submit(`/i/${token}`, { name: 'Someone', email })).status).toBe(303);
  expect((await c.get('/s')).status).toBe(200); // admission rotates the session
  return c;
}
async function joinGuest(token: string, email: string) {
  const c = new Client(h.base);
  expect((await c.submit(`/g/${token}`, { name: 'Guest', email })).status).toBe(303);
  expect((await c.get('/s')).status).toBe(200);
  return c;
}

interface Sock {
  ws: WebSocket;
  next(pred?: (m: Record<string, unknown>) => boolean, ms?: number): Promise<Record<string, unknown>>;
  send(m: unknown): void;
  closed: Promise<number>;
}
function openLive(c: Client, origin = h.base): Promise<Sock> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(h.base.replace('http', 'ws') + '/s/live', { headers: { cookie: c.cookieHeader(), origin } });
    const inbox: Record<string, unknown>[] = [];
    const waiters: Array<() => void> = [];
    ws.on('message', (d) => {
      inbox.push(JSON.parse(String(d)));
      for (const w of waiters.splice(0)) w();
    });
    const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
    ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.on('error', reject);
    ws.on('open', () =>
      resolve({
        ws,
        closed,
        send: (m) => ws.send(typeof m === 'string' ? m : JSON.stringify(m)),
        async next(pred = () => true, ms = 5000) {
          const deadline = Date.now() + ms;
          for (;;) {
            const i = inbox.findIndex(pred);
            if (i >= 0) return inbox.splice(i, 1)[0]!;
            if (Date.now() > deadline) throw new Error(`no such message; got ${JSON.stringify(inbox)}`);
            await new Promise<void>((r) => {
              waiters.push(r);
              setTimeout(r, 100);
            });
          }
        },
      }),
    );
  });
}

const FAKE_OFFER = { type: 'offer', sdp: 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n' };

describe.skipIf(!hasJanus)('the live socket (V2, V3, S5)', () => {
  it('V3: the handshake needs a session of this room and a page of this origin', async () => {
    const { link } = guestSetup(h.core, { requireAdmission: false });
    const nobody = new Client(h.base);
    await expect(openLive(nobody)).rejects.toThrow('HTTP 403');
    const g = await joinGuest(link.token, 'g1@example.com');
    await expect(openLive(g, 'http://evil.example')).rejects.toThrow('HTTP 403');
    const s = await openLive(g);
    const hello = await s.next((m) => m.t === 'hello');
    expect(hello.maySend).toBe(false);
    s.ws.close();
  });

  it('V6: the hello carries the STUN server and a TURN entry with 12-hour credentials made from the shared secret, never the secret', async () => {
    const secret = 'c0turn-static-auth-s3cret';
    h.core.liveSettings.set({ stunServer: 'stun.example.org:3478', turnServer: 'turns:turn.example.org:5349', turnSecret: secret }, ACTOR);
    try {
      const { link } = guestSetup(h.core, { requireAdmission: false });
      const g = await joinGuest(link.token, 'turn@example.com');
      const s = await openLive(g);
      const hello = (await s.next((m) => m.t === 'hello')) as { iceServers: Array<{ urls: string; username?: string; credential?: string }> };
      const before = Math.floor(Date.now() / 1000);
      expect(JSON.stringify(hello)).not.toContain(secret);
      expect(hello.iceServers[0]).toEqual({ urls: 'stun:stun.example.org:3478' });
      const turn = hello.iceServers[1]!;
      expect(turn.urls).toBe('turns:turn.example.org:5349');
      const [expiry, name] = turn.username!.split(':');
      expect(name).toBe('guestlist');
      expect(Number(expiry) - before).toBeGreaterThan(12 * 3600 - 30);
      expect(Number(expiry) - before).toBeLessThanOrEqual(12 * 3600);
      expect(turn.credential).toBe(opensslHmacSha1(secret, turn.username!));
      s.ws.close();
    } finally {
      h.core.liveSettings.set({ stunServer: null, turnServer: null, turnSecret: null }, ACTOR);
    }
  });

  it('V2: a viewer and a guest-link guest are refused publishing; raw Janus requests are unknown; Janus lists no such publisher', async () => {
    const { media, link } = guestSetup(h.core, { requireAdmission: false });
    const inv = inviteSetup(h.core, media.id, 'viewer@example.com', 'viewer', { skipLobby: true });
    const viewer = await joinInvite(inv.token, 'viewer@example.com');
    const guest = await joinGuest(link.token, 'g2@example.com');
    for (const c of [viewer, guest]) {
      const s = await openLive(c);
      await s.next((m) => m.t === 'hello');
      s.send({ t: 'publish', id: 1, jsep: FAKE_OFFER, audio: true, video: true });
      expect(await s.next((m) => m.id === 1)).toMatchObject({ t: 'error', code: 'LIVE_NOT_ALLOWED' });
      // A join as publisher, another room, a moderation request: not our protocol, so never forwarded.
      s.send({ janus: 'message', body: { request: 'join', ptype: 'publisher', room: 1234 }, transaction: 'x' });
      expect(await s.next((m) => m.t === 'error')).toMatchObject({ code: 'LIVE_UNKNOWN_REQUEST' });
      s.send({ t: 'publish', id: 2, jsep: FAKE_OFFER, audio: true, video: true, room: 99, feed: 5, display: 'Boss' });
      expect(await s.next((m) => m.id === 2)).toMatchObject({ code: 'LIVE_UNKNOWN_REQUEST' });
      s.send({ t: 'moderate', id: 3, feed: 1, mute: true });
      expect(await s.next((m) => m.id === 3)).toMatchObject({ code: 'LIVE_UNKNOWN_REQUEST' });
      s.send({ t: 'subscribe', id: 4, feed: 999999 });
      expect(await s.next((m) => m.id === 4)).toMatchObject({ code: 'LIVE_NO_FEED' });
      s.ws.close();
    }
    const people = await engine.listParticipants(media.id);
    expect(people.filter((p) => p.publisher)).toEqual([]);
  });

  it('S5: one person has one live socket; a second one closes the first as moved', async () => {
    const { link } = guestSetup(h.core, { requireAdmission: false });
    const g = await joinGuest(link.token, 'g3@example.com');
    const first = await openLive(g);
    await first.next((m) => m.t === 'hello');
    const second = await openLive(g);
    await second.next((m) => m.t === 'hello');
    expect(await first.next((m) => m.t === 'ended')).toMatchObject({ reason: 'moved' });
    expect(await first.closed).toBe(4001);
    second.ws.close();
  });

  it('S5: removing someone ends their live socket within 1 second, and says why', async () => {
    const { media, link } = guestSetup(h.core, { requireAdmission: false });
    const g = await joinGuest(link.token, 'g4@example.com');
    const s = await openLive(g);
    await s.next((m) => m.t === 'hello');
    const p = h.core.participants.list(media.id).find((x) => x.email === 'g4@example.com')!;
    const t0 = Date.now();
    h.core.participants.remove(p.id, ACTOR);
    expect(await s.next((m) => m.t === 'ended', 1000)).toMatchObject({ reason: 'removed' });
    expect(await s.closed).toBe(4000);
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it('V7: the app joins as moderator without an email: live.join gives a one-time address that opens a session with a moderator\'s powers', async () => {
    const { media } = guestSetup(h.core, { requireAdmission: true });
    const r = await callOperation(h.core, 'live.join', { mediaId: media.id }, ACTOR);
    if (!r.ok) throw new Error(r.error.message);
    const url = new URL(r.value.url);
    expect(url.hostname).toBe('127.0.0.1'); // a secure origin: the camera may be used
    const app = new Client(h.base);
    const res = await app.get(url.pathname);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/s');
    const s = await openLive(app);
    expect(await s.next((m) => m.t === 'hello')).toMatchObject({ maySend: true });
    s.ws.close();
    // The code works once.
    expect((await new Client(h.base).get(url.pathname)).status).toBe(403);
  });

  it('V2: after End, Janus no longer has the room, pages are told, and the next admission starts a new session', async () => {
    const { media, link } = guestSetup(h.core, { requireAdmission: false });
    const g = await joinGuest(link.token, 'g6@example.com');
    const s = await openLive(g);
    await s.next((m) => m.t === 'hello');
    expect(await engine.listRooms()).toContain(media.id);
    const janusId = engine.janusRoomId(media.id)!;
    expect(await engine.janusHas(janusId)).toBe(true);
    h.core.live.end(media.id, ACTOR);
    expect(await s.next((m) => m.t === 'ended', 1000)).toMatchObject({ reason: 'session-ended' });
    await new Promise((r) => setTimeout(r, 200));
    expect(await engine.janusHas(janusId)).toBe(false);
    expect(await engine.listRooms()).not.toContain(media.id);
    const again = await joinGuest(link.token, 'g7@example.com');
    const s2 = await openLive(again);
    await s2.next((m) => m.t === 'hello');
    expect(await engine.listRooms()).toContain(media.id);
    expect(engine.janusRoomId(media.id)).not.toBe(janusId); // a fresh session
    s2.ws.close();
  });

  it('V2: a viewer can\'t unmute anyone, nor send media states', async () => {
    const { media } = guestSetup(h.core, { requireAdmission: false });
    const inv = inviteSetup(h.core, media.id, 'viewer2@example.com', 'viewer', { skipLobby: true });
    const v = await joinInvite(inv.token, 'viewer2@example.com');
    const s = await openLive(v);
    await s.next((m) => m.t === 'hello');
    s.send({ t: 'media', id: 9, audio: true, video: true });
    expect(await s.next((m) => m.id === 9)).toMatchObject({ code: 'LIVE_NOT_ALLOWED' });
    s.ws.close();
  });

  it('V3: a flood of messages is refused and then the socket is closed', async () => {
    const { link } = guestSetup(h.core, { requireAdmission: false });
    const g = await joinGuest(link.token, 'g5@example.com');
    const s = await openLive(g);
    await s.next((m) => m.t === 'hello');
    for (let i = 0; i < 200; i++) s.send({ t: 'media', id: i, audio: true, video: true });
    expect(await s.next((m) => m.code === 'LIVE_RATE')).toBeTruthy();
    expect(await s.closed).toBe(4008);
  });
});
