// S2: throttles that stop guessing and abuse without ever refusing the right
// person (issue 13, defects 1–3). Many client addresses are simulated with
// Fastify's inject (`remoteAddress`), which is what `request.ip` reads; the
// routes, the core and the SQLite file are the real ones.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/core';
import { callOperation } from '../../src-main/api/table';
import { buildApp } from '../../src-main/listener/index';
import { defaultRateLimits, type RateLimits } from '../../src-main/listener/security';
import { tmpCore } from '../helpers/tmp';
import { guestSetup, inviteSetup } from './helpers';

let core: Core;
let app: Awaited<ReturnType<typeof buildApp>>['app'];
let closeStreams: () => void;

async function start(rateLimits: Partial<RateLimits> = {}) {
  ({ app, closeStreams } = await buildApp({ core, host: '127.0.0.1', port: 0, heartbeatMs: 60_000, rateLimits }));
  await app.ready();
}

beforeEach(() => {
  core = tmpCore();
});
afterEach(async () => {
  closeStreams?.();
  await app?.close();
  core.close();
});

/** A browser at one address: keeps its cookies, reads the CSRF token of the page it loaded. */
function browserAt(remoteAddress: string) {
  const jar = new Map<string, string>();
  let csrf = '';
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const keep = (res: Awaited<ReturnType<typeof app.inject>>) => {
    for (const c of res.cookies) jar.set(c.name, c.value);
    const m = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (m) csrf = m[1]!;
    return res;
  };
  return {
    get: async (url: string) => keep(await app.inject({ method: 'GET', url, remoteAddress, headers: { cookie: cookie() } })),
    post: async (url: string, form: Record<string, string>) =>
      keep(
        await app.inject({
          method: 'POST',
          url,
          remoteAddress,
          headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({ _csrf: csrf, ...form }).toString(),
        }),
      ),
  };
}

const unknown = (i: number) => `${'x'.repeat(20)}${String(i).padStart(12, '0')}`;

describe('S2: unknown-token guessing (issue 13, defect 1)', () => {
  it('S2 defect 1: guessing unknown tokens from an address never blocks a valid link or a loaded form from that address', async () => {
    await start();
    const { link, media } = guestSetup(core);
    const office = browserAt('203.0.113.7');
    expect((await office.get(`/g/${link.token}`)).statusCode).toBe(200); // a form loaded before the guessing
    const guesser = browserAt('203.0.113.7');
    await guesser.get(`/g/${link.token}`); // for a CSRF token
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await guesser.get(`/g/${unknown(i)}`)).statusCode);
    expect(statuses.slice(0, 30).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(30).every((s) => s === 429)).toBe(true);
    // Unknown invite tokens and unknown POSTs from that address stay throttled…
    expect((await guesser.get(`/i/${unknown(99)}`)).statusCode).toBe(429);
    const refused = await guesser.post(`/g/${unknown(100)}`, { name: 'G', email: 'g@example.com' });
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // …another address is not…
    expect((await browserAt('198.51.100.1').get(`/g/${unknown(1)}`)).statusCode).toBe(404);
    // …and valid tokens from the same address are served: a new visitor, and the form loaded earlier.
    const colleague = browserAt('203.0.113.7');
    expect((await colleague.get(`/g/${link.token}`)).statusCode).toBe(200);
    expect((await colleague.post(`/g/${link.token}`, { name: 'Col', email: 'col@example.com' })).statusCode).toBe(303);
    expect((await office.post(`/g/${link.token}`, { name: 'Ada', email: 'ada@example.com' })).statusCode).toBe(303);
    const inv = inviteSetup(core, media.id, 'jane@example.com', 'viewer');
    expect((await colleague.get(`/i/${inv.token}`)).statusCode).toBe(200);
    expect(core.participants.list(media.id)).toHaveLength(2);
  });

  it('S2: over the limit, an unknown token is answered 429 at once, with Retry-After (no socket waits)', async () => {
    await start();
    const guesser = browserAt('203.0.113.8');
    for (let i = 0; i < 30; i++) await guesser.get(`/g/${unknown(i)}`);
    const t0 = performance.now();
    const res = await guesser.get(`/g/${unknown(31)}`);
    expect(res.statusCode).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(performance.now() - t0).toBeLessThan(250);
  });
});

