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
