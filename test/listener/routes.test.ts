import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DENIAL_REASONS } from '../../src-main/core/types';
import { DENIAL_STATUS } from '../../src-main/listener/views';
import { ACTOR, Client, csrfOf, guestSetup, type Harness, inviteSetup, mediaFile, openEvents, startHarness, UPCOMING } from './helpers';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

describe('plumbing', () => {
  it('L2: /healthz answers and no moderator route exists', async () => {
    const res = await fetch(`${h.base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
    for (const p of ['/', '/api/media', '/media/1', '/links', '/admin']) expect((await fetch(h.base + p)).status).toBe(404);
  });

  it('S3: guest pages send a strict CSP and security headers, no-store', async () => {
    const { link } = guestSetup(h.core);
    const res = await fetch(`${h.base}/g/${link.token}`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy')!;
    for (const d of ["default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'"]) expect(csp).toContain(d);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.text();
    expect(body).not.toMatch(/<script>(?!<\/script>)|<script(?![^>]*src=)/); // no inline script
    expect(body).not.toMatch(/ style=/);
  });

  it('S3: assets are served with their types', async () => {
    const css = await fetch(`${h.base}/assets/guest.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toContain('text/css');
    const js = await fetch(`${h.base}/assets/guest.js`);
    expect(js.headers.get('content-type')).toContain('javascript');
    expect((await fetch(`${h.base}/assets/nope.js`)).status).toBe(404);
    expect((await fetch(`${h.base}/assets/__proto__`)).status).toBe(404);
  });

  it('pages have an icon, and /favicon.ico leads to it instead of a 404', async () => {
    const icon = await fetch(`${h.base}/assets/icon.svg`);
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect(await icon.text()).toMatch(/^<svg /);
    const fav = await fetch(`${h.base}/favicon.ico`, { redirect: 'manual' });
    expect([fav.status, fav.headers.get('location')]).toEqual([301, '/assets/icon.svg']);
    expect(await (await fetch(`${h.base}/g/${'A'.repeat(32)}`)).text()).toContain('<link rel="icon" href="/assets/icon.svg" type="image/svg+xml">');
  });
});

describe('guest link entry page', () => {
  it('G9: shows title, schedule in the media zone, name and email fields', async () => {
    const { link } = guestSetup(h.core, { schedule: UPCOMING });
    const c = new Client(h.base);
    const { res, text } = await c.getText(`/g/${link.token}`);
    expect(res.status).toBe(200);
    expect(text).toContain('<h1>Join <bdi>Quarterly review</bdi></h1>');
    expect(text).toMatch(/<span class="nowrap">10:00\s?–\s?10:45<\/span>\s?AM EDT/); // 14:00 UTC in New York
    expect(text).toContain('name="name"');
    expect(text).toContain('name="email"');
    expect(text).toContain('<label for="name">');
  });

  it('S2/G9: each browser gets its own CSRF token in the same page; an edited title shows at once', async () => {
    const { media, link } = guestSetup(h.core, { requireAdmission: false });
    const [a, b] = [new Client(h.base), new Client(h.base)];
    const [pa, pb] = [await a.getText(`/g/${link.token}`), await b.getText(`/g/${link.token}`)];
    expect(csrfOf(pa.text)).not.toBe(csrfOf(pb.text));
    expect(pa.text.replace(csrfOf(pa.text), '')).toBe(pb.text.replace(csrfOf(pb.text), ''));
    // Each token works for its own browser only.
    expect((await b.post(`/g/${link.token}`, { _csrf: csrfOf(pa.text), name: 'Bo', email: 'bo@example.com' })).status).toBe(403);
    expect((await a.post(`/g/${link.token}`, { _csrf: csrfOf(pa.text), name: 'Ada', email: 'ada@example.com' })).status).toBe(303);
    h.core.media.update(media.id, { title: 'Quarterly review (moved)' }, ACTOR);
    expect((await new Client(h.base).getText(`/g/${link.token}`)).text).toContain('<h1>Join <bdi>Quarterly review (moved)</bdi></h1>');
    expect((await new Client(h.base, { 'accept-language': 'fr' }).getText(`/g/${link.token}`)).text).toContain('<html lang="fr"');
  });

  it('G4: a use is counted on submit, not on view', async () => {
    const { link } = guestSetup(h.core, { clicks: 2 });
    const c = new Client(h.base);
    for (let i = 0; i < 5; i++) expect((await c.get(`/g/${link.token}`)).status).toBe(200);
    h.core.views.flush();
    expect(h.core.links.get(link.id).uses).toBe(0);
    expect(h.core.links.get(link.id).views).toBe(5);
    const res = await c.submit(`/g/${link.token}`, { name: 'Ada', email: 'ada@example.com' });
    expect(res.status).toBe(303);
    expect(h.core.links.get(link.id).uses).toBe(1);
  });

  it('G9: per-field errors keep what was typed, escaped, and write nothing', async () => {
    const { link } = guestSetup(h.core);
    const c = new Client(h.base);
    const res = await c.submit(`/g/${link.token}`, { name: '', email: '"><b>x' });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toContain('Enter your name.');
    expect(text).toContain('Enter a valid email address');
    expect(text).toContain('value="&quot;&gt;&lt;b&gt;x"');
    expect(text).toContain('role="alert"');
    expect(h.core.links.get(link.id).uses).toBe(0);
  });

  it('G9: with admission the guest waits in the lobby, keeps their place on refresh, and is admitted live (P3)', async () => {
    const { link, media } = guestSetup(h.core, { requireAdmission: true });
    const c = new Client(h.base);
    const res = await c.submit(`/g/${link.token}`, { name: 'Ada', email: 'ada@example.com' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/s/lobby');
    const setCookie = res.headers.getSetCookie().find((s) => s.startsWith('gl_s='))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/Secure/i);
    const lobby = await c.getText('/s/lobby');
    expect(lobby.res.status).toBe(200);
    expect(lobby.text).toContain('Waiting for the moderator to let you in.');
    expect(lobby.text).toContain('aria-live="polite"');
    expect(lobby.text).toContain('http-equiv="refresh"');
    expect((await c.get('/s')).headers.get('location')).toBe('/s/lobby');
    // Opening the link again keeps the place instead of using another click.
    expect((await c.get(`/g/${link.token}`)).headers.get('location')).toBe('/s/lobby');
    const sse = await openEvents(c);
    await sse.waitFor((e) => e.event === 'state' && JSON.parse(e.data).state === 'waiting');
    const [p] = h.core.participants.list(media.id);
    h.core.participants.admit(p!.id, ACTOR);
    await sse.waitFor((e) => e.event === 'state' && JSON.parse(e.data).state === 'admitted');
    sse.close();
    const session = await c.getText('/s');
    expect(session.res.status).toBe(200);
    expect(session.text).toContain('You&#39;re in — <bdi>Ada</bdi>');
    expect((await c.get('/s/lobby')).headers.get('location')).toBe('/s');
  });

  it('G9: without admission the guest goes straight in', async () => {
    const { link } = guestSetup(h.core, { requireAdmission: false });
    const c = new Client(h.base);
    const res = await c.submit(`/g/${link.token}`, { name: 'Ada', email: 'ada@example.com' });
    expect(res.headers.get('location')).toBe('/s');
    expect((await c.get('/s')).status).toBe(200);
  });

  it('L1: the session cookie is Secure when the base URL is https', async () => {
    h.core.settings.set({ baseUrl: 'https://guests.example.com' }, ACTOR);
    const { link } = guestSetup(h.core);
    const c = new Client(h.base);
    const res = await c.submit(`/g/${link.token}`, { name: 'Ada', email: 'ada@example.com' });
    expect(res.headers.getSetCookie().find((s) => s.startsWith('gl_s='))).toMatch(/Secure/);
  });
});

describe('denied page (D1)', () => {
  it('D1: every denial reason has its page and status', async () => {
    expect(Object.keys(DENIAL_STATUS).sort()).toEqual([...DENIAL_REASONS].sort());
    expect(DENIAL_STATUS['unknown-link']).toBe(404);
    const removed = 'Access to this media via this link was removed. Please contact the media owner for access.';
    const expectDenied = async (p: string, reason: string, status: number, title?: string) => {
      const res = await fetch(h.base + p);
      const text = await res.text();
      expect(res.status, `${reason} at ${p}`).toBe(status);
      expect(text).toContain(`data-reason="${reason}"`);
      if (reason === 'unknown-link') {
        expect(text).toContain('This link doesn&#39;t lead anywhere.');
        expect(text).not.toContain(removed);
      } else expect(text).toContain(removed);
      expect(text).toContain('name="lang"');
      if (title) expect(text).toContain(title);
    };
    // unknown
    await expectDenied('/g/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'unknown-link', 404);
    await expectDenied('/i/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'unknown-link', 404);
    // deleted
    const a = guestSetup(h.core, { title: 'Deleted one' });
    h.core.links.delete(a.link.id, ACTOR);
    await expectDenied(`/g/${a.link.token}`, 'link-deleted', 410, 'Deleted one');
    // access off
    const b = guestSetup(h.core, { title: 'Access off' });
    h.core.media.update(b.media.id, { guestAccess: false }, ACTOR);
    await expectDenied(`/g/${b.link.token}`, 'guest-access-off', 403, 'Access off');
    // media unavailable (M3), for links and invites
    const c = guestSetup(h.core, { title: 'Archived' });
    const inv = inviteSetup(h.core, c.media.id, 'x@example.com', 'viewer');
    h.core.media.update(c.media.id, { available: false }, ACTOR);
    await expectDenied(`/g/${c.link.token}`, 'media-unavailable', 410, 'Archived');
    await expectDenied(`/i/${inv.token}`, 'media-unavailable', 410, 'Archived');
    // no clicks left
    const d = guestSetup(h.core, { clicks: 1, title: 'One click' });
    const cl = new Client(h.base);
    await cl.submit(`/g/${d.link.token}`, { name: 'A', email: 'a@example.com' });
    await expectDenied(`/g/${d.link.token}`, 'no-clicks-left', 410, 'One click');
    // revoked invite
    const e = guestSetup(h.core, { title: 'Revoked' });
    const inv2 = inviteSetup(h.core, e.media.id, 'y@example.com', 'speaker');
    h.core.invites.revoke(inv2.id, ACTOR);
    await expectDenied(`/i/${inv2.token}`, 'invite-revoked', 410, 'Revoked');
    // D1: never anything about another media entry
    const other = await (await fetch(`${h.base}/g/${a.link.token}`)).text();
    for (const t of ['Access off', 'Archived', 'One click', 'Revoked']) expect(other).not.toContain(t);
  });

  it('D1: an expired link is denied with 410', async () => {
    let t = Date.parse('2026-06-01T09:00:00Z');
    const h2 = await startHarness({ now: () => new Date(t) });
    try {
      const { link, media } = guestSetup(h2.core, { days: 1 });
      const inv = inviteSetup(h2.core, media.id, 'z@example.com', 'viewer');
      expect((await fetch(`${h2.base}/g/${link.token}`)).status).toBe(200);
      t += 2 * 24 * 3600 * 1000;
      const res = await fetch(`${h2.base}/g/${link.token}`);
      expect(res.status).toBe(410);
      expect(await res.text()).toContain('data-reason="link-expired"');
      expect((await fetch(`${h2.base}/i/${inv.token}`)).status).toBe(200);
    } finally {
      await h2.close();
    }
  });

  it('D1: a moderator denial shows the denied page live and on reload (403)', async () => {
    const { link, media } = guestSetup(h.core);
    const c = new Client(h.base);
    await c.submit(`/g/${link.token}`, { name: 'Ada', email: 'ada@example.com' });
    const sse = await openEvents(c);
    const [p] = h.core.participants.list(media.id);
    h.core.participants.deny(p!.id, ACTOR);
    await sse.waitFor((e) => e.event === 'state' && JSON.parse(e.data).state === 'denied');
    sse.close();
    const res = await c.getText('/s');
    expect(res.res.status).toBe(403);
    expect(res.text).toContain('data-reason="denied-by-moderator"');
  });

  it('P3: a removed guest is told so, live and on reload', async () => {
    const { link, media } = guestSetup(h.core, { requireAdmission: false });
    const c = new Client(h.base);
    await c.submit(`/g/${link.token}`, { name: 'Ada', email: 'ada@example.com' });
    const sse = await openEvents(c);
    const [p] = h.core.participants.list(media.id);
    h.core.participants.remove(p!.id, ACTOR);
    await sse.waitFor((e) => e.event === 'state' && JSON.parse(e.data).state === 'removed');
    sse.close();
    const res = await c.getText('/s');
    expect(res.res.status).toBe(403);
    expect(res.text).toContain('A moderator removed you from this session.');
  });
});

describe('P4: open pages stay, reloads are denied', () => {
  it('P4: an open SSE stays open when the link is deleted; a reload is denied', async () => {
    const { link } = guestSetup(h.core, { requireAdmission: false });
    const c = new Client(h.base);
    await c.submit(`/g/${link.token}`, { name: 'Ada', email: 'ada@example.com' });
    const open = await c.getText('/s');
    expect(open.res.status).toBe(200);
    const csrf = csrfOf(open.text);
    const sse = await openEvents(c);
    await sse.waitFor((e) => e.event === 'state');
    h.core.links.delete(link.id, ACTOR);
    // The open page keeps working: its in-place actions and its stream.
    const hand = await c.post('/s/hand', { _csrf: csrf, raised: '1' }, { 'x-guestlist-fetch': '1' });
    expect(hand.status).toBe(200);
    await sse.waitFor((e) => e.event === 'state' && JSON.parse(e.data).handRaised === true);
    expect(sse.closed).toBe(false);
    expect((await c.get('/s/part/chat')).status).toBe(200);
    // A reload is denied, with this media's title and nothing else.
    const reload = await c.getText('/s');
    expect(reload.res.status).toBe(410);
    expect(reload.text).toContain('data-reason="link-deleted"');
    expect(reload.text).toContain('Quarterly review');
    sse.close();
  });

  it('P4/G1: turning guest access off denies a reload with 403, but the stream stays', async () => {
    const { link, media } = guestSetup(h.core, { requireAdmission: false });
    const c = new Client(h.base);
    await c.submit(`/g/${link.token}`, { name: 'Ada', email: 'ada@example.com' });
    const sse = await openEvents(c);
    await sse.waitFor((e) => e.event === 'state');
    h.core.media.update(media.id, { guestAccess: false }, ACTOR);
    await new Promise((r) => setTimeout(r, 100));
    expect(sse.closed).toBe(false);
    const reload = await c.getText('/s');
    expect(reload.res.status).toBe(403);
    expect(reload.text).toContain('data-reason="guest-access-off"');
    sse.close();
  });

  it('P4: running out of clicks does not shut out someone already in', async () => {
    const { link } = guestSetup(h.core, { requireAdmission: false, clicks: 1 });
    const c = new Client(h.base);
    await c.submit(`/g/${link.token}`, { name: 'Ada', email: 'ada@example.com' });
    expect((await c.get('/s')).status).toBe(200);
  });
});

describe('invites (I2, I6)', () => {
  it("I2: shows \"You're invited as <role> to <title>\" and a locked name read-only", async () => {
    const { media } = guestSetup(h.core);
    const [r] = h.core.invites.createMany({ mediaId: media.id, emails: ['Jane Doe <jane@example.com>'], role: 'speaker', lockName: true }, ACTOR);
    const inv = r!.ok ? r!.invite : null;
    const c = new Client(h.base);
    const { res, text } = await c.getText(`/i/${inv!.token}`);
    expect(res.status).toBe(200);
    expect(text).toContain('<h1>You&#39;re invited as speaker to <bdi>Quarterly review</bdi></h1>');
    expect(text).toContain('<title>You&#39;re invited as speaker to \u2068Quarterly review\u2069 · Guestlist</title>');
    expect(text).toContain('Jane Doe');
    expect(text).not.toContain('name="name"');
    const post = await c.submit(`/i/${inv!.token}`, { name: 'Someone Else', email: 'JANE@example.com' });
    expect(post.status).toBe(303);
    expect(h.core.participants.list(media.id)[0]!.name).toBe('Jane Doe');
  });

  it('I2: a wrong email is refused and counted as a mismatch', async () => {
    const { media } = guestSetup(h.core);
    const inv = inviteSetup(h.core, media.id, 'jane@example.com', 'viewer');
    const c = new Client(h.base);
    const res = await c.submit(`/i/${inv.token}`, { name: 'Mallory', email: 'mallory@example.com' });
    expect(res.status).toBe(403);
    const text = await res.text();
    expect(text).toContain('data-reason="email-mismatch"');
    expect(text).toContain(`href="/i/${inv.token}"`);
    expect(h.core.invites.get(inv.id).mismatches).toBe(1);
    expect(h.core.participants.list(media.id)).toHaveLength(0);
  });

  it('I6: a viewer can only view: no hand, no chat', async () => {
    const { media } = guestSetup(h.core, { requireAdmission: false });
    const inv = inviteSetup(h.core, media.id, 'v@example.com', 'viewer');
    const c = new Client(h.base);
    expect((await c.submit(`/i/${inv.token}`, { name: 'Vic', email: 'v@example.com' })).headers.get('location')).toBe('/s');
    const page = await c.getText('/s');
    expect(page.text).not.toContain('action="/s/hand"');
    expect(page.text).not.toContain('action="/s/chat"');
    const csrf = csrfOf(page.text);
    expect((await c.post('/s/hand', { _csrf: csrf, raised: '1' })).status).toBe(403);
    expect((await c.post('/s/chat', { _csrf: csrf, body: 'hi' })).status).toBe(403);
    expect(h.core.chat.list(media.id)).toHaveLength(0);
  });

  it('I6: a speaker raises a hand and posts in the chat; others see it over SSE', async () => {
    const { media, link } = guestSetup(h.core, { requireAdmission: false });
    const inv = inviteSetup(h.core, media.id, 's@example.com', 'speaker');
    const guest = new Client(h.base);
    await guest.submit(`/g/${link.token}`, { name: 'Gus', email: 'gus@example.com' });
    const sse = await openEvents(guest);
    const c = new Client(h.base);
    await c.submit(`/i/${inv.token}`, { name: 'Sue', email: 's@example.com' });
    const page = await c.getText('/s');
    const csrf = csrfOf(page.text);
    const hand = await c.post('/s/hand', { _csrf: csrf, raised: '1' }, { 'x-guestlist-fetch': '1' });
    expect(await hand.json()).toEqual({ ok: true, handRaised: true });
    const chat = await c.post('/s/chat', { _csrf: csrf, body: '<b>hello</b>' });
    expect(chat.status).toBe(303);
    await sse.waitFor((e) => e.event === 'chat');
    const part = await guest.getText('/s/part/chat');
    expect(part.text).toContain('&lt;b&gt;hello&lt;/b&gt;');
    expect((await guest.getText('/s')).text).toContain('&lt;b&gt;hello&lt;/b&gt;');
    expect((await c.post('/s/chat', { _csrf: csrf, body: '   ' })).status).toBe(400);
    sse.close();
  });

  it('I6: an invited moderator admits, denies and removes guests of the same media only', async () => {
    const { media, link } = guestSetup(h.core, { requireAdmission: true });
    const other = guestSetup(h.core, { title: 'Other' });
    const inv = inviteSetup(h.core, media.id, 'mod@example.com', 'moderator', { skipLobby: true });
    const mod = new Client(h.base);
    expect((await mod.submit(`/i/${inv.token}`, { name: 'Mo', email: 'mod@example.com' })).headers.get('location')).toBe('/s');
    const g1 = new Client(h.base);
    const g2 = new Client(h.base);
    await g1.submit(`/g/${link.token}`, { name: '<img src=x onerror=alert(1)>', email: 'g1@example.com' });
    await g2.submit(`/g/${link.token}`, { name: 'Two', email: 'g2@example.com' });
    const outsider = new Client(h.base);
    await outsider.submit(`/g/${other.link.token}`, { name: 'Outsider', email: 'o@example.com' });
    const sse = await openEvents(mod);
    const page = await mod.getText('/s');
    expect(page.text).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page.text).not.toContain('<img src=x');
    expect(page.text).not.toContain('Outsider');
    const csrf = csrfOf(page.text);
    const [p1, p2] = h.core.participants.list(media.id).filter((p) => p.role === 'guest');
    expect((await mod.post(`/s/manage/${p1!.id}/admit`, { _csrf: csrf })).status).toBe(303);
    await sse.waitFor((e) => e.event === 'people');
    expect((await mod.post(`/s/manage/${p2!.id}/deny`, { _csrf: csrf }, { 'x-guestlist-fetch': '1' })).status).toBe(200);
    expect((await mod.post(`/s/manage/${p1!.id}/remove`, { _csrf: csrf })).status).toBe(303);
    expect(h.core.participants.get(p1!.id).state).toBe('removed');
    expect(h.core.participants.get(p2!.id).state).toBe('denied');
    // Someone of another media entry: not found, untouched.
    const [o] = h.core.participants.list(other.media.id);
    expect((await mod.post(`/s/manage/${o!.id}/admit`, { _csrf: csrf })).status).toBe(404);
    expect(h.core.participants.get(o!.id).state).toBe('waiting');
    // Acting again on someone already removed: a state conflict, not a crash.
    expect((await mod.post(`/s/manage/${p1!.id}/remove`, { _csrf: csrf })).status).toBe(409);
    sse.close();
  });

  it('I6 (lobby abuse): the invited moderator\'s page offers "Deny and block" for someone waiting; it denies and blocks that email here', async () => {
    const { media, link } = guestSetup(h.core, { requireAdmission: true });
    const inv = inviteSetup(h.core, media.id, 'mod@example.com', 'moderator', { skipLobby: true });
    const mod = new Client(h.base);
    await mod.submit(`/i/${inv.token}`, { name: 'Mo', email: 'mod@example.com' });
    const troll = new Client(h.base);
    await troll.submit(`/g/${link.token}`, { name: 'Troll', email: 'troll@example.com' });
    const [p] = h.core.participants.list(media.id).filter((x) => x.role === 'guest');
    const page = await mod.getText('/s');
    expect(page.text).toContain(`action="/s/manage/${p!.id}/block"`);
    expect(page.text).toMatch(/>Deny and block<span class="visually-hidden">: <bdi>Troll<\/bdi><\/span>/);
    expect((await mod.post(`/s/manage/${p!.id}/block`, { _csrf: csrfOf(page.text) })).status).toBe(303);
    expect(h.core.participants.get(p!.id).state).toBe('denied');
    expect(h.core.participants.isBlocked(media.id, 'troll@example.com', 'guest-link')).toBe(true);
  });

  it('I6: a guest or a speaker cannot manage anybody', async () => {
    const { media, link } = guestSetup(h.core, { requireAdmission: false });
    const inv = inviteSetup(h.core, media.id, 'sp@example.com', 'speaker', { skipLobby: true });
    const g = new Client(h.base);
    await g.submit(`/g/${link.token}`, { name: 'G', email: 'g@example.com' });
    const sp = new Client(h.base);
    await sp.submit(`/i/${inv.token}`, { name: 'S', email: 'sp@example.com' });
    const gp = h.core.participants.list(media.id).find((p) => p.role === 'guest')!;
    for (const c of [g, sp]) {
      const csrf = csrfOf((await c.getText('/s')).text);
      expect((await c.post(`/s/manage/${gp.id}/remove`, { _csrf: csrf })).status).toBe(403);
      expect((await c.get('/s/part/people')).status).toBe(403);
    }
    expect(h.core.participants.get(gp.id).state).toBe('admitted');
  });
});

describe('session pages', () => {
  it('G10: leaving ends the session; the page says so', async () => {
    const { link, media } = guestSetup(h.core, { requireAdmission: false });
    const c = new Client(h.base);
    await c.submit(`/g/${link.token}`, { name: 'Ada', email: 'ada@example.com' });
    const csrf = csrfOf((await c.getText('/s')).text);
    const res = await c.post('/s/leave', { _csrf: csrf });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('You left the session.');
    expect(h.core.participants.list(media.id, ['left'])).toHaveLength(1);
    expect((await c.get('/s')).status).toBe(403);
  });

  it('no session: /s, /s/lobby, /s/events and /s/media answer 403 with a page', async () => {
    const c = new Client(h.base);
    for (const p of ['/s', '/s/lobby', '/s/events', '/s/media', '/s/part/chat']) {
      const res = await c.get(p);
      expect(res.status, p).toBe(403);
    }
    expect((await c.get('/s', { cookie: 'gl_s=%%%; gl_b=;;;' })).status).toBe(403);
  });

  it('rooms show how many people are in', async () => {
    const { link } = guestSetup(h.core, { requireAdmission: false });
    const c = new Client(h.base);
    await c.submit(`/g/${link.token}`, { name: 'Ada', email: 'ada@example.com' });
    expect((await c.getText('/s')).text).toContain('People in the room: 1');
  });
});

describe('media streaming (M4)', () => {
  async function admittedWithFile(bytes = 10_000) {
    const file = mediaFile(bytes);
    const { link } = guestSetup(h.core, { kind: 'media', filePath: file, requireAdmission: true });
    const c = new Client(h.base);
    await c.submit(`/g/${link.token}`, { name: 'Ada', email: 'ada@example.com' });
    return c;
  }

  it('M4: only admitted participants can stream', async () => {
    const c = await admittedWithFile();
    expect((await c.get('/s/media')).status).toBe(409); // still waiting
    expect((await new Client(h.base).get('/s/media')).status).toBe(403);
  });

  it('M4 defect 7: range requests answer 206 with the exact bytes, 416 only when unsatisfiable, and follow RFC 9110 for bad syntax and large ends', async () => {
    const c = await admittedWithFile(10_000);
    const p = h.core.participants.list(h.core.media.list()[0]!.id)[0]!;
    h.core.participants.admit(p.id, ACTOR);
    const page = await c.getText('/s');
    expect(page.text).toContain('<video controls preload="metadata" playsinline src="/s/media">');
    const full = await c.get('/s/media');
    expect(full.status).toBe(200);
    expect(full.headers.get('accept-ranges')).toBe('bytes');
    expect(full.headers.get('content-type')).toBe('video/mp4');
    expect((await full.arrayBuffer()).byteLength).toBe(10_000);
    const part = await c.get('/s/media', { range: 'bytes=100-199' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 100-199/10000');
    const bytes = new Uint8Array(await part.arrayBuffer());
    expect(bytes.length).toBe(100);
    expect([...bytes].every((b, i) => b === (100 + i) % 251)).toBe(true);
    const open = await c.get('/s/media', { range: 'bytes=9990-' });
    expect(open.status).toBe(206);
    expect(open.headers.get('content-range')).toBe('bytes 9990-9999/10000');
    expect((await open.arrayBuffer()).byteLength).toBe(10);
    const suffix = await c.get('/s/media', { range: 'bytes=-5' });
    expect(suffix.headers.get('content-range')).toBe('bytes 9995-9999/10000');
    for (const bad of ['bytes=10000-', 'bytes=20000-30000', 'bytes=-0']) {
      const r = await c.get('/s/media', { range: bad });
      expect(r.status, bad).toBe(416);
      expect(r.headers.get('content-range')).toBe('bytes */10000');
    }
    // RFC 9110: a Range that isn't valid is ignored (the whole file), an end past the file is clamped.
    for (const ignored of ['bytes=5-2', 'items=0-1', 'bytes=abc']) {
      const r = await c.get('/s/media', { range: ignored });
      expect(r.status, ignored).toBe(200);
      expect((await r.arrayBuffer()).byteLength, ignored).toBe(10_000);
    }
    const clamped = await c.get('/s/media', { range: 'bytes=9000-99999999999999999999' });
    expect(clamped.status).toBe(206);
    expect(clamped.headers.get('content-range')).toBe('bytes 9000-9999/10000');
    expect((await clamped.arrayBuffer()).byteLength).toBe(1000);
  });
});