describe('S2: invite email guessing (issue 13, defect 2)', () => {
  it("S2 defect 2: someone else's wrong emails can't lock the invitee out, and Retry-After tells the truth", async () => {
    await start();
    const { media } = guestSetup(core);
    const inv = inviteSetup(core, media.id, 'jane@example.com', 'viewer');
    const attacker = browserAt('192.0.2.66');
    await attacker.get(`/i/${inv.token}`);
    const statuses: number[] = [];
    let retryAfter = '';
    for (let i = 0; i < 14; i++) {
      const res = await attacker.post(`/i/${inv.token}`, { name: 'M', email: `guess${i}@example.com` });
      statuses.push(res.statusCode);
      if (res.statusCode === 429) retryAfter = String(res.headers['retry-after']);
    }
    expect(statuses.slice(0, 10).every((s) => s === 403)).toBe(true);
    expect(statuses.slice(10).every((s) => s === 429)).toBe(true);
    // The window is 10 minutes, and the header says so (not "60").
    expect(Number(retryAfter)).toBeGreaterThan(9 * 60);
    expect(core.invites.get(inv.id).mismatches).toBe(10);
    // Jane, even behind the attacker's very address (one NAT), gets in with her email.
    const jane = browserAt('192.0.2.66');
    await jane.get(`/i/${inv.token}`);
    expect((await jane.post(`/i/${inv.token}`, { name: 'Jane', email: 'Jane@Example.com' })).statusCode).toBe(303);
    expect(core.participants.list(media.id).map((p) => p.email)).toEqual(['jane@example.com']);
  });

  it('S2 defect 2: wrong guesses from many addresses are capped per invite, and still only wrong emails are refused', async () => {
    await start({ mismatchesPerInvite: defaultRateLimits().mismatchesPerInvite });
    const { media } = guestSetup(core);
    const inv = inviteSetup(core, media.id, 'jane@example.com', 'viewer');
    let refused = 0;
    for (let a = 0; a < 12; a++) {
      const b = browserAt(`192.0.2.${a + 1}`);
      await b.get(`/i/${inv.token}`);
      for (let i = 0; i < 10; i++) if ((await b.post(`/i/${inv.token}`, { name: 'M', email: `g${a}-${i}@example.com` })).statusCode === 429) refused++;
    }
    expect(core.invites.get(inv.id).mismatches).toBe(100);
    expect(refused).toBe(20);
    const jane = browserAt('192.0.2.200');
    await jane.get(`/i/${inv.token}`);
    expect((await jane.post(`/i/${inv.token}`, { name: 'Jane', email: 'jane@example.com' })).statusCode).toBe(303);
  });
});

describe('S2: per-link capacity (issue 13, defect 3)', () => {
  it('S2 defect 3: 5,000 guests in one minute from 50 addresses all get in', { timeout: 120_000 }, async () => {
    await start();
    const { link, media } = guestSetup(core, { requireAdmission: true });
    const statuses = new Map<number, number>();
    for (let a = 0; a < 50; a++) {
      const b = browserAt(`10.1.${a}.1`);
      expect((await b.get(`/g/${link.token}`)).statusCode).toBe(200);
      const results = await Promise.all(Array.from({ length: 100 }, (_, i) => b.post(`/g/${link.token}`, { name: `Guest ${a}-${i}`, email: `g${a}-${i}@example.com` })));
      for (const r of results) statuses.set(r.statusCode, (statuses.get(r.statusCode) ?? 0) + 1);
    }
    expect(Object.fromEntries(statuses)).toEqual({ 303: 5000 });
    expect(core.participants.list(media.id)).toHaveLength(5000);
  });

  it("S2 defect 3: one address can't drain a limited link; other addresses still get its clicks", async () => {
    await start();
    const { link, media } = guestSetup(core, { clicks: 200, requireAdmission: true });
    const drainer = browserAt('192.0.2.9');
    await drainer.get(`/g/${link.token}`);
    const results = await Promise.all(Array.from({ length: 120 }, (_, i) => drainer.post(`/g/${link.token}`, { name: `Bot ${i}`, email: `bot${i}@example.com` })));
    const codes = results.map((r) => r.statusCode);
    // A quarter of 200 clicks (50) for one address; the rest are refused with 429 and use nothing.
    expect(codes.filter((c) => c === 303)).toHaveLength(50);
    expect(codes.filter((c) => c === 429)).toHaveLength(70);
    expect(core.links.get(link.id).uses).toBe(50);
    const guest = browserAt('198.51.100.20');
    await guest.get(`/g/${link.token}`);
    expect((await guest.post(`/g/${link.token}`, { name: 'Real', email: 'real@example.com' })).statusCode).toBe(303);
    expect(core.participants.list(media.id)).toHaveLength(51);
  });

  it('S2 defect 3: a refused form (bad email) gives its claim back', async () => {
    await start();
    const { link } = guestSetup(core, { clicks: 40, requireAdmission: true });
    const b = browserAt('192.0.2.10');
    await b.get(`/g/${link.token}`);
    for (let i = 0; i < 30; i++) expect((await b.post(`/g/${link.token}`, { name: 'X', email: 'not an email' })).statusCode).toBe(400);
    // The floor is 20 clicks per address: all 20 still available after 30 refused forms.
    for (let i = 0; i < 20; i++) expect((await b.post(`/g/${link.token}`, { name: `P${i}`, email: `p${i}@example.com` })).statusCode).toBe(303);
    expect((await b.post(`/g/${link.token}`, { name: 'P', email: 'p@example.com' })).statusCode).toBe(429);
  });
});

