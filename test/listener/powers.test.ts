// S5: powers follow the participant's current standing on every request and
// every live stream (issue 13, defect 4). Real listener on 127.0.0.1, real SQLite.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../helpers/tmp';
import { ACTOR, Client, guestSetup, type Harness, inviteSetup, openEvents, startHarness } from './helpers';

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ heartbeatMs: 60_000 });
});
afterEach(async () => {
  await h.close();
});

async function joinInvite(token: string, email: string, name = 'Mo') {
  const c = new Client(h.base);
  const res = await c.submit(`/i/${token}`, { name, email });
  expect(res.status).toBe(303);
  return c;
}

async function joinGuest(token: string, email: string, name = 'Guest') {
  const c = new Client(h.base);
  expect((await c.submit(`/g/${token}`, { name, email })).status).toBe(303);
  return c;
}

describe('S5: moderator powers end when they are taken away (issue 13, defect 4)', () => {
  it('S5 defect 4: a revoked invited moderator loses the people list (and the emails of later arrivals) at once', async () => {
    const { media, link } = guestSetup(h.core, { requireAdmission: true });
    const inv = inviteSetup(h.core, media.id, 'mod@example.com', 'moderator', { skipLobby: true });
    const mod = await joinInvite(inv.token, 'mod@example.com');
    expect((await mod.get('/s/part/people')).status).toBe(200);
    const csrf = await mod.csrf(); // the open page's form
    h.core.invites.revoke(inv.id, ACTOR);
    await joinGuest(link.token, 'later@example.com');
    const res = await mod.get('/s/part/people');
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain('later@example.com');
    // Nor can they act on anyone.
    const later = h.core.participants.list(media.id).find((p) => p.email === 'later@example.com')!;
    expect((await mod.post(`/s/manage/${later.id}/admit`, { _csrf: csrf })).status).toBe(403);
    expect(h.core.participants.get(later.id).state).toBe('waiting');
  });

  it('S5 defect 4: a demoted moderator loses the people list', async () => {
    const { media } = guestSetup(h.core);
    const inv = inviteSetup(h.core, media.id, 'mod@example.com', 'moderator', { skipLobby: true });
    const mod = await joinInvite(inv.token, 'mod@example.com');
    h.core.invites.setRole(inv.id, 'viewer', ACTOR);
    expect((await mod.get('/s/part/people')).status).toBe(403);
    const { text } = await mod.getText('/s');
    expect(text).not.toContain('mod@example.com');
  });

  it('S5 defect 4: a revoked or demoted moderator stops getting live people events', async () => {
    const { media, link } = guestSetup(h.core, { requireAdmission: true });
    const inv = inviteSetup(h.core, media.id, 'mod@example.com', 'moderator', { skipLobby: true });
    const inv2 = inviteSetup(h.core, media.id, 'mod2@example.com', 'moderator', { skipLobby: true });
    const mod = await joinInvite(inv.token, 'mod@example.com');
    const mod2 = await joinInvite(inv2.token, 'mod2@example.com', 'Mo Two');
    const ev = await openEvents(mod);
    const ev2 = await openEvents(mod2);
    try {
      await joinGuest(link.token, 'a@example.com');
      await ev.waitFor((e) => e.event === 'people');
      await ev2.waitFor((e) => e.event === 'people');
      h.core.invites.revoke(inv.id, ACTOR);
      h.core.invites.setRole(inv2.id, 'speaker', ACTOR);
      await new Promise((r) => setTimeout(r, 100));
      const before = ev.events.filter((e) => e.event === 'people').length;
      const before2 = ev2.events.filter((e) => e.event === 'people').length;
      await joinGuest(link.token, 'b@example.com');
      // The stream is still alive (P4: staying in the room is not a power) and gets the count…
      await new Promise((r) => setTimeout(r, 300));
      expect(ev.events.filter((e) => e.event === 'people').length).toBe(before);
      expect(ev2.events.filter((e) => e.event === 'people').length).toBe(before2);
    } finally {
      ev.close();
      ev2.close();
    }
  });

  it('S5 defect 4: a speaker whose invite was revoked can no longer post chat', async () => {
    const { media } = guestSetup(h.core);
    const inv = inviteSetup(h.core, media.id, 'sp@example.com', 'speaker', { skipLobby: true });
    const sp = await joinInvite(inv.token, 'sp@example.com', 'Speaker');
    const csrf = await sp.csrf();
    expect((await sp.post('/s/chat', { _csrf: csrf, body: 'before' })).status).toBe(303);
    h.core.invites.revoke(inv.id, ACTOR);
    expect((await sp.post('/s/chat', { _csrf: csrf, body: 'after' })).status).toBe(403);
    expect(h.core.chat.list(media.id).map((m) => m.body)).toEqual(['before']);
  });

  it('S5 defect 4: a removed participant can no longer open /s/events', async () => {
    const { media, link } = guestSetup(h.core, { requireAdmission: false });
    const g = await joinGuest(link.token, 'g@example.com');
    const p = h.core.participants.list(media.id)[0]!;
    h.core.participants.remove(p.id, ACTOR);
    const ctrl = new AbortController();
    const res = await fetch(`${h.base}/s/events`, { headers: { cookie: g.cookieHeader() }, signal: ctrl.signal });
    expect(res.status).not.toBe(200);
    expect(res.headers.get('content-type')).not.toContain('text/event-stream');
    ctrl.abort();
  });
});

