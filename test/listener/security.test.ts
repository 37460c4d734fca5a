import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src-main/core/errors';
import { createListener, findFreePort } from '../../src-main/listener';
import { noRateLimits } from '../../src-main/listener/security';
import { ACTOR, Client, csrfOf, guestSetup, type Harness, inviteSetup, openEvents, startHarness } from './helpers';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

describe('G4: the click limit holds under concurrency', () => {
  it('G4: 50 concurrent submits against a limit of 10 admit exactly 10', async () => {
    // One address here, so the per-address share of a limited link (S2) is lifted for this test.
    await h.close();
    h = await startHarness({ rateLimits: noRateLimits() });
    const { link, media } = guestSetup(h.core, { clicks: 10, requireAdmission: false });
    const clients = Array.from({ length: 50 }, () => new Client(h.base));
    const tokens = await Promise.all(clients.map(async (c) => csrfOf(await (await c.get(`/g/${link.token}`)).text())));
    const results = await Promise.all(clients.map((c, i) => c.post(`/g/${link.token}`, { _csrf: tokens[i]!, name: `Guest ${i}`, email: `g${i}@example.com` })));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 303)).toHaveLength(10);
    expect(statuses.filter((s) => s === 410)).toHaveLength(40);
    const bodies = await Promise.all(results.filter((r) => r.status === 410).map((r) => r.text()));
    for (const b of bodies) expect(b).toContain('data-reason="no-clicks-left"');
    expect(h.core.links.get(link.id).uses).toBe(10);
    expect(h.core.participants.list(media.id)).toHaveLength(10);
  });
});