describe('lobby abuse (issue 13, defect 7)', () => {
  it('S2 defect 7: a denied browser waits before knocking again at that media entry; other browsers and other entries are not affected', async () => {
    await start();
    const { link, media } = guestSetup(core, { requireAdmission: true });
    const other = guestSetup(core, { requireAdmission: true, title: 'Another room' });
    const b = browserAt('192.0.2.50');
    await b.get(`/g/${link.token}`);
    expect((await b.post(`/g/${link.token}`, { name: 'Knock', email: 'k@example.com' })).statusCode).toBe(303);
    core.participants.deny(core.participants.list(media.id)[0]!.id, 'moderator (test)');
    const statuses: number[] = [];
    let retryAfter = 0;
    for (let i = 0; i < 20; i++) {
      const res = await b.post(`/g/${link.token}`, { name: 'Knock', email: `k${i}@example.com` });
      statuses.push(res.statusCode);
      retryAfter = Number(res.headers['retry-after']);
    }
    expect(statuses.every((s) => s === 429)).toBe(true);
    expect(retryAfter).toBeGreaterThan(9 * 60);
    expect(core.participants.list(media.id, ['waiting', 'admitted', 'denied'])).toHaveLength(1);
    // Another browser on the same address, and the same browser at another entry, may knock.
    const neighbour = browserAt('192.0.2.50');
    await neighbour.get(`/g/${link.token}`);
    expect((await neighbour.post(`/g/${link.token}`, { name: 'N', email: 'n@example.com' })).statusCode).toBe(303);
    await b.get(`/g/${other.link.token}`);
    expect((await b.post(`/g/${other.link.token}`, { name: 'Knock', email: 'k@example.com' })).statusCode).toBe(303);
  });
});

describe('"Deny and block" (issue 13, defect 7)', () => {
  it('S2 defect 7: "Deny and block" denies and stops that email knocking again at this media entry, from any browser, without using a click', async () => {
    await start();
    const { link, media } = guestSetup(core, { requireAdmission: true, clicks: 10 });
    const b = browserAt('192.0.2.60');
    await b.get(`/g/${link.token}`);
    expect((await b.post(`/g/${link.token}`, { name: 'Spam', email: 'spam@example.com' })).statusCode).toBe(303);
    const p = core.participants.list(media.id)[0]!;
    const r = await callOperation(core, 'participants.denyAndBlock', { participantId: p.id }, 'moderator (test)');
    expect(r.ok).toBe(true);
    expect(core.participants.get(p.id).state).toBe('denied');
    const fresh = browserAt('198.51.100.60');
    await fresh.get(`/g/${link.token}`);
    const again = await fresh.post(`/g/${link.token}`, { name: 'Spam again', email: 'SPAM@example.com' });
    expect(again.statusCode).toBe(403);
    expect(again.body).toContain('data-reason="denied-by-moderator"');
    expect(core.links.get(link.id).uses).toBe(1);
    expect((await fresh.post(`/g/${link.token}`, { name: 'Other', email: 'other@example.com' })).statusCode).toBe(303);
    // Another media entry doesn't share the block.
    const other = guestSetup(core, { requireAdmission: true, title: 'Elsewhere' });
    await fresh.get(`/g/${other.link.token}`);
    expect((await fresh.post(`/g/${other.link.token}`, { name: 'Spam', email: 'spam@example.com' })).statusCode).toBe(303);
  });
});

