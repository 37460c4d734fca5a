// S5: powers follow the participant's current standing on every request and
// every live stream (issue 13, defect 4). Real listener on 127.0.0.1, real SQLite.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
