// S2/S3: whatever arrives, the listener answers with a page, never a 5xx,
// and keeps running.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noRateLimits } from '../../src-main/listener/security';
import { Client, csrfOf, guestSetup, type Harness, inviteSetup, mediaFile, startHarness } from './helpers';

let h: Harness;
let linkToken: string;
let inviteToken: string;
let session: { cookie: string; csrf: string };
let guestSession: { cookie: string; csrf: string };
let participantIds: number[];
const errors: unknown[] = [];

beforeAll(async () => {
  // Rate limits would turn most runs into 429s; the property is about everything else.
  h = await startHarness({ rateLimits: noRateLimits(), onError: (e) => errors.push(e) });
  const { media, link } = guestSetup(h.core, { kind: 'media', filePath: mediaFile(4096), requireAdmission: true });
  linkToken = link.token;
  inviteToken = inviteSetup(h.core, media.id, 'mod@example.com', 'moderator', { skipLobby: true }).token;
  const mod = new Client(h.base);
  await mod.submit(`/i/${inviteToken}`, { name: 'Mo', email: 'mod@example.com' });
  session = { cookie: mod.cookieHeader(), csrf: csrfOf((await mod.getText('/s')).text) };
  const g = new Client(h.base);
  await g.submit(`/g/${linkToken}`, { name: 'G', email: 'g@example.com' });
  guestSession = { cookie: g.cookieHeader(), csrf: csrfOf((await g.getText('/s/lobby')).text) };
  participantIds = h.core.participants.list(media.id).map((p) => p.id);
});
afterAll(async () => {
  await h.close();
});

const ROUTES = [
  ['GET', '/g/:t'],
  ['POST', '/g/:t'],
  ['GET', '/i/:t'],
  ['POST', '/i/:t'],
  ['GET', '/s'],
  ['GET', '/s/lobby'],
  ['GET', '/s/media'],
  ['GET', '/s/part/chat'],
  ['GET', '/s/part/people'],
  ['POST', '/s/hand'],
  ['POST', '/s/chat'],
  ['POST', '/s/leave'],
  ['POST', '/s/manage/:t/:a'],
  ['GET', '/assets/:t'],
  ['GET', '/healthz'],
  ['GET', '/:t'],
  ['PUT', '/g/:t'],
  ['DELETE', '/s'],
] as const;

const anyText = fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }), fc.constant(''));
const token = fc.oneof(
  fc.constant('LINK'),
  fc.constant('INVITE'),
  fc.stringMatching(/^[A-Za-z0-9_-]{16,64}$/),
  fc.string({ unit: 'binary', maxLength: 80 }).map(encodeURIComponent),
  fc.constantFrom('%', '%E0%A4%A', '..', '%2e%2e%2f', '__proto__', 'constructor', '%00', 'a%2Fb'),
  fc.integer({ min: -5, max: 1e6 }).map(String),
);
const body = fc.oneof(
  fc.record({ name: anyText, email: anyText, _csrf: fc.oneof(anyText, fc.constant('CSRF')), body: anyText, raised: anyText }, { requiredKeys: [] }).map((r) => new URLSearchParams(Object.entries(r).map(([k, v]): [string, string] => [k, String(v)])).toString()),
  anyText,
  fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a).toString('latin1')),
);
const contentType = fc.constantFrom(undefined, 'application/x-www-form-urlencoded', 'application/json', 'text/plain', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded; charset=latin1', 'garbage/;;;');
const cookie = fc.oneof(fc.constant(undefined), fc.constant('SESSION'), fc.string({ maxLength: 300 }), fc.constantFrom('gl_s=%E0%A4%A', 'gl_b=""; gl_s=', 'gl_lang=he; gl_s=x', '=;=;=', 'gl_s=' + 'A'.repeat(5000)));

describe('property: never a 5xx', () => {
  it('S3: random tokens, names, emails, bodies and cookies at every route never give a 5xx', async () => {
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        token,
        fc.oneof(fc.constantFrom('admit', 'deny', 'remove', 'x'), anyText.map(encodeURIComponent)),
        body,
        contentType,
        cookie,
        fc.option(fc.string({ maxLength: 60 })),
        fc.option(fc.string({ maxLength: 60 })),
        fc.option(fc.constantFrom('1', '0', 'x')),
        async ([method, route], t, a, b, ct, ck, acceptLang, range, fetchHeader) => {
          const tok = t === 'LINK' ? linkToken : t === 'INVITE' ? inviteToken : t === '1' && participantIds[1] ? String(participantIds[1]) : t;
          const path = route.replace(':t', tok).replace(':a', a);
          const headers: Record<string, string> = {};
          if (ct) headers['content-type'] = ct;
          if (ck) headers.cookie = ck === 'SESSION' ? session.cookie : ck;
          if (acceptLang) headers['accept-language'] = acceptLang;
          if (range) headers.range = range;
          if (fetchHeader) headers['x-guestlist-fetch'] = fetchHeader;
          let res: Response;
          try {
            res = await fetch(h.base + path, { method, headers, body: method === 'GET' ? undefined : b.replace('CSRF', session.csrf), redirect: 'manual' });
          } catch (e) {
            // fetch itself refused to build this request (illegal header bytes, bad URL): nothing was sent.
            if (e instanceof TypeError) return true;
            throw e;
          }
          await res.arrayBuffer();
          sent++;
          if (res.status >= 500) throw new Error(`${method} ${path} → ${res.status}`);
          return true;
        },
      ),
      { numRuns: 600, seed: Number(process.env.FC_SEED ?? Date.now() % 2 ** 31) },
    );
    expect(sent).toBeGreaterThan(400);
    expect(errors).toEqual([]);
    expect((await fetch(`${h.base}/healthz`)).status).toBe(200);
  }, 60_000);
});

