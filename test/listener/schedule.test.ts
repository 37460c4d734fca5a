// A schedule means something (issue "A newcomer's first day", item 2): the
// doors open a set number of minutes before the start (guests who come
// earlier register and wait in the lobby with the start and a countdown),
// and after the end plus a grace period the links say the session has ended.
// Real SQLite file, real HTTP on 127.0.0.1, the core's clock moved by hand.
import { afterEach, describe, expect, it } from 'vitest';
import { SESSION_END_GRACE_MS } from '../../src-main/core/media';
import type { Schedule } from '../../src-main/core/types';
import { ACTOR, Client, guestSetup, type Harness, inviteSetup, startHarness } from './helpers';

const START = '2026-12-01T14:00:00.000Z';
const END = '2026-12-01T15:00:00.000Z';
const SCHEDULE: Schedule = { startsAt: START, endsAt: END, timeZone: 'Europe/Paris' };
const MIN = 60_000;

let h: Harness;
let t = 0;
const at = (iso: string, plusMs = 0) => {
  t = Date.parse(iso) + plusMs;
};
afterEach(async () => {
  await h?.close();
});

async function start(opts: { requireAdmission?: boolean; doorsOpenMinutes?: number; contact?: string } = {}) {
  h = await startHarness({ now: () => new Date(t), heartbeatMs: 60_000 });
  return guestSetup(h.core, { schedule: SCHEDULE, requireAdmission: opts.requireAdmission ?? false, doorsOpenMinutes: opts.doorsOpenMinutes, contact: opts.contact });
}

async function join(token: string, email = 'early@example.com', path = `/g/${token}`) {
  const g = new Client(h.base);
  const res = await g.submit(path, { name: 'Early Bird', email });
  return { g, res };
}

