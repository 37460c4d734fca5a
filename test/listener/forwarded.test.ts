// L1, L4, L5 at the listener: the recorded address, the probe, trusted proxies
// and Secure cookies. Real listener on 127.0.0.1; the "proxy" here is the test
// itself sending X-Forwarded-* from 127.0.0.1 (test/reach/ puts a real Caddy in front).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore } from '../../src-main/core';
import { reachProof, verifyReachProof } from '../../src-main/core/reachProof';
import { readListenerAddress } from '../../src-main/core/servedAddress';
import { createListener, parseTrustProxy, PROBE_PATH } from '../../src-main/listener';
import { checkReach } from '../../src-main/listener/reach';
import { WindowLimiter } from '../../src-main/listener/security';
import { tmpDir } from '../helpers/tmp';
import { ACTOR, Client, guestSetup, type Harness, startHarness } from './helpers';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const NONCE = 'n0nce-for-the-probe-0123456789';
const tightUnknown = () => ({ unknownPerIp: new WindowLimiter(2, 60_000) });

async function unknownHits(base: string, headers: Record<string, string>, n: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < n; i++) statuses.push((await fetch(`${base}/g/not-a-real-token-${i}`, { headers })).status);
  return statuses;
}

describe('L5: X-Forwarded-For and -Proto only from trusted proxies', () => {
  it('L5: with the proxy trusted, X-Forwarded-For separates clients for rate limits', async () => {
    h = await startHarness({ trustProxy: ['127.0.0.1'], rateLimits: tightUnknown() });
    expect(await unknownHits(h.base, { 'x-forwarded-for': '203.0.113.7' }, 3)).toEqual([404, 404, 429]);
    // Another guest behind the same proxy is not throttled by the first one's typos.
    expect(await unknownHits(h.base, { 'x-forwarded-for': '198.51.100.9' }, 1)).toEqual([404]);
  });

  it('L5: without trust, X-Forwarded-For is ignored (a guest cannot dodge the limit by inventing addresses)', async () => {
    h = await startHarness({ rateLimits: tightUnknown() });
    expect(await unknownHits(h.base, { 'x-forwarded-for': '203.0.113.7' }, 2)).toEqual([404, 404]);
    expect(await unknownHits(h.base, { 'x-forwarded-for': '198.51.100.9' }, 1)).toEqual([429]);
  });

  it('L5: a proxy that is not in the list is not believed either', async () => {
    h = await startHarness({ trustProxy: ['10.0.0.0/8'], rateLimits: tightUnknown() });
    expect(await unknownHits(h.base, { 'x-forwarded-for': '203.0.113.7' }, 2)).toEqual([404, 404]);
    expect(await unknownHits(h.base, { 'x-forwarded-for': '198.51.100.9' }, 1)).toEqual([429]);
  });

  it('L5: cookies are Secure when a trusted proxy says the guest came over https, and only then', async () => {
    h = await startHarness({ trustProxy: ['loopback'] });
    const { link } = guestSetup(h.core, { requireAdmission: false });
    const https = new Client(h.base, { 'x-forwarded-proto': 'https' });
    const res = await https.submit(`/g/${link.token}`, { name: 'Ada', email: 'ada@example.com' });
    expect(res.status).toBe(303);
    const cookies = res.headers.getSetCookie();
    expect(cookies.find((c) => c.startsWith('gl_s='))).toMatch(/;\s*Secure/i);
    // A first visit's browser ID (written by hand, not by @fastify/cookie) carries the same attributes, beside another cookie.
    const first = await fetch(`${h.base}/g/${link.token}?lang=fr`, { headers: { 'x-forwarded-proto': 'https' } });
    const firstCookies = first.headers.getSetCookie();
    expect(firstCookies.find((c) => c.startsWith('gl_b='))).toMatch(/^gl_b=[A-Za-z0-9_-]{32}\.[A-Za-z0-9_-]{43}; Max-Age=2592000; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    expect(firstCookies.find((c) => c.startsWith('gl_lang='))).toMatch(/^gl_lang=fr;.*; Secure; SameSite=Lax$/);
    const plain = await fetch(`${h.base}/g/${link.token}`);
    expect(plain.headers.getSetCookie().find((c) => c.startsWith('gl_b='))).toMatch(/^gl_b=[A-Za-z0-9_-]{32}\.[A-Za-z0-9_-]{43}; Max-Age=2592000; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(plain.headers.getSetCookie().join('\n')).not.toMatch(/Secure/i);
    await h.close();
    // The same header from an untrusted peer changes nothing.
    h = await startHarness();
    const untrusted = await fetch(`${h.base}/g/${guestSetup(h.core).link.token}`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(untrusted.headers.getSetCookie().length).toBeGreaterThan(0);
    expect(untrusted.headers.getSetCookie().join('\n')).not.toMatch(/Secure/i);
  });

  it('L5: a bad trusted-proxy entry is refused with a sentence', () => {
    expect(parseTrustProxy('127.0.0.1, 10.0.0.0/8,::1,loopback')).toEqual(['127.0.0.1', '10.0.0.0/8', '::1', 'loopback']);
    for (const bad of ['example.org', '10.0.0.0/33', '1.2.3', '10.0.0.0/8/1', '*']) {
      expect(() => parseTrustProxy(bad)).toThrow(expect.objectContaining({ code: 'TRUST_PROXY_INVALID', message: expect.stringContaining(bad) }));
    }
  });
});

describe('L4: the probe proves which listener answered', () => {
  it('L4: the probe answers with an HMAC of the nonce under this data folder’s key, and nothing that stays the same across nonces', async () => {
    h = await startHarness();
    const key = h.core.settings.reachKey();
    const ask = async (nonce: string) => {
      const res = await fetch(`${h!.base}${PROBE_PATH}?nonce=${nonce}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      return (await res.json()) as Record<string, unknown>;
    };
    const a = await ask(NONCE);
    const b = await ask(`${NONCE}-second`);
    expect(a).toEqual({ service: 'guestlist', proof: reachProof(key, NONCE) });
    expect(verifyReachProof(key, `${NONCE}-second`, b.proof)).toBe(true);
    // The only value the two answers share is the constant every Guestlist sends, which names no data folder.
    const shared = Object.keys(a).filter((k) => JSON.stringify(a[k]) === JSON.stringify(b[k]));
    expect(shared).toEqual(['service']);
    const body = JSON.stringify(a) + JSON.stringify(b);
    expect(body).not.toContain(key.toString('hex'));
    expect(body).not.toContain(key.toString('base64url'));
  });

  it('L4: the reach key is the data folder’s: the same after reopening, different for another folder', () => {
    const dir = tmpDir();
    const a = openCore({ dataDir: dir });
    const key = a.settings.reachKey();
    a.close();
    const again = openCore({ dataDir: dir });
    const other = openCore({ dataDir: tmpDir() });
    try {
      expect(key.length).toBe(32);
      expect(again.settings.reachKey().equals(key)).toBe(true);
      expect(other.settings.reachKey().equals(key)).toBe(false);
    } finally {
      again.close();
      other.close();
    }
  });

  it('L4: a server that echoes the nonce with a known instance ID, or replays an earlier proof, is OTHER_SERVER; the real listener passes', async () => {
    h = await startHarness();
    // What an onlooker could have learned: one real answer, for a nonce they saw.
    const seen = (await (await fetch(`${h.base}${PROBE_PATH}?nonce=${NONCE}`)).json()) as { proof: string };
    const fake = http.createServer((req, res) => {
      const nonce = new URL(req.url ?? '/', 'http://x').searchParams.get('nonce');
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ service: 'guestlist', instanceId: '0123456789abcdef0123456789abcdef', nonce, proof: seen.proof }));
    });
    await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
    try {
      const fakeUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
      h.core.settings.set({ baseUrl: fakeUrl }, ACTOR);
      const r = await checkReach(h.core, { timeoutMs: 3000 });
      expect(r).toMatchObject({ ok: false, code: 'OTHER_SERVER', baseUrl: fakeUrl });
      h.core.settings.set({ baseUrl: h.base }, ACTOR);
      expect(await checkReach(h.core, { timeoutMs: 3000 })).toMatchObject({ ok: true, code: 'LOOPBACK_ONLY', baseUrl: h.base });
    } finally {
      await new Promise((r) => fake.close(r));
    }
  });

  it('L4: a missing or malformed nonce gets 400 with a code', async () => {
    h = await startHarness();
    for (const q of ['', '?nonce=short', `?nonce=${'x'.repeat(129)}`, '?nonce=%3Cscript%3Ealert(1)%3C%2Fscript%3E']) {
      const res = await fetch(`${h.base}${PROBE_PATH}${q}`);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { code: string }).code).toBe('BAD_NONCE');
    }
  });
});

describe('L1: automatic links follow the listener', () => {
  it('L1: a running listener records its address, and automatic links use the port it really serves', async () => {
    h = await startHarness();
    expect(readListenerAddress(h.core.dataDir)).toMatchObject({ listenerUrl: h.base, linkBaseUrl: h.base, port: h.listener.port, pid: process.pid });
    expect(h.core.settings.get()).toMatchObject({ baseUrl: h.base, baseUrlAuto: true });
    const { link } = guestSetup(h.core);
    expect(link.url).toBe(`${h.base}/g/${link.token}`);
    // Another process on the same folder (the CLI) builds the same URL.
    const cli = openCore({ dataDir: h.core.dataDir });
    try {
      expect(cli.links.list(link.mediaId)[0]!.url).toBe(link.url);
    } finally {
      cli.close();
    }
  });

  it('L1: an explicit public URL is never changed by where the listener serves; auto goes back to following it', async () => {
    h = await startHarness();
    h.core.settings.set({ baseUrl: 'https://events.example.org' }, ACTOR);
    // The listener moves to another port on the same data folder.
    const moved = await createListener({ core: h.core, host: '127.0.0.1', port: 0 });
    try {
      expect(readListenerAddress(h.core.dataDir)?.port).toBe(moved.port);
      const { link } = guestSetup(h.core);
      expect(link.url).toBe(`https://events.example.org/g/${link.token}`);
      expect(h.core.settings.get().baseUrlAuto).toBe(false);
      h.core.settings.set({ baseUrl: 'AUTO' }, ACTOR);
      expect(h.core.settings.get()).toMatchObject({ baseUrl: moved.url, baseUrlAuto: true });
    } finally {
      await moved.close();
    }
  });
});