const LIVE_ROUTES = ['/s', '/s/lobby', '/s/events', '/s/moved', '/s/part/chat', '/s/part/people', '/s/media', '/s/hand', '/s/chat', '/s/manage/ID/admit', '/s/manage/ID/deny', '/s/manage/ID/block'] as const;
const CONTROLS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

describe('property: session and live routes (S5, S6)', () => {
  it('S5/S6: random requests on the session and live routes: no 5xx, security headers on each, no people list for a guest, no control characters stored', async () => {
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...LIVE_ROUTES),
        fc.constantFrom('GET', 'HEAD', 'POST'),
        fc.constantFrom('moderator', 'guest', 'none', 'junk'),
        fc.oneof(anyText, fc.constantFrom('\u001b[2J\u0007hi', 'a\u009bb\r\nc', '\u202Eevil', '')),
        fc.option(fc.constantFrom('1', '0')),
        async (route, method, who, text, fetchHeader) => {
          const path = route.replace('ID', String(participantIds[1] ?? 1));
          const s = who === 'moderator' ? session : who === 'guest' ? guestSession : null;
          const headers: Record<string, string> = {};
          if (s) headers.cookie = s.cookie;
          else if (who === 'junk') headers.cookie = 'gl_s=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA; gl_b=BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB';
          if (fetchHeader) headers['x-guestlist-fetch'] = fetchHeader;
          let body: string | undefined;
          if (method === 'POST') {
            headers['content-type'] = 'application/x-www-form-urlencoded';
            body = new URLSearchParams({ _csrf: s?.csrf ?? '', body: text, raised: '1' }).toString();
          }
          const ctrl = new AbortController();
          const res = await fetch(h.base + path, { method, headers, body, redirect: 'manual', signal: ctrl.signal });
          sent++;
          if (res.status >= 500) throw new Error(`${method} ${path} → ${res.status}`);
          if (!res.headers.get('content-security-policy')?.includes("default-src 'none'")) throw new Error(`${method} ${path}: no CSP`);
          if (res.headers.get('x-content-type-options') !== 'nosniff') throw new Error(`${method} ${path}: no nosniff`);
          if (who === 'guest' && path === '/s/part/people' && res.status === 200) throw new Error('a guest got the people list');
          // A live stream never ends by itself: take its headers, then hang up.
          if (res.headers.get('content-type')?.includes('text/event-stream')) ctrl.abort();
          else await res.arrayBuffer();
          return true;
        },
      ),
      { numRuns: 300, seed: Number(process.env.FC_SEED ?? Date.now() % 2 ** 31) },
    );
    expect(sent).toBe(300);
    expect(errors).toEqual([]);
    const mediaId = h.core.media.list()[0]!.id;
    for (const m of h.core.chat.list(mediaId, 0, 10_000)) expect(m.body).not.toMatch(CONTROLS);
    for (const p of h.core.participants.list(mediaId, ['waiting', 'admitted', 'denied', 'removed', 'left'])) expect(p.name).not.toMatch(CONTROLS);
  }, 60_000);
});