describe('S2: CSRF', () => {
  it('S2: a POST without, or with a wrong, CSRF token is refused with 403 and writes nothing', async () => {
    const { link, media } = guestSetup(h.core);
    const c = new Client(h.base);
    const page = await c.getText(`/g/${link.token}`);
    const good = csrfOf(page.text);
    const form = { name: 'Ada', email: 'ada@example.com' };
    const attempts = [
      await c.post(`/g/${link.token}`, form), // missing
      await c.post(`/g/${link.token}`, { ...form, _csrf: 'wrong' }),
      await c.post(`/g/${link.token}`, { ...form, _csrf: good.slice(0, -1) + (good.endsWith('A') ? 'B' : 'A') }),
      // right token, but no browser cookie (a cross-site form in another browser)
      await fetch(`${h.base}/g/${link.token}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ ...form, _csrf: good }).toString() }),
    ];
    // A token from another browser doesn't fit this browser's cookie.
    const other = new Client(h.base);
    const otherToken = csrfOf((await other.getText(`/g/${link.token}`)).text);
    attempts.push(await c.post(`/g/${link.token}`, { ...form, _csrf: otherToken }));
    for (const res of attempts) {
      expect(res.status).toBe(403);
      const text = await res.text();
      expect(text).toContain('This form expired or was not sent from this page');
      expect(text).toContain('role="alert"');
    }
    expect(h.core.links.get(link.id).uses).toBe(0);
    expect(h.core.participants.list(media.id)).toHaveLength(0);
  });

  it('S2: in-session POSTs (hand, chat, manage, leave, invite) need the token too', async () => {
    const { media, link } = guestSetup(h.core, { requireAdmission: false });
    const inv = inviteSetup(h.core, media.id, 'mod@example.com', 'moderator', { skipLobby: true });
    const inv2 = inviteSetup(h.core, media.id, 'x@example.com', 'viewer');
    const mod = new Client(h.base);
    await mod.submit(`/i/${inv.token}`, { name: 'Mo', email: 'mod@example.com' });
    const g = new Client(h.base);
    await g.submit(`/g/${link.token}`, { name: 'G', email: 'g@example.com' });
    const gp = h.core.participants.list(media.id).find((p) => p.role === 'guest')!;
    for (const [p, form] of [
      ['/s/hand', { raised: '1' }],
      ['/s/chat', { body: 'hello' }],
      [`/s/manage/${gp.id}/remove`, {}],
      ['/s/leave', {}],
      [`/i/${inv2.token}`, { email: 'x@example.com', name: 'X' }],
    ] as const) {
      expect((await mod.post(p, { ...form, _csrf: 'nope' })).status, p).toBe(403);
    }
    expect(h.core.chat.list(media.id)).toHaveLength(0);
    expect(h.core.participants.get(gp.id).state).toBe('admitted');
    expect(h.core.participants.list(media.id).find((p) => p.role === 'moderator')!.handRaised).toBe(false);
    expect(h.core.invites.get(inv2.id).submits).toBe(0);
  });
});

describe('S2: rate limits', () => {
  it('S2: guessing unknown tokens from one IP is throttled with a 429 page', async () => {
    await h.close();
    h = await startHarness();
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      const res = await fetch(`${h.base}/g/${'x'.repeat(20)}${String(i).padStart(12, '0')}`);
      statuses.push(res.status);
      if (res.status === 429) {
        expect(await res.text()).toContain('Too many attempts from your network');
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(Number(res.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      } else await res.text();
    }
    expect(statuses.slice(0, 30).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(30).every((s) => s === 429)).toBe(true);
    // Invite guesses count too.
    expect((await fetch(`${h.base}/i/${'y'.repeat(32)}`)).status).toBe(429);
  });

  it('S2: unknown and guessed tokens get the same page', async () => {
    const junk = await (await fetch(`${h.base}/g/not-a-token`)).text();
    const shaped = await (await fetch(`${h.base}/g/${'A'.repeat(32)}`)).text();
    expect(junk.replace(/action="[^"]*"/, '')).toBe(shaped.replace(/action="[^"]*"/, ''));
  });

  it('S2: 200 people behind one office IP redeeming one link within a minute all get in', async () => {
    const { link, media } = guestSetup(h.core, { requireAdmission: true });
    const clients = Array.from({ length: 200 }, () => new Client(h.base));
    const results: number[] = [];
    // In waves of 20, as an office would arrive.
    for (let i = 0; i < 200; i += 20) {
      const wave = clients.slice(i, i + 20);
      results.push(...(await Promise.all(wave.map(async (c, j) => (await c.submit(`/g/${link.token}`, { name: `P${i + j}`, email: `p${i + j}@office.example` })).status))));
    }
    expect(results.every((s) => s === 303)).toBe(true);
    expect(h.core.participants.list(media.id)).toHaveLength(200);
  });

  it('S2: guessing an invite address is throttled per invite', async () => {
    const { media } = guestSetup(h.core);
    const inv = inviteSetup(h.core, media.id, 'jane@example.com', 'viewer');
    const c = new Client(h.base);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await c.submit(`/i/${inv.token}`, { name: 'M', email: `guess${i}@example.com` })).status);
    expect(statuses.slice(0, 10).every((s) => s === 403)).toBe(true);
    expect(statuses.slice(10).every((s) => s === 429)).toBe(true);
    expect(h.core.invites.get(inv.id).mismatches).toBe(10);
  });
});

describe('S3: escaping', () => {
  it('S3: an XSS payload as a name is shown as text everywhere', async () => {
    const { link } = guestSetup(h.core, { requireAdmission: true });
    const c = new Client(h.base);
    const payload = '<img src=x onerror=alert(1)>"\'&';
    await c.submit(`/g/${link.token}`, { name: payload, email: 'x@example.com' });
    const lobby = await c.getText('/s/lobby');
    expect(lobby.text).toContain('&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;');
    expect(lobby.text).not.toContain('<img');
  });
});

describe('robustness', () => {
  it('S2: oversized bodies get 413, wrong content types 415, bad URLs 400 — never 5xx', async () => {
    const { link } = guestSetup(h.core);
    const big = await fetch(`${h.base}/g/${link.token}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `name=${'a'.repeat(20_000)}` });
    expect(big.status).toBe(413);
    expect(await big.text()).toContain('What you sent is too large.');
    const json = await fetch(`${h.base}/g/${link.token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":1' });
    expect(json.status).toBe(415);
    const multipart = await fetch(`${h.base}/g/${link.token}`, { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: '--x--' });
    expect(multipart.status).toBe(415);
    const bad = await fetch(`${h.base}/g/%E0%A4%A`);
    expect(bad.status).toBeLessThan(500);
    const badQuery = await fetch(`${h.base}/g/${link.token}?lang=%ZZ&x=%`);
    expect(badQuery.status).toBe(200);
    const cookies = await fetch(`${h.base}/s`, { headers: { cookie: 'gl_s=%E0%A4%A; gl_b="; gl_lang=\u00ff' } });
    expect(cookies.status).toBe(403);
  });

  it('S2: a header flood is refused by the server, not crashed', async () => {
    const res = await fetch(`${h.base}/healthz`, { headers: { 'x-junk': 'a'.repeat(20_000) } }).catch(() => null);
    if (res) expect(res.status).toBe(431);
    expect((await fetch(`${h.base}/healthz`)).status).toBe(200);
  });
});

describe('lifecycle (L3)', () => {
  it('L3: a taken port rejects with PORT_IN_USE and offers the next free port', async () => {
    const port = h.listener.port;
    const err = await createListener({ core: h.core, host: '127.0.0.1', port }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('PORT_IN_USE');
    expect((err as AppError).message).toContain(String(port));
    const next = (err as AppError).details!.nextFreePort as number;
    expect(next).toBeGreaterThan(port);
    const free = await findFreePort('127.0.0.1', port);
    expect(free).not.toBe(port);
    // The offered port really is free.
    await new Promise<void>((resolve, reject) => {
      const s = net.createServer().once('error', reject);
      s.listen(next, '127.0.0.1', () => s.close(() => resolve()));
    });
  });

  it('L3: close() ends open SSE streams and resolves promptly', async () => {
    const { link } = guestSetup(h.core, { requireAdmission: true });
    const c = new Client(h.base);
    await c.submit(`/g/${link.token}`, { name: 'Ada', email: 'ada@example.com' });
    const sse = await openEvents(c);
    await sse.waitFor((e) => e.event === 'state');
    const started = Date.now();
    await h.listener.close();
    expect(Date.now() - started).toBeLessThan(2000);
    await sse.pump;
    expect(sse.closed).toBe(true);
    await expect(fetch(`${h.base}/healthz`)).rejects.toThrow();
    // close() is idempotent (afterEach calls it again).
    await h.listener.close();
  });

  it('P3: the SSE stream sends a heartbeat comment', async () => {
    const h2 = await startHarness({ heartbeatMs: 50 });
    try {
      const { link } = guestSetup(h2.core, { requireAdmission: true });
      const c = new Client(h2.base);
      await c.submit(`/g/${link.token}`, { name: 'Ada', email: 'ada@example.com' });
      const sse = await openEvents(c);
      await sse.waitFor((e) => e.event === 'comment' && e.data.startsWith(': ping'));
      expect(sse.res.headers.get('content-type')).toContain('text/event-stream');
      expect(sse.res.headers.get('content-security-policy')).toContain("default-src 'none'");
      sse.close();
    } finally {
      await h2.close();
    }
  });
});

void ACTOR;