describe('S5: sessions (issue 13, defects 4 and 7)', () => {
  it('S5 defect 4: sessions expire on the server 24 hours after they were issued', async () => {
    await h.close();
    const clock = manualClock('2026-06-12T13:00:00.000Z');
    h = await startHarness({ now: clock.now, heartbeatMs: 60_000 });
    const { link } = guestSetup(h.core, { requireAdmission: false });
    const g = await joinGuest(link.token, 'g@example.com');
    clock.advanceDays(23 / 24);
    expect((await g.get('/s')).status).toBe(200);
    clock.advanceDays(2 / 24);
    const res = await g.get('/s');
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('NO_SESSION');
    expect((await g.post('/s/hand', { _csrf: 'x', raised: '1' })).status).toBe(403);
  });

  it('S5 defect 7: the session is issued again at admission, and the waiting-room one stops working', async () => {
    const { media, link } = guestSetup(h.core, { requireAdmission: true });
    const g = await joinGuest(link.token, 'g@example.com');
    const lobbySecret = g.jar.get('gl_s')!;
    expect((await g.get('/s/lobby')).status).toBe(200);
    h.core.participants.admit(h.core.participants.list(media.id)[0]!.id, ACTOR);
    expect((await g.get('/s')).status).toBe(200);
    const admittedSecret = g.jar.get('gl_s')!;
    expect(admittedSecret).not.toBe(lobbySecret);
    expect((await g.get('/s')).status).toBe(200);
    const old = new Client(h.base);
    old.jar.set('gl_b', g.jar.get('gl_b')!);
    old.jar.set('gl_s', lobbySecret);
    expect((await old.get('/s')).status).toBe(403);
  });

  it('S5 defect 7: a planted gl_s (a session issued to another browser) is not honoured', async () => {
    const { link } = guestSetup(h.core, { requireAdmission: false });
    const victim = await joinGuest(link.token, 'g@example.com');
    const planted = new Client(h.base);
    await planted.get(`/g/${link.token}`); // a browser of its own
    planted.jar.set('gl_s', victim.jar.get('gl_s')!);
    expect((await planted.get('/s')).status).toBe(403);
    const bare = new Client(h.base);
    bare.jar.set('gl_s', victim.jar.get('gl_s')!);
    expect((await bare.get('/s')).status).toBe(403);
    expect((await victim.get('/s')).status).toBe(200);
  });

  it('S5 defect 7: one invite has one active session: a second join moves the person and the old tab says so', async () => {
    const { media } = guestSetup(h.core);
    const inv = inviteSetup(h.core, media.id, 'mod@example.com', 'moderator', { skipLobby: true });
    const first = await joinInvite(inv.token, 'mod@example.com');
    const ev = await openEvents(first);
    try {
      await ev.waitFor((e) => e.event === 'state');
      const second = await joinInvite(inv.token, 'mod@example.com');
      await ev.waitFor((e) => e.event === 'state' && JSON.parse(e.data).state === 'moved');
      await ev.pump;
      expect(ev.closed).toBe(true);
      expect(h.core.participants.list(media.id)).toHaveLength(1);
      expect((await first.get('/s/part/people')).status).toBe(403);
      expect((await first.get('/s')).status).toBe(403);
      expect((await second.get('/s/part/people')).status).toBe(200);
      const moved = await first.getText('/s/moved');
      expect(moved.text).toContain('You joined again from another browser or tab');
    } finally {
      ev.close();
    }
  });
});

describe('V7: the invited moderator\'s people list', () => {
  it('V2, V7: "may speak" shows for exactly the people a moderator let speak (the room\'s speakers, read once)', async () => {
    const { media, link } = guestSetup(h.core, { requireAdmission: false });
    const inv = inviteSetup(h.core, media.id, 'mod@example.com', 'moderator', { skipLobby: true });
    const mod = await joinInvite(inv.token, 'mod@example.com');
    await joinGuest(link.token, 'ana@example.com', 'Ana');
    await joinGuest(link.token, 'bo@example.com', 'Bo');
    const ana = h.core.participants.list(media.id).find((p) => p.email === 'ana@example.com')!;
    h.core.live.setSpeak(ana.id, true, ACTOR);
    const res = await mod.get('/s/part/people');
    expect(res.status).toBe(200);
    const rows = (await res.text()).split('<li>');
    const rowOf = (email: string) => rows.find((r) => r.includes(email)) ?? '';
    expect(rowOf('ana@example.com')).toContain('may speak');
    expect(rowOf('ana@example.com')).toContain('/stop-speak');
    expect(rowOf('bo@example.com')).not.toContain('may speak');
    expect(rowOf('bo@example.com')).toContain('Bo');
  });
});