describe('M1: a schedule ends (session-ended)', () => {
  it('M1: a room whose schedule ended on 1 December does not serve its join form on 6 December: 410, session-ended', async () => {
    at(START);
    const { link } = await start();
    at('2026-12-06T10:00:00.000Z');
    const res = await new Client(h.base).get(`/g/${link.token}`);
    expect(res.status).toBe(410);
    const text = await res.text();
    expect(text).toContain('data-reason="session-ended"');
    expect(text).toContain('This session has ended.');
    expect(text).not.toContain('name="email"');
  });

  it('M1: the links keep working for the grace period after the end (30 minutes), then stop; a submit then is refused too', async () => {
    at(START);
    const { link } = await start();
    const g = new Client(h.base);
    const page = await g.get(`/g/${link.token}`);
    expect(page.status).toBe(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
    at(END, SESSION_END_GRACE_MS - MIN);
    expect(SESSION_END_GRACE_MS).toBe(30 * MIN);
    expect((await new Client(h.base).get(`/g/${link.token}`)).status).toBe(200);
    at(END, SESSION_END_GRACE_MS);
    const post = await g.post(`/g/${link.token}`, { _csrf: csrf, name: 'Late', email: 'late@example.com' });
    expect(post.status).toBe(410);
    expect(await post.text()).toContain('data-reason="session-ended"');
    expect(h.core.participants.list(link.mediaId)).toHaveLength(0);
    expect(h.core.links.list(link.mediaId)[0]!.uses).toBe(0);
  });

  it('M1: "session-ended" is said in all four languages', async () => {
    at(START);
    const { link } = await start();
    at('2026-12-06T10:00:00.000Z');
    const words = { en: 'This session has ended.', fr: 'Cette session est terminée.', es: 'Esta sesión ha terminado.', he: 'המפגש הזה הסתיים.' };
    for (const [lang, sentence] of Object.entries(words)) {
      const res = await new Client(h.base).get(`/g/${link.token}?lang=${lang}`);
      expect(res.status).toBe(410);
      expect(await res.text()).toContain(sentence);
    }
  });

  it('M1: an invite link says so too', async () => {
    at(START);
    const { media } = await start();
    const inv = inviteSetup(h.core, media.id, 'vip@example.com', 'viewer');
    at('2026-12-06T10:00:00.000Z');
    const res = await new Client(h.base).get(`/i/${inv.token}`);
    expect(res.status).toBe(410);
    expect(await res.text()).toContain('data-reason="session-ended"');
  });

  it('M1: the moderator extends the session (changes the end) and the link works again', async () => {
    at(START);
    const { media, link } = await start();
    at('2026-12-06T10:00:00.000Z');
    expect((await new Client(h.base).get(`/g/${link.token}`)).status).toBe(410);
    h.core.media.update(media.id, { schedule: { ...SCHEDULE, endsAt: '2026-12-06T12:00:00.000Z' } }, ACTOR);
    expect((await new Client(h.base).get(`/g/${link.token}`)).status).toBe(200);
  });

  it('P5: a guest still waiting after the end can\'t be admitted, and the moderator is told why', async () => {
    at(START);
    const { link } = await start({ requireAdmission: true });
    await join(link.token);
    const [p] = h.core.participants.list(link.mediaId);
    at(END, SESSION_END_GRACE_MS + MIN);
    expect(() => h.core.participants.admit(p!.id, ACTOR)).toThrow(/scheduled session has ended/);
    expect(h.core.participants.get(p!.id)).toMatchObject({ state: 'left', leftReason: 'session-ended' });
  });

  it('without a schedule nothing changes: an entry made long ago still lets guests straight in', async () => {
    at('2020-01-01T00:00:00.000Z');
    h = await startHarness({ now: () => new Date(t) });
    const { link } = guestSetup(h.core, { requireAdmission: false });
    at('2026-12-06T10:00:00.000Z');
    const { res } = await join(link.token);
    expect(res.headers.get('location')).toBe('/s');
  });
});

describe('M1: the doors open before the start', () => {
  it('M1: before the doors open, the entry page shows the start and a countdown', async () => {
    at(START, -2 * 60 * MIN);
    const { link } = await start();
    const text = await (await new Client(h.base).get(`/g/${link.token}`)).text();
    expect(text).toContain(`<time datetime="${START}">Tuesday, December 1, 2026 at 3:00 PM GMT+1</time>`);
    expect(text).toMatch(/class="countdown"[^>]*>Starts in 02:00:00</);
    expect(text).toContain('the doors open 15 minutes before the start');
    expect(text).toContain('name="email"');
  });

  it('M1: the entry page\'s countdown is made for each request, and goes when the doors open, with no write in between', async () => {
    at(START, -2 * 60 * MIN);
    const { link } = await start();
    const page = async () => (await new Client(h.base).get(`/g/${link.token}`)).text();
    expect(await page()).toMatch(/class="countdown"[^>]*>Starts in 02:00:00</);
    at(START, -60 * MIN);
    expect(await page()).toMatch(/class="countdown"[^>]*>Starts in 01:00:00</);
    at(START, -15 * MIN);
    const open = await page();
    expect(open).not.toContain('class="countdown"');
    expect(open).toContain('name="email"');
    // Each visit still gets its own CSRF token in the page kept for the link.
    const tokens = new Set(await Promise.all([page(), page()]).then((ps) => ps.map((p) => /name="_csrf" value="([^"]+)"/.exec(p)![1])));
    expect(tokens.size).toBe(2);
  });

  it('M1: a guest who submits before the doors open waits in the lobby (start, countdown) even without admission; once the doors open their lobby lets them in', async () => {
    at(START, -2 * 60 * MIN);
    const { link } = await start({ requireAdmission: false });
    const { g, res } = await join(link.token);
    expect(res.headers.get('location')).toBe('/s/lobby');
    const lobby = await g.get('/s/lobby');
    expect(lobby.status).toBe(200);
    const text = await lobby.text();
    expect(text).toContain(`<time datetime="${START}">`);
    expect(text).toMatch(/Starts in 02:00:00/);
    expect(text).toContain('The session hasn&#39;t started yet.');
    // The page ticks from the server's clock and reloads when the doors open.
    expect(text).toContain(`data-doors-in="${105 * MIN}"`);
    at(START, -16 * MIN);
    expect((await g.get('/s/lobby')).status).toBe(200);
    at(START, -15 * MIN);
    const open = await g.get('/s/lobby');
    expect([open.status, open.headers.get('location')]).toEqual([303, '/s']);
    expect((await g.get('/s')).status).toBe(200);
  });

  it('M1: an invite that skips the lobby waits too before the doors open, and goes in when they open', async () => {
    at(START, -60 * MIN);
    const { media } = await start({ requireAdmission: true });
    const inv = inviteSetup(h.core, media.id, 'vip@example.com', 'speaker', { skipLobby: true });
    const { g, res } = await join(inv.token, 'vip@example.com', `/i/${inv.token}`);
    expect(res.headers.get('location')).toBe('/s/lobby');
    expect(await (await g.get('/s/lobby')).text()).toMatch(/Starts in 01:00:00/);
    at(START, -14 * MIN);
    expect((await g.get('/s/lobby')).headers.get('location')).toBe('/s');
  });

  it('M1: a moderator can still admit early', async () => {
    at(START, -2 * 60 * MIN);
    const { link } = await start({ requireAdmission: false });
    const { g } = await join(link.token);
    const [p] = h.core.participants.list(link.mediaId);
    expect(p!.state).toBe('waiting');
    h.core.participants.admit(p!.id, ACTOR);
    expect((await g.get('/s')).status).toBe(200);
  });

  it('M1: with admission required, the doors opening doesn\'t let anyone in by itself', async () => {
    at(START, -2 * 60 * MIN);
    const { link } = await start({ requireAdmission: true });
    const { g } = await join(link.token);
    at(START);
    expect((await g.get('/s/lobby')).status).toBe(200);
    expect(h.core.participants.list(link.mediaId)[0]!.state).toBe('waiting');
  });

  it('M1: the doors open per entry (doorsOpenMinutes): 60 minutes before, a guest 30 minutes early goes straight in', async () => {
    at(START, -30 * MIN);
    const { link, media } = await start({ requireAdmission: false, doorsOpenMinutes: 60 });
    expect(media.doorsOpenMinutes).toBe(60);
    const { res } = await join(link.token);
    expect(res.headers.get('location')).toBe('/s');
    expect(guestSetup(h.core, { schedule: SCHEDULE }).media.doorsOpenMinutes).toBe(15);
  });
});

describe('D1/P2: honest words on the denied and "wait" pages', () => {
  it('P2: a denied browser that knocks again is told the real rule (10 minutes after the denial), not "too many attempts from your network"', async () => {
    at(START);
    const { link } = await start({ requireAdmission: true });
    const { g } = await join(link.token);
    const [p] = h.core.participants.list(link.mediaId);
    h.core.participants.deny(p!.id, ACTOR);
    at(START, 3 * MIN);
    const again = await g.submit(`/g/${link.token}`, { name: 'Early Bird', email: 'early@example.com' });
    expect(again.status).toBe(429);
    expect(again.headers.get('retry-after')).toBe(String(7 * 60));
    const text = await again.text();
    expect(text).not.toContain('Too many attempts from your network');
    expect(text).toContain('A moderator declined your last request to join. This browser can ask again 10 minutes after that decision: try again in 7 min.');
  });

  it('D1: the denied page puts the specific reason first and large, keeps the product sentence, and shows the moderator\'s contact line, escaped', async () => {
    at(START);
    const { media, link } = await start({ contact: 'Write to <b>ops@example.com</b>' });
    h.core.media.update(media.id, { guestAccess: false }, ACTOR);
    const text = await (await new Client(h.base).get(`/g/${link.token}`)).text();
    const reason = text.indexOf('<p class="denied-reason">Guest access for this media is turned off.</p>');
    const common = text.indexOf('Access to this media via this link was removed. Please contact the media owner for access.');
    expect(reason).toBeGreaterThan(-1);
    expect(common).toBeGreaterThan(reason);
    expect(text).toContain('Contact: <bdi>Write to &lt;b&gt;ops@example.com&lt;/b&gt;</bdi>');
    expect(text).not.toContain('<b>ops@');
  });
});

describe('G3/D1: an expired link says when, with the time, in the media\'s zone', () => {
  it('D1: the denied page of an expired link gives its expiry date and time in the media\'s zone', async () => {
    at('2026-11-20T08:15:00.000Z');
    h = await startHarness({ now: () => new Date(t) });
    const { link } = guestSetup(h.core, { days: 1, schedule: { ...SCHEDULE, endsAt: '2026-12-31T15:00:00.000Z' } });
    at('2026-11-22T00:00:00.000Z');
    const res = await new Client(h.base).get(`/g/${link.token}`);
    expect(res.status).toBe(410);
    expect(await res.text()).toContain('It expired on <time datetime="2026-11-21T08:15:00.000Z">Saturday, November 21, 2026 at 9:15 AM GMT+1</time>.');
  });
});