describe('gl_b browser IDs are signed (issue 13, defect 7 "Any well-formed gl_b browser ID is accepted")', () => {
  const gl_b = (res: { cookies: { name: string; value: string }[] }) => res.cookies.find((c) => c.name === 'gl_b')?.value;
  const madeUp = ['A'.repeat(32), 'B'.repeat(64), `${'C'.repeat(32)}.${'D'.repeat(43)}`];

  it('S5 defect 7: a well-formed gl_b the listener never issued is not honoured: it is replaced by a fresh, signed one', async () => {
    await start();
    const { link } = guestSetup(core);
    for (const id of madeUp) {
      const res = await app.inject({ method: 'GET', url: `/g/${link.token}`, headers: { cookie: `gl_b=${id}` } });
      const issued = gl_b(res);
      expect(issued, id).toBeDefined();
      expect(issued).not.toBe(id);
      // A tampered MAC is made up too.
      const tampered = `${issued!.slice(0, -1)}${issued!.endsWith('A') ? 'B' : 'A'}`;
      expect(gl_b(await app.inject({ method: 'GET', url: `/g/${link.token}`, headers: { cookie: `gl_b=${tampered}` } }))).not.toBe(tampered);
      // The issued one is kept: no new cookie.
      expect(gl_b(await app.inject({ method: 'GET', url: `/g/${link.token}`, headers: { cookie: `gl_b=${issued}` } }))).toBeUndefined();
    }
  });

  it('S5 defect 7: a made-up gl_b can\'t borrow another browser\'s identity: two browsers presenting the same one are two browsers (one\'s knock cooldown is not the other\'s)', async () => {
    await start();
    const { link, media } = guestSetup(core, { requireAdmission: true });
    const forged = 'F'.repeat(40);
    // Two browsers, each starting from the same chosen ID, as a script would; each keeps what the listener sets.
    const knock = async (remoteAddress: string, email: string) => {
      const page = await app.inject({ method: 'GET', url: `/g/${link.token}`, remoteAddress, headers: { cookie: `gl_b=${forged}` } });
      const cookie = gl_b(page) ? `gl_b=${gl_b(page)}` : `gl_b=${forged}`;
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
      return app.inject({
        method: 'POST',
        url: `/g/${link.token}`,
        remoteAddress,
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: csrf, name: 'Knock', email }).toString(),
      });
    };
    expect((await knock('192.0.2.70', 'a@example.com')).statusCode).toBe(303);
    core.participants.deny(core.participants.list(media.id)[0]!.id, 'moderator (test)');
    // Someone else who presents the same made-up ID is not taken for the denied browser.
    const other = await knock('198.51.100.70', 'b@example.com');
    expect(other.statusCode).toBe(303);
  });

  it('S5: the signing key is kept in the database: an ID issued before a restart is honoured after it; another data folder\'s is not', async () => {
    await start();
    const { link } = guestSetup(core);
    const issued = gl_b(await app.inject({ method: 'GET', url: `/g/${link.token}` }))!;
    closeStreams();
    await app.close();
    await start();
    expect(gl_b(await app.inject({ method: 'GET', url: `/g/${link.token}`, headers: { cookie: `gl_b=${issued}` } }))).toBeUndefined();
    const elsewhere = tmpCore();
    try {
      const { app: app2, closeStreams: close2 } = await buildApp({ core: elsewhere, host: '127.0.0.1', port: 0, heartbeatMs: 60_000 });
      await app2.ready();
      const link2 = guestSetup(elsewhere).link;
      expect(gl_b(await app2.inject({ method: 'GET', url: `/g/${link2.token}`, headers: { cookie: `gl_b=${issued}` } }))).not.toBe(issued);
      close2();
      await app2.close();
    } finally {
      elsewhere.close();
    }
  });
});
