// Bench server, run as a child process so the load generator (parent) and the
// server each get their own core. Prints one JSON line once listening.
//   tsx bench/server.ts bare
//   tsx bench/server.ts page DATA_DIR
//   tsx bench/server.ts post-page DATA_DIR
//   tsx bench/server.ts listener DATA_DIR [--unbatched] [--lobby N]
// Commands on stdin (one per line): "admit-all", "rss", "stats".
import crypto from 'node:crypto';
import http from 'node:http';
import readline from 'node:readline';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import Fastify from 'fastify';
import { openCore } from '../src-main/core';
import { createLog, isLogLevel } from '../src-main/log';
import { translator } from '../src-main/listener/i18n';
import { buildApp } from '../src-main/listener/index';
import { BROWSER_COOKIE, BrowserIds, defaultRateLimits, noRateLimits, SECURITY_HEADERS, SESSION_COOKIE } from '../src-main/listener/security';
import { entryPage } from '../src-main/listener/views';

const [mode, dataDir] = process.argv.slice(2);
const unbatched = process.argv.includes('--unbatched');
const lobbyIdx = process.argv.indexOf('--lobby');
const lobbyN = lobbyIdx === -1 ? 0 : Number(process.argv[lobbyIdx + 1]);
const rss = () => process.memoryUsage().rss;
const say = (o: unknown) => process.stdout.write(`${JSON.stringify(o)}\n`);

async function main() {
  if (mode === 'bare') {
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' });
      res.end('ok');
    });
    server.keepAliveTimeout = 5000;
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const a = server.address() as { port: number };
    say({ url: `http://127.0.0.1:${a.port}` });
    process.on('SIGTERM', () => process.exit(0));
    return;
  }

  const core = openCore({ dataDir: dataDir! });
  const ACTOR = 'moderator (bench)';
  // A scheduled entry, as real ones are: the entry page then shows the date and time in the media's zone.
  // It started ten minutes ago and runs for two hours, so the doors are open whenever the bench runs.
  const now = Date.now();
  const schedule = { startsAt: new Date(now - 10 * 60_000).toISOString(), endsAt: new Date(now + 2 * 3600_000).toISOString(), timeZone: 'Europe/Paris' };
  const media = core.media.create({ kind: 'room', title: 'Webinar', schedule, guestAccess: true, requireAdmission: lobbyN > 0 }, ACTOR);
  const link = core.links.create({ mediaId: media.id, name: 'Everyone' }, ACTOR);

  if (mode === 'page') {
    // The framework's floor for this page: Fastify answering GET /g/:token with
    // the same bytes and headers from memory, and a new browser cookie each time
    // (as for a first visit), with none of the listener's lookups or rendering.
    const body = entryPage({ lang: 'en', t: translator('en'), path: `/g/${link.token}`, csrf: 'x'.repeat(43) }, media, link.token);
    const browserIds = new BrowserIds(crypto.randomBytes(32));
    const page = Fastify({ logger: false });
    await page.register(fastifyCookie);
    page.get('/g/:token', async (_req, reply) =>
      reply
        .setCookie(BROWSER_COOKIE, browserIds.issue(), { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 30 * 24 * 60 * 60 })
        .headers({ ...SECURITY_HEADERS, 'cache-control': 'no-store' })
        .type('text/html; charset=utf-8')
        .send(body),
    );
    await page.listen({ host: '127.0.0.1', port: 0 });
    say({ url: `http://127.0.0.1:${(page.server.address() as { port: number }).port}`, token: link.token });
    process.on('SIGTERM', () => process.exit(0));
    return;
  }

  if (mode === 'post-page') {
    // The framework's floor for a redemption: Fastify with the same cookie and
    // form plugins answering POST /g/:token with the same 303 (a new session
    // cookie, security headers, Location) from memory: no CSRF check, no
    // lookups, no database write.
    const page = Fastify({ logger: false, bodyLimit: 16 * 1024 });
    await page.register(fastifyCookie);
    page.removeAllContentTypeParsers();
    await page.register(fastifyFormbody, { bodyLimit: 16 * 1024 });
    page.get('/g/:token', async (_req, reply) =>
      reply
        .setCookie(BROWSER_COOKIE, 'bench.cookie', { path: '/', httpOnly: true, sameSite: 'lax' })
        .type('text/html; charset=utf-8')
        .send('<input type="hidden" name="_csrf" value="bench">'),
    );
    page.post('/g/:token', async (req, reply) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      if (typeof body.email !== 'string' || typeof body.name !== 'string') return reply.code(400).send('form');
      return reply
        .setCookie(SESSION_COOKIE, crypto.randomBytes(24).toString('base64url'), { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 24 * 60 * 60 })
        .headers({ ...SECURITY_HEADERS, 'cache-control': 'no-store' })
        .redirect('/s', 303);
    });
    await page.listen({ host: '127.0.0.1', port: 0 });
    say({ url: `http://127.0.0.1:${(page.server.address() as { port: number }).port}`, token: link.token });
    process.on('SIGTERM', () => process.exit(0));
    return;
  }

  // The bench measures the listener's work, not its abuse limits: raise them
  // (their counting still runs). The knock cooldown keeps its real length: it
  // refuses nobody here, and every submit asks for it as in the field.
  const { app, closeStreams, batchStats } = await buildApp({
    core,
    host: '127.0.0.1',
    port: 0,
    rateLimits: { ...noRateLimits(), knockCooldownMs: defaultRateLimits().knockCooldownMs },
    heartbeatMs: 60_000,
    groupCommit: !unbatched,
    onError: (e) => console.error('[bench server] 5xx:', e),
    // As served: one log line per request into the data folder's logs/ (GUESTLIST_LOG_LEVEL=silent to compare).
    logger: createLog({ dataDir: dataDir!, name: 'host', level: isLogLevel(process.env.GUESTLIST_LOG_LEVEL) ? process.env.GUESTLIST_LOG_LEVEL : 'info' }).logger,
  });

  // Lobby fan-out: N guests already waiting, one session secret each.
  let secrets: string[] = [];
  if (lobbyN > 0) {
    const forms = Array.from({ length: lobbyN }, (_, i) => ({ name: `Guest ${i}`, email: `g${i}@lobby.test` }));
    const res = core.ctx.writeBatch(forms, (f) => core.access.redeemGuestLink(link.token, f));
    secrets = res.map((r) => (r.ok && r.value.ok ? r.value.secret : ''));
  }

  await app.listen({ host: '127.0.0.1', port: 0 });
  const a = app.server.address() as { port: number };
  say({ url: `http://127.0.0.1:${a.port}`, token: link.token, mediaId: media.id, pid: process.pid, rss: rss(), secrets });

  const rl = readline.createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    if (line === 'admit-all') {
      const t = process.hrtime.bigint();
      const n = core.participants.admitAll(media.id, ACTOR);
      say({ admitted: n, admitAllMs: Number(process.hrtime.bigint() - t) / 1e6 });
    } else if (line === 'rss') {
      global.gc?.();
      say({ rss: rss() });
    } else if (line === 'stats') {
      say({ groupCommit: !unbatched, batches: batchStats() });
    }
  });
  const stop = async () => {
    closeStreams();
    await app.close().catch(() => {});
    core.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
