// Bad input at scale, moderator side: fast-check feeds the operations table
// (the one entry point IPC, the CLI and the test bridge share) 10,000
// generated inputs. No call throws or crashes, every refusal carries a known
// code (never INTERNAL, which would be an unexpected exception), and a refused
// call leaves every table byte-for-byte as it was (nothing partly written).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OPERATION_NAMES, type OperationName, schemas } from '../../src-main/api/schemas';
import { callOperation } from '../../src-main/api/table';
import { type Core, ERROR_MESSAGES } from '../../src-main/core';
import { ACTOR } from '../helpers/tmp';
import { fingerprint, seededWorld } from '../helpers/seed';

const RUNS = 10;
const CASES_PER_RUN = 1000; // 10,000 in all

function seeded() {
  const w = seededWorld({ linkClicks: 2 });
  return { core: w.core, ids: [w.room, w.channel, w.full, w.link, w.gone, w.invite, w.revoked, w.participant] };
}

const EDGE_STRINGS = ['', ' ', '\t\n', 'a'.repeat(101), 'a'.repeat(201), 'a'.repeat(5001), '\u0000', '\uD800', '<script>alert(1)</script>', "'; DROP TABLE media;--", '../../etc/passwd', 'http://', 'javascript:alert(1)', '1', '-1', '0', '1e3', ' 7 ', 'NaN'];
const EDGE_NUMBERS = [0, -1, 1, 2, 3, 1.5, Number.NaN, Number.POSITIVE_INFINITY, -0, 2 ** 31, 2 ** 53, 1e308, 1_000_001, 3651];

/** Plausible values per field name, so generated inputs often get past the schema and reach the core. */
function plausible(key: string, ids: number[]): fc.Arbitrary<unknown> {
  if (/Ids$/.test(key)) return fc.array(fc.oneof(fc.constantFrom(...ids), fc.integer({ min: 1, max: 20 })), { maxLength: 5 });
  if (/Id$/.test(key)) return fc.oneof(fc.constantFrom(...ids), fc.integer({ min: 1, max: 20 }));
  switch (key) {
    case 'title':
    case 'name':
      return fc.oneof(fc.string({ maxLength: 120 }), fc.constantFrom('Room', '  Webinar  '));
    case 'kind':
      return fc.constantFrom('media', 'room', 'channel-room', 'gallery-room', 'podcast');
    case 'role':
      return fc.constantFrom('viewer', 'speaker', 'moderator', 'admin', 'guest');
    case 'emails':
      return fc.array(fc.oneof(fc.emailAddress(), fc.string({ maxLength: 40 }), fc.constantFrom('a@x.co', 'A@X.CO', 'Ann <ann@x.co>, bob@x.co')), { maxLength: 6 });
    case 'clicks':
    case 'days':
      return fc.oneof(fc.integer({ min: -5, max: 4000 }), fc.constantFrom('', null, '12', ' 3 ', '-2', '1.5'));
    case 'schedule':
      return fc.oneof(
        fc.constant(null),
        fc.record({ startsAt: fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.string()), endsAt: fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.string()), timeZone: fc.constantFrom('UTC', 'Europe/Paris', 'Mars/Olympus', '') }),
      );
    case 'filePath':
      return fc.constantFrom(null, '/nope/missing.mp4', '/etc', '', __filename);
    case 'url':
    case 'baseUrl':
      return fc.oneof(fc.webUrl(), fc.constantFrom('ftp://x', 'http://u:p@host', 'https://guests.example.org/', 'not a url'));
    case 'format':
      return fc.constantFrom('csv', 'xlsx', '');
    case 'search':
    case 'description':
      return fc.string({ maxLength: 50 });
    default:
      return fc.boolean();
  }
}

function inputFor(name: OperationName, ids: number[]): fc.Arbitrary<unknown> {
  const keys = Object.keys((schemas[name] as unknown as { shape: Record<string, unknown> }).shape);
  const junk = fc.oneof(fc.anything({ maxDepth: 2 }), fc.constantFrom(...EDGE_STRINGS), fc.constantFrom(...EDGE_NUMBERS));
  const field = (k: string) => fc.oneof({ weight: 4, arbitrary: plausible(k, ids) }, { weight: 1, arbitrary: junk });
  const shaped = fc.record(Object.fromEntries(keys.map((k) => [k, field(k)])), { requiredKeys: [] });
  const withExtra = fc.tuple(shaped, fc.string({ minLength: 1, maxLength: 8 }), junk).map(([o, k, v]) => ({ ...(o as object), [k]: v }));
  return fc.oneof({ weight: 8, arbitrary: shaped }, { weight: 1, arbitrary: withExtra }, { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }) });
}

const KNOWN_CODES = new Set(Object.keys(ERROR_MESSAGES));
// links.qrCode renders PNGs; keep it rarer so the run stays short.
const NAMES = OPERATION_NAMES.filter((n) => n !== 'links.qrCode');

function opAndInput(ids: number[]) {
  return fc.oneof(
    { weight: 30, arbitrary: fc.constantFrom(...NAMES).chain((name) => inputFor(name, ids).map((input) => ({ name: name as string, input }))) },
    { weight: 1, arbitrary: inputFor('links.qrCode', ids).map((input) => ({ name: 'links.qrCode', input })) },
    { weight: 1, arbitrary: fc.tuple(fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'media.delete', 'toString')), fc.anything()).map(([name, input]) => ({ name, input })) },
  );
}

describe('bad input at scale: the operations table', () => {
  it(`O2/O3: ${RUNS * CASES_PER_RUN} generated calls: no throw, every refusal has a known code, a refused call writes nothing`, async () => {
    const stats = { ok: 0, refused: 0, codes: new Map<string, number>() };
    for (let run = 0; run < RUNS; run++) {
      const { core, ids } = seeded();
      try {
        await fc.assert(
          fc.asyncProperty(opAndInput(ids), async ({ name, input }) => {
            const before = fingerprint(core.db);
            const r = await callOperation(core, name as OperationName, input, ACTOR);
            if (r.ok) {
              stats.ok++;
              return;
            }
            stats.refused++;
            stats.codes.set(r.error.code, (stats.codes.get(r.error.code) ?? 0) + 1);
            expect(KNOWN_CODES.has(r.error.code), `unknown code ${r.error.code}`).toBe(true);
            expect(r.error.code, `${name} crashed on ${JSON.stringify(input)?.slice(0, 200)}`).not.toBe('INTERNAL');
            expect(typeof r.error.message === 'string' && r.error.message.length > 0).toBe(true);
            expect(fingerprint(core.db), `${name} refused (${r.error.code}) but wrote something`).toEqual(before);
          }),
          { numRuns: CASES_PER_RUN, seed: 0x9e11 + run },
        );
        expect(core.db.pragma('integrity_check', { simple: true })).toBe('ok');
      } finally {
        (core as Core).close();
      }
    }
    // The generator must reach the core, not only the schema.
    expect(stats.ok).toBeGreaterThan(500);
    expect(stats.refused).toBeGreaterThan(3000);
    expect(stats.codes.size).toBeGreaterThan(10);
  }, 240_000); // 10,000 calls with a fingerprint before and after each: minutes on 2 busy cores
});
