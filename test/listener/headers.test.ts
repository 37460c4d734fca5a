// S6: every response carries the security headers, whatever produced it, and
// forms point at the route, never at the raw path (issue 13, defect 5).
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createListener } from '../../src-main/listener';
import { tmpCore } from '../helpers/tmp';
import { Client, guestSetup, type Harness, mediaFile, startHarness } from './helpers';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

type Head = { status: number; headers: Record<string, string> };

function expectSecure(r: Head, what: string) {
  expect(r.headers['content-security-policy'], what).toContain("default-src 'none'");
  expect(r.headers['x-frame-options'], what).toBe('DENY');
  expect(r.headers['x-content-type-options'], what).toBe('nosniff');
  expect(r.headers['cache-control'], what).toMatch(/no-store|no-cache/);
}

async function viaFetch(url: string, init?: RequestInit): Promise<Head & { text: string }> {
  const res = await fetch(url, { redirect: 'manual', ...init });
  return { status: res.status, headers: Object.fromEntries(res.headers), text: await res.text() };
}

/** Sends raw bytes (what fetch refuses to send) and parses the status line and headers. */
function viaSocket(port: number, bytes: string): Promise<Head> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => s.write(bytes));
    let data = '';
    s.on('data', (c) => (data += c.toString('latin1')));
    s.on('error', () => {});
    s.on('close', () => {
      const [head = ''] = data.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const status = Number(statusLine.split(' ')[1]);
      if (!status) return reject(new Error(`no response: ${JSON.stringify(data.slice(0, 200))}`));
      resolve({ status, headers: Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()])) });
    });
  });
}

describe("S6: security headers on framework errors (issue 13, defect 5)", () => {
  it("S6 defect 5: Fastify's own 400, 404, 413 and 431, and Node's 400 for a malformed request, carry the security headers", async () => {
    const cases: [string, Promise<Head>, number][] = [
      ['bad percent-encoding', viaFetch(`${h.base}/g/%zz`), 400],
      ['token over 200 characters', viaFetch(`${h.base}/g/${'a'.repeat(300)}`), 400],
      ['no such route', viaFetch(`${h.base}/nope`), 404],
      ['body too large', viaFetch(`${h.base}/g/abc`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `a=${'x'.repeat(40_000)}` }), 413],
      ['headers too large', viaSocket(h.listener.port, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`), 431],
      ['malformed request line', viaSocket(h.listener.port, 'GET /\u0001 HTTP/1.1\r\n\r\n'), 400],
    ];
    for (const [what, pending, status] of cases) {
      const r = await pending;
      expect(r.status, what).toBe(status);
      expectSecure(r, what);
    }
  });

  it('S6 defect 5: a 500 carries the security headers', async () => {
    const core = tmpCore();
    const errors: unknown[] = [];
    const listener = await createListener({ core, host: '127.0.0.1', port: 0, onError: (e) => errors.push(e) });
    const { link } = guestSetup(core);
    core.close(); // every lookup now throws inside the route
    try {
      const r = await viaFetch(`${listener.url}/g/${link.token}`);
      expect(r.status).toBe(500);
      expectSecure(r, '500');
      expect(errors.length).toBeGreaterThan(0);
    } finally {
      await listener.close();
    }
  });

  it('S6 defect 5: forms point at the route, never the raw path: //attacker.example/%zz keeps the guest on this site', async () => {
    for (const p of ['//attacker.example/%zz', '/g/%zz', `//attacker.example/g/${'a'.repeat(300)}`]) {
      const r = await viaFetch(`${h.base}${p}`);
      expect([400, 404], p).toContain(r.status);
      const actions = [...r.text.matchAll(/action="([^"]*)"/g)].map((m) => m[1]);
      expect(actions.length, p).toBeGreaterThan(0);
      for (const a of actions) expect(a, p).toBe('/');
    }
    const { link } = guestSetup(h.core);
    const page = await viaFetch(`${h.base}/g/${link.token}?lang=fr`);
    expect(page.text).toContain(`action="/g/${link.token}"`);
  });
});

describe('HEAD on every GET route (issue 13, defect 7)', () => {
  it('HEAD defect 7: HEAD answers on every GET route, /s/events included, with the GET headers and no body', async () => {
    const { link } = guestSetup(h.core, { requireAdmission: false, kind: 'media', filePath: mediaFile(1000) });
    const c = new Client(h.base);
    expect((await c.submit(`/g/${link.token}`, { name: 'Ada', email: 'ada@example.com' })).status).toBe(303);
    for (const p of ['/healthz', '/assets/icon.svg', `/g/${link.token}`, '/s', '/s/part/chat', '/s/media', '/s/events', '/s/moved']) {
      const res = await fetch(`${h.base}${p}`, { method: 'HEAD', headers: { cookie: c.cookieHeader() }, signal: AbortSignal.timeout(3000) });
      expect(res.status, p).toBe(200);
      expect(await res.text(), p).toBe('');
      expectSecure({ status: res.status, headers: Object.fromEntries(res.headers) }, p);
    }
    const ev = await fetch(`${h.base}/s/events`, { method: 'HEAD', headers: { cookie: c.cookieHeader() }, signal: AbortSignal.timeout(3000) });
    expect(ev.headers.get('content-type')).toContain('text/event-stream');
  });
});
