// S2 (issue "Guards that never refuse the right person, round two", item 1):
// the form throttles count what an attacker gains, never what a guest does by
// mistake. Real HTTP on loopback source addresses (127.0.0.0/8), with the
// listener's default limits.
import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { addressKey } from '../../src-main/listener/security';
import { guestSetup, inviteSetup } from '../listener/helpers';
import { entryForm, request, submitForm } from './helpers';
import { listenerPerTest } from './listenerPerTest';

const srv = listenerPerTest();

const form = (f: { csrf: string }, values: { name: string; email: string }) => new URLSearchParams({ _csrf: f.csrf, ...values }).toString();

/** Many POSTs of one form from one address, over a few keep-alive sockets; returns the statuses. */
async function flood(path: string, from: string, f: { cookie: string; csrf: string }, bodies: string[], sockets = 4): Promise<Map<number, number>> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets, localAddress: from });
  const counts = new Map<number, number>();
  let next = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      const res = await request(`${srv.listener.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: f.cookie }, body, agent });
      counts.set(res.status, (counts.get(res.status) ?? 0) + 1);
    }
  };
  try {
    await Promise.all(Array.from({ length: sockets }, worker));
  } finally {
    agent.destroy();
  }
  return counts;
}

describe('S2: form throttles never lock out the right person', () => {
  it("S2: 300 wrong emails on an invite from one browser don't delay the invitee from another browser at that address", { timeout: 20_000 }, async () => {
    const { media } = guestSetup(srv.core);
    const inv = inviteSetup(srv.core, media.id, 'jane@example.com', 'viewer');
    const from = '127.0.2.1';
    const attacker = await entryForm(srv.listener.url, inv.token, 'i', from);
    const bodies = Array.from({ length: 300 }, (_, i) => form(attacker, { name: 'M', email: `guess${i}@example.com` }));
    const statuses = await flood(`/i/${inv.token}`, from, attacker, bodies, 1);
    // Ten wrong guesses for that browser, then 429 whatever it types.
    expect(Object.fromEntries(statuses)).toEqual({ 403: 10, 429: 290 });
    const again = await submitForm(srv.listener.url, inv.token, attacker, { name: 'Jane', email: 'jane@example.com' }, 'i', from);
    expect(again.status).toBe(429);
    // The invitee, another browser behind the same address: in at once.
    const jane = await entryForm(srv.listener.url, inv.token, 'i', from);
    const res = await submitForm(srv.listener.url, inv.token, jane, { name: 'Jane', email: 'Jane@Example.com' }, 'i', from);
    expect(res.status).toBe(303);
    expect(srv.core.participants.list(media.id).map((p) => p.email)).toEqual(['jane@example.com']);
  });

  it('S2: 300 empty forms on a guest link cost nothing: the next real guest at that address gets in', { timeout: 20_000 }, async () => {
    const { link, media } = guestSetup(srv.core, { clicks: 10 });
    const from = '127.0.3.1';
    const b = await entryForm(srv.listener.url, link.token, 'g', from);
    const bodies = Array.from({ length: 300 }, (_, i) => (i % 2 ? form(b, { name: '', email: '' }) : `_csrf=${b.csrf}`));
    expect(Object.fromEntries(await flood(`/g/${link.token}`, from, b, bodies))).toEqual({ 400: 300 });
    expect(srv.core.links.get(link.id).uses).toBe(0);
    const guest = await entryForm(srv.listener.url, link.token, 'g', from);
    expect((await submitForm(srv.listener.url, link.token, guest, { name: 'Real', email: 'real@example.com' }, 'g', from)).status).toBe(303);
    // The same browser that sent them gets in too.
    expect((await submitForm(srv.listener.url, link.token, b, { name: 'Also', email: 'also@example.com' }, 'g', from)).status).toBe(303);
    expect(srv.core.participants.list(media.id)).toHaveLength(2);
  });

  it('S2: 20,300 invalid posts to an invite from 70 addresses in a few seconds, then the invitee from another address gets in', { timeout: 30_000 }, async () => {
    const { media } = guestSetup(srv.core);
    const inv = inviteSetup(srv.core, media.id, 'jane@example.com', 'viewer');
    const t0 = performance.now();
    const per = 290; // 70 × 290 = 20,300
    const results = await Promise.all(
      Array.from({ length: 70 }, async (_, a) => {
        const from = `127.0.5.${a + 1}`;
        const f = await entryForm(srv.listener.url, inv.token, 'i', from);
        const bodies = Array.from({ length: per }, (_, i) => form(f, { name: 'X', email: i % 2 ? '' : `not an email ${i}` }));
        return flood(`/i/${inv.token}`, from, f, bodies, 2);
      }),
    );
    const total = new Map<number, number>();
    for (const m of results) for (const [k, v] of m) total.set(k, (total.get(k) ?? 0) + v);
    expect(Object.fromEntries(total)).toEqual({ 400: 20_300 });
    const seconds = (performance.now() - t0) / 1000;
    expect(seconds).toBeLessThan(25);
    const jane = await entryForm(srv.listener.url, inv.token, 'i', '127.0.6.1');
    expect((await submitForm(srv.listener.url, inv.token, jane, { name: 'Jane', email: 'jane@example.com' }, 'i', '127.0.6.1')).status).toBe(303);
  });

  it('S2: over the guess budget, unknown tokens are answered 429 at once with Retry-After; no socket is parked', { timeout: 20_000 }, async () => {
    const { link } = guestSetup(srv.core);
    const from = '127.0.7.1';
    const unknown = (i: number) => `${'x'.repeat(20)}${String(i).padStart(12, '0')}`;
    for (let i = 0; i < 30; i++) expect((await request(`${srv.listener.url}/g/${unknown(i)}`, { from })).status).toBe(404);
    // 300 guesses at once: each one answered quickly, none held open for a delay.
    const times = await Promise.all(
      Array.from({ length: 300 }, async (_, i) => {
        const t = performance.now();
        const res = await request(`${srv.listener.url}/g/${unknown(100 + i)}`, { from });
        expect(res.status).toBe(429);
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
        return performance.now() - t;
      }),
    );
    expect(Math.max(...times)).toBeLessThan(900);
    // A valid link from that address is still served.
    expect((await request(`${srv.listener.url}/g/${link.token}`, { from })).status).toBe(200);
  });

  it('S2: IPv6 addresses are counted by their /64; IPv4 (and IPv4-mapped) as they are', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002::')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(addressKey('192.0.2.1')).toBe('192.0.2.1');
    expect(addressKey('2001:db8:1:3::1')).not.toBe(addressKey('2001:db8:1:2::1'));
  });
});
