// The guest-facing HTTP listener (L1–L3): guest link and invite entry pages,
// lobby, session, live updates over SSE, media streaming and the denied page.
// Only guest routes exist here; no moderator operation is reachable (L2),
// except what an invited moderator may do from their own browser (I6).
import fs from 'node:fs';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Core } from '../core';
import type { GuestForm, Session } from '../core/access';
import { RedemptionBatcher } from '../core/batcher';
import { normalizeEmail } from '../core/email';
import { isBusy, retryWhileBusy, servingConnection, WRITE_DEADLINE_MS } from '../core/busy';
import { cleanMessage } from '../core/text';
import { AppError, isAppError } from '../core/errors';
import { reachProof } from '../core/reachProof';
import { writeListenerAddress } from '../core/servedAddress';
import { defaultLanAddress, httpUrl, isAnyAddress } from '../core/network';
import type { DenialReason, Media, Participant } from '../core/types';
import { ASSETS } from './assets';
import { findFreePort } from './freePort';
import { parseTrustProxy } from './trustProxy';
import { LiveRooms, type LiveStream } from './live';
import { fromAcceptLanguage, isLang, type Lang, type MessageKey, type T, translator } from './i18n';
import { mediaType, parseRange, playerKind } from './range';
import { BROWSER_COOKIE, BrowserIds, clientShareOf, Csrf, defaultRateLimits, LANG_COOKIE, type RateLimits, SECURITY_HEADERS, SESSION_COOKIE } from './security';
import { Presence } from './presence';
import { chatList, DENIAL_STATUS, deniedPage, entryPage, type FieldErrors, invitePage, lobbyPage, messagePage, type PageCtx, peopleList, sessionPage } from './views';

export interface ListenerOptions {
  core: Core;
  host: string;
  port: number;
  /** Overrides for tests; defaults are tuned for one office behind one IP (S2). */
  rateLimits?: Partial<RateLimits>;
  /** SSE heartbeat interval; a comment line keeps proxies and the lobby honest. */
  heartbeatMs?: number;
  /**
   * Group commit for redemptions (default on): see core/batcher.ts. Off runs
   * one transaction per request; the benchmark compares the two.
   */
  groupCommit?: boolean;
  /** P5: how long a waiting guest's lobby page may be gone before they count as left (default 60 s). */
  lobbyGraceMs?: number;
  /**
   * How long a guest's write (a redemption, a raised hand, chat…) keeps trying
   * while another process holds the database's write lock, before the guest
   * gets "busy, try again in a moment" (503). Default 3 s (core/busy.ts).
   */
  busyDeadlineMs?: number;
  /** Called with unexpected (5xx) errors; the guest only ever sees a code. */
  onError?: (error: unknown) => void;
  /**
   * L5: peers whose X-Forwarded-For and X-Forwarded-Proto are believed
   * (addresses, CIDR ranges, or `loopback`). Default: none.
   */
  trustProxy?: readonly string[];
  /** L1: the address links use while the base URL is automatic, when binding all interfaces. Default: a LAN address. */
  linkHost?: string;
  /** L1: record the address in the data folder (default on). */
  recordAddress?: boolean;
}

export interface Listener {
  url: string;
  host: string;
  port: number;
  close(): Promise<void>;
}

const FORM_BODY_LIMIT = 16 * 1024;
const SESSION_MAX_AGE = 24 * 60 * 60; // seconds
const YEAR = 365 * 24 * 60 * 60;
const PARTICIPANT_ID = /^\d{1,12}$/;

interface GuestRequest {
  lang: Lang;
  t: T;
  browserId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    guest: GuestRequest | null;
  }
}

type Form = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
/** A POST made by the page script, which wants JSON back instead of a page. */
const isFetch = (req: FastifyRequest) => req.headers['x-guestlist-fetch'] === '1';

export const urlFor = httpUrl;

/** L4: the probe route the reach check asks through the public base URL. */
export const PROBE_PATH = '/.well-known/guestlist-probe';
const NONCE = /^[A-Za-z0-9_-]{16,128}$/;


/** Where this machine reaches a listener bound to host, and what automatic links use. */
export function listenerAddresses(host: string, port: number, linkHost?: string): { listenerUrl: string; linkBaseUrl: string } {
  if (!isAnyAddress(host)) return { listenerUrl: httpUrl(host, port), linkBaseUrl: httpUrl(host, port) };
  const loopback = host === '0.0.0.0' ? '127.0.0.1' : '::1';
  return { listenerUrl: httpUrl(loopback, port), linkBaseUrl: httpUrl(linkHost ?? defaultLanAddress() ?? loopback, port) };
}

export { findFreePort };

export async function createListener(options: ListenerOptions): Promise<Listener> {
  const { app, closeStreams } = await buildApp(options);
  try {
    await app.listen({ host: options.host, port: options.port });
  } catch (e) {
    await app.close().catch(() => {});
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      const nextFreePort = await findFreePort(options.host, options.port + 1).catch(() => null);
      throw new AppError(
        'PORT_IN_USE',
        `Port ${options.port} on ${options.host} is already in use by another program.${nextFreePort ? ` Port ${nextFreePort} is free; start the listener there instead.` : ''}`,
        { port: options.port, nextFreePort },
      );
    }
    throw new AppError('LISTENER_FAILED', `The guest listener could not start on ${options.host}:${options.port} (${code ?? 'unknown error'}).`, { cause: code });
  }
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : options.port;
  if (options.recordAddress !== false) {
    // L1: every process builds automatic links from what this listener really serves.
    try {
      writeListenerAddress(options.core.dataDir, { ...listenerAddresses(options.host, port, options.linkHost), host: options.host, port, pid: process.pid, startedAt: new Date().toISOString() });
    } catch (e) {
      options.onError?.(e);
    }
  }
  let closing: Promise<void> | null = null;
  return {
    url: urlFor(options.host, port),
    host: options.host,
    port,
    close() {
      closing ??= (async () => {
        // SSE streams never end by themselves; end them so close() can drain the rest.
        closeStreams();
        // In-flight requests get a few seconds; then whatever is left is cut.
        const force = setTimeout(() => app.server.closeAllConnections(), 5000);
        force.unref();
        try {
          await app.close();
        } finally {
          clearTimeout(force);
        }
      })();
      return closing;
    },
  };
}

/**
 * S6: the path a page's forms point at, built from the matched route and its
 * parameters (each encoded), never from the raw request path. No route: '/'.
 */
export function routePath(req: FastifyRequest): string {
  const pattern = req.routeOptions?.url;
  if (!pattern) return '/';
  const params = (req.params ?? {}) as Record<string, unknown>;
  const path = pattern.replace(/:([A-Za-z_]\w*)/g, (_, name: string) => encodeURIComponent(String(params[name] ?? '')));
  return path.startsWith('/') && !path.startsWith('//') ? path : '/';
}

function withSecurityHeaders(reply: FastifyReply): void {
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) reply.header(k, v);
  if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
}

const CLIENT_ERRORS: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout'],
};

/** Answers a request Node's parser refused, with the security headers, then closes the socket. Never throws. */
function clientError(error: NodeJS.ErrnoException, socket: import('node:stream').Duplex): void {
  try {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const [status, text] = CLIENT_ERRORS[error.code ?? ''] ?? [400, 'Bad Request'];
    const body = `${status} ${text}. This request could not be read; open your link again.\n`;
    const headers = { ...SECURITY_HEADERS, 'cache-control': 'no-store', 'content-type': 'text/plain; charset=utf-8', 'content-length': String(Buffer.byteLength(body)), connection: 'close' };
    if (socket.writable) socket.write(`HTTP/1.1 ${status} ${text}\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n${body}`);
    socket.destroy();
  } catch {
    socket.destroy();
  }
}

export async function buildApp(options: ListenerOptions): Promise<{ app: FastifyInstance; closeStreams: () => void }> {
  const { core } = options;
  const limits: RateLimits = { ...defaultRateLimits(), ...options.rateLimits };
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const csrf = new Csrf();
  const streams = new Set<() => void>();
  const live = new LiveRooms(core, options.onError);
  const presence = new Presence(core, options.lobbyGraceMs, options.onError);
  // O4: this process serves an event loop, so SQLite must never sleep in a
  // call waiting for another process's lock; writes retry asynchronously
  // instead (core/busy.ts), and a guest who can't wait gets a 503.
  servingConnection(core.db);
  const deadline = options.busyDeadlineMs ?? WRITE_DEADLINE_MS;
  const write = <T>(fn: () => T) => retryWhileBusy(fn, deadline);
  // Admits and removals made from the CLI reach open guest pages too.
  core.followOtherProcesses();
  const batcher =
    options.groupCommit === false
      ? {
          redeemGuestLink: (token: string, form: GuestForm) => write(() => core.access.redeemGuestLink(token, form)),
          redeemInvite: (token: string, form: GuestForm) => write(() => core.access.redeemInvite(token, form)),
        }
      : new RedemptionBatcher(core, { busyDeadlineMs: deadline });

  const app = Fastify({
    logger: false,
    // L5: X-Forwarded-For/-Proto count only from these peers; then req.ip and
    // req.protocol are the real client's, and every limit keyed by address follows.
    trustProxy: options.trustProxy?.length ? parseTrustProxy(options.trustProxy) : false,
    bodyLimit: FORM_BODY_LIMIT,
    // Slow clients can't hold a socket: idle sockets close after 60 s (SSE
    // writes a heartbeat well inside that), a whole request must arrive in 30 s.
    connectionTimeout: 60_000,
    requestTimeout: 30_000,
    keepAliveTimeout: 5_000,
    forceCloseConnections: 'idle',
    routerOptions: { maxParamLength: 200 },
    // Node checks those timeouts every connectionsCheckingInterval (30 s by default): check often.
    http: { headersTimeout: 10_000, maxHeaderSize: 16 * 1024, connectionsCheckingInterval: 1_000 },
    frameworkErrors: (error, req, reply) => {
      // Bad percent-encoding in the path, a parameter over maxParamLength and
      // similar: a clean 400 page. Fastify runs no hooks here, so the security
      // headers are set by hand (S6), and the page's forms point at '/' (never
      // at the raw path, which may be '//attacker.example/…').
      withSecurityHeaders(reply);
      sendMessage(req, reply, 400, 'errorHeading', 'badRequest', String((error as { code?: string }).code ?? 'BAD_REQUEST'), '/');
    },
    // S6: what Node's HTTP parser refuses before Fastify sees a request (431
    // header too large, 400 malformed, 408 too slow) gets the headers too.
    clientErrorHandler: (error, socket) => clientError(error, socket),
  });

  await app.register(fastifyCookie);
  // Only urlencoded forms are accepted; JSON, multipart, text → 415.
  app.removeAllContentTypeParsers();
  await app.register(fastifyFormbody, { bodyLimit: FORM_BODY_LIMIT });
  app.decorateRequest('guest', null);

  // Cookies are Secure behind https: the request came over https (directly, or
  // through a trusted proxy that says so), or the moderator's public URL is https.
  const secureCookies = (req: FastifyRequest) => req.protocol === 'https' || (core.settings.explicitBaseUrl()?.startsWith('https:') ?? false);
  const reachKey = core.settings.reachKey();
  const browserIds = new BrowserIds(core.settings.browserIdKey());

  /** Language and browser identity for this request; safe to call from error paths. */
  function guestOf(req: FastifyRequest, reply?: FastifyReply): GuestRequest {
    if (req.guest) return req.guest;
    const cookies = (req.cookies ?? {}) as Record<string, string | undefined>;
    const query = (req.query ?? {}) as Record<string, unknown>;
    let lang: Lang;
    if (isLang(query.lang)) {
      lang = query.lang;
      reply?.setCookie(LANG_COOKIE, lang, { path: '/', httpOnly: true, sameSite: 'lax', secure: secureCookies(req), maxAge: YEAR });
    } else if (isLang(cookies[LANG_COOKIE])) lang = cookies[LANG_COOKIE] as Lang;
    else lang = fromAcceptLanguage(typeof req.headers['accept-language'] === 'string' ? req.headers['accept-language'] : undefined);
    // S5: only an ID this data folder signed is honoured; anything else is replaced.
    let browserId = cookies[BROWSER_COOKIE];
    if (!browserIds.verify(browserId)) {
      browserId = browserIds.issue();
      reply?.setCookie(BROWSER_COOKIE, browserId, { path: '/', httpOnly: true, sameSite: 'lax', secure: secureCookies(req), maxAge: 30 * 24 * 60 * 60 });
    }
    req.guest = { lang, t: translator(lang), browserId };
    return req.guest;
  }

  function pageCtx(req: FastifyRequest, path?: string): PageCtx {
    const g = guestOf(req);
    return { lang: g.lang, t: g.t, path: path ?? routePath(req), csrf: csrf.token(g.browserId) };
  }

  function sendPage(reply: FastifyReply, status: number, body: string) {
    return reply.code(status).type('text/html; charset=utf-8').send(body);
  }

  function sendMessage(req: FastifyRequest, reply: FastifyReply, status: number, heading: MessageKey, text: MessageKey, code?: string, path?: string) {
    const pc = pageCtx(req, path);
    if (isFetch(req)) return reply.code(status).send({ ok: false, code: code ?? text, message: pc.t(text) });
    return sendPage(reply, status, messagePage(pc, pc.t(heading), pc.t(text), code));
  }

  function sendDenied(req: FastifyRequest, reply: FastifyReply, reason: DenialReason, media: Media | null, retryHref?: string) {
    if (isFetch(req)) return reply.code(DENIAL_STATUS[reason]).send({ ok: false, code: reason, message: guestOf(req).t(`reason.${reason}` as MessageKey) });
    return sendPage(reply, DENIAL_STATUS[reason], deniedPage(pageCtx(req), reason, media, retryHref));
  }

  function tooMany(req: FastifyRequest, reply: FastifyReply, retryAfterSeconds: number) {
    reply.header('retry-after', String(retryAfterSeconds));
    return sendMessage(req, reply, 429, 'errorHeading', 'rateLimited', 'RATE_LIMITED');
  }

  /**
   * A link that can't be used gets its denied page. S2: an unknown token is
   * counted per address; over the limit the answer is a 429 that waits
   * `guessDelayMs` first. Only unknown tokens are counted, so a valid link
   * from the same address is never refused.
   */
  async function refuseLink(req: FastifyRequest, reply: FastifyReply, reason: DenialReason, media: Media | null) {
    if (reason !== 'unknown-link' || limits.unknownPerIp.hit(req.ip)) return sendDenied(req, reply, reason, media);
    if (limits.guessDelayMs > 0) await new Promise((r) => setTimeout(r, limits.guessDelayMs));
    return tooMany(req, reply, limits.unknownPerIp.retryAfter(req.ip));
  }

  /** S2: submit limits per address, per address and link, and per link; and the knock cooldown after a deny. Returns the 429 or null. */
  function submitThrottle(req: FastifyRequest, reply: FastifyReply, linkKey: string, mediaId: number): FastifyReply | null {
    const waitMs = core.access.knockCooldown(mediaId, guestOf(req).browserId, limits.knockCooldownMs);
    if (waitMs > 0) return tooMany(req, reply, Math.ceil(waitMs / 1000));
    const clientKey = `${req.ip}|${linkKey}`;
    const over = [
      [limits.submitsPerIp, req.ip],
      [limits.submitsPerClientLink, clientKey],
      [limits.submitsPerLink, linkKey],
    ] as const;
    let retry = 0;
    for (const [limiter, key] of over) if (!limiter.hit(key)) retry = Math.max(retry, limiter.retryAfter(key));
    return retry > 0 ? tooMany(req, reply, retry) : null;
  }

  function csrfOk(req: FastifyRequest): boolean {
    const body = (req.body ?? {}) as Form;
    return csrf.check(guestOf(req).browserId, body._csrf);
  }

  function setSession(req: FastifyRequest, reply: FastifyReply, secret: string) {
    reply.setCookie(SESSION_COOKIE, secret, { path: '/', httpOnly: true, sameSite: 'lax', secure: secureCookies(req), maxAge: SESSION_MAX_AGE });
  }

  /** S5: the session behind `gl_s`, only in the browser it was issued to and only until it expires. */
  function currentSession(req: FastifyRequest): Session | null {
    const secret = (req.cookies ?? {})[SESSION_COOKIE];
    return typeof secret === 'string' ? core.access.session(secret, guestOf(req).browserId) : null;
  }

  /**
   * S5: powers follow current standing. An invite's powers (moderating,
   * chat) hold only while the participant is admitted and the invite is
   * still good (not revoked or expired, media available): checked on every
   * request and, for live streams, on every push. Staying in the room after
   * access changes (P4) is not a power.
   */
  const inGoodStanding = (p: Participant) => p.source.kind === 'invite' && p.state === 'admitted' && !core.access.sessionDenial(p);
  const isInvitedModerator = (p: Participant) => p.role === 'moderator' && inGoodStanding(p);
  const maySpeak = (p: Participant) => (p.role === 'speaker' || p.role === 'moderator') && inGoodStanding(p);
  const guestActor = (p: Participant) => `${p.source.kind === 'invite' ? `invited ${p.role}` : 'guest'}:${p.email}`;

  /**
   * Page loads under /s: the participant's own state first (denied, removed,
   * left), then P4: is the way they came in still open? Only page loads ask;
   * an open page, its SSE stream and its media are never cut off.
   */
  function gate(req: FastifyRequest, reply: FastifyReply): { participant: Participant; media: Media } | null {
    const s = currentSession(req);
    if (!s) {
      sendMessage(req, reply, 403, 'errorHeading', 'noSession', 'NO_SESSION');
      return null;
    }
    const { participant: p, media } = s;
    if (p.state === 'denied') return void sendDenied(req, reply, 'denied-by-moderator', media), null;
    if (p.state === 'removed') return void sendDenied(req, reply, 'removed-by-moderator', media), null;
    // P5: someone marked as left because their way in closed sees that denial, not "you left".
    if (p.state === 'left' && p.leftReason && p.leftReason !== 'page-closed') return void sendDenied(req, reply, p.leftReason, media), null;
    if (p.state === 'left') return void sendMessage(req, reply, 200, 'leftHeading', 'leftBody'), null;
    const denial = core.access.refuseAtRefresh(p);
    if (denial) return void sendDenied(req, reply, denial.reason, denial.media), null;
    // S5: the first page load after admission gets a new session; the waiting-room one stops working.
    if (s.rotateDue) setSession(req, reply, core.access.rotateSession(p.id, guestOf(req).browserId));
    return s;
  }

  /** For in-page actions and parts: a live participant, no P4 check (the page is open). */
  function liveSession(req: FastifyRequest, reply: FastifyReply, states: readonly Participant['state'][] = ['admitted']) {
    const s = currentSession(req);
    if (!s) {
      sendMessage(req, reply, 403, 'errorHeading', 'noSession', 'NO_SESSION', '/s');
      return null;
    }
    if (!states.includes(s.participant.state)) {
      sendMessage(req, reply, 409, 'errorHeading', 'stateChanged', 'PARTICIPANT_STATE', '/s');
      return null;
    }
    return s;
  }

  // ---- hooks -------------------------------------------------------------

  app.addHook('onRequest', async (req, reply) => {
    guestOf(req, reply);
  });

  app.addHook('onSend', async (_req, reply, payload) => {
    withSecurityHeaders(reply);
    return payload;
  });

  app.setNotFoundHandler((req, reply) => sendMessage(req, reply, 404, 'errorHeading', 'notFound', 'NOT_FOUND', '/'));

  app.setErrorHandler((err, req, reply) => {
    // O4: another process held the lock past the deadline; nothing was written.
    if ((isAppError(err) && err.code === 'DB_BUSY') || isBusy(err)) {
      if (reply.sent || reply.raw.headersSent) return;
      reply.header('retry-after', '2');
      return sendMessage(req, reply, 503, 'busyHeading', 'busy', 'DB_BUSY');
    }
    const error = err as { statusCode?: unknown; code?: unknown };
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) options.onError?.(error);
    const text: MessageKey = status === 413 ? 'tooLarge' : status === 500 ? 'internal' : 'badRequest';
    const code = status === 500 ? (isAppError(err) ? err.code : 'INTERNAL') : String(error.code ?? status);
    if (reply.sent || reply.raw.headersSent) return;
    return sendMessage(req, reply, status, 'errorHeading', text, code, '/');
  });

  // ---- plumbing ----------------------------------------------------------

  app.get('/healthz', async (_req, reply) => reply.type('application/json').send({ status: 'ok', uptimeSeconds: Math.round(process.uptime()) }));

  // L4: proves that a URL reaches this listener of this data folder: only it holds the key (core/reachProof.ts).
  app.get(PROBE_PATH, async (req, reply) => {
    const nonce = ((req.query ?? {}) as Record<string, unknown>).nonce;
    if (typeof nonce !== 'string' || !NONCE.test(nonce)) return reply.code(400).type('application/json').send({ code: 'BAD_NONCE', message: 'The nonce must be 16 to 128 letters, digits, - or _.' });
    return reply.type('application/json').send({ service: 'guestlist', proof: reachProof(reachKey, nonce) });
  });

  // Browsers ask for /favicon.ico on their own; it is the same icon as the pages link.
  app.get('/favicon.ico', async (_req, reply) => reply.redirect('/assets/icon.svg', 301));

  app.get<{ Params: { name: string } }>('/assets/:name', async (req, reply) => {
    const asset = Object.hasOwn(ASSETS, req.params.name) ? ASSETS[req.params.name] : undefined;
    if (!asset) return sendMessage(req, reply, 404, 'errorHeading', 'notFound', 'NOT_FOUND', '/');
    reply.header('etag', asset.etag).header('cache-control', 'no-cache');
    if (req.headers['if-none-match'] === asset.etag) return reply.code(304).send();
    return reply.type(asset.type).send(asset.body);
  });

  // ---- guest link (G4, G9) -------------------------------------------------

  // Every first visit to a link in one language gets the same entry page but
  // for its CSRF token: it is rendered once per link, language, title and
  // schedule (all the page shows of the media), and the token is put in per request.
  const CSRF_SLOT = '\u0000csrf\u0000';
  const entryPages = new Map<string, readonly [string, string]>();
  function cachedEntryPage(pc: PageCtx, media: Media, token: string): string {
    const key = JSON.stringify([pc.lang, pc.path, token, media.title, media.schedule]);
    let parts = entryPages.get(key);
    if (!parts) {
      const page = entryPage({ ...pc, csrf: CSRF_SLOT }, media, token);
      const at = page.indexOf(CSRF_SLOT);
      if (at === -1 || page.indexOf(CSRF_SLOT, at + 1) !== -1) return entryPage(pc, media, token);
      parts = [page.slice(0, at), page.slice(at + CSRF_SLOT.length)];
      if (entryPages.size >= 1000) entryPages.clear();
      entryPages.set(key, parts);
    }
    return parts[0] + pc.csrf + parts[1];
  }

  app.get<{ Params: { token: string } }>('/g/:token', async (req, reply) => {
    const { token } = req.params;
    const access = core.access.guestLinkAccess(token);
    if (!access.ok) return refuseLink(req, reply, access.reason, access.media);
    // G4: a view is only a view; it feeds the funnel, never the click count.
    core.views.countLink(access.link.id);
    // A guest who opens the link again while waiting or inside keeps their place.
    const s = currentSession(req);
    if (s && s.participant.source.kind === 'guest-link' && s.participant.source.linkId === access.link.id && (s.participant.state === 'waiting' || s.participant.state === 'admitted')) {
      return reply.redirect(s.participant.state === 'waiting' ? '/s/lobby' : '/s', 303);
    }
    return sendPage(reply, 200, cachedEntryPage(pageCtx(req), access.media, token));
  });

  app.post<{ Params: { token: string } }>('/g/:token', async (req, reply) => {
    const { token } = req.params;
    if (!csrfOk(req)) return sendMessage(req, reply, 403, 'errorHeading', 'csrf', 'CSRF');
    const access = core.access.guestLinkAccess(token);
    if (!access.ok) return refuseLink(req, reply, access.reason, access.media);
    const throttled = submitThrottle(req, reply, `g:${token}`, access.media.id);
    if (throttled) return throttled;
    // S2: one address takes at most its share of a limited link's clicks; a
    // failed attempt gives its claim back.
    const claimKey = `${req.ip}|g:${token}`;
    const maxUses = access.link.max_uses;
    if (maxUses !== null && !limits.claimsPerClientLimitedLink.hit(claimKey, clientShareOf(limits, maxUses))) {
      limits.claimsPerClientLimitedLink.release(claimKey);
      return tooMany(req, reply, limits.claimsPerClientLimitedLink.retryAfter(claimKey));
    }
    const body = (req.body ?? {}) as Form;
    const values = { name: str(body.name).slice(0, 1000), email: str(body.email).slice(0, 1000) };
    // G4: the use is counted inside redeem, in the transaction that creates the participant.
    const r = await batcher.redeemGuestLink(token, { ...values, browserId: guestOf(req).browserId });
    if (!r.ok && maxUses !== null) limits.claimsPerClientLimitedLink.release(claimKey);
    if (!r.ok) {
      if (r.reason === 'invalid-form') {
        const access = core.access.guestLinkAccess(token);
        if (!access.ok) return sendDenied(req, reply, access.reason, access.media);
        return sendPage(reply, 400, entryPage(pageCtx(req), access.media, token, values, r.fields as FieldErrors));
      }
      return sendDenied(req, reply, r.reason, r.media);
    }
    setSession(req, reply, r.secret);
    return reply.redirect(r.participant.state === 'admitted' ? '/s' : '/s/lobby', 303);
  });

  // ---- invite (I2) -------------------------------------------------------

  app.get<{ Params: { token: string } }>('/i/:token', async (req, reply) => {
    const { token } = req.params;
    const access = core.access.inviteAccess(token);
    if (!access.ok) return refuseLink(req, reply, access.reason, access.media);
    core.views.countInvite(access.invite.id);
    const s = currentSession(req);
    if (s && s.participant.source.kind === 'invite' && s.participant.source.inviteId === access.invite.id && (s.participant.state === 'waiting' || s.participant.state === 'admitted')) {
      return reply.redirect(s.participant.state === 'waiting' ? '/s/lobby' : '/s', 303);
    }
    const inv = access.invite;
    return sendPage(reply, 200, invitePage(pageCtx(req), access.media, token, { role: inv.role, displayName: inv.display_name, locked: inv.name_locked === 1 }));
  });

  app.post<{ Params: { token: string } }>('/i/:token', async (req, reply) => {
    const { token } = req.params;
    if (!csrfOk(req)) return sendMessage(req, reply, 403, 'errorHeading', 'csrf', 'CSRF');
    const access = core.access.inviteAccess(token);
    if (!access.ok) return refuseLink(req, reply, access.reason, access.media);
    const throttled = submitThrottle(req, reply, `i:${token}`, access.media.id);
    if (throttled) return throttled;
    const body = (req.body ?? {}) as Form;
    const values = { name: str(body.name).slice(0, 1000), email: str(body.email).slice(0, 1000) };
    // S2: guessing which address an invite was sent to is throttled per
    // address and invite, and per invite; only a wrong email is ever refused,
    // so nobody else's guesses can lock the invitee out.
    const mismatchKeys = [
      [limits.mismatchesPerClientInvite, `${req.ip}|i:${token}`],
      [limits.mismatchesPerInvite, `i:${token}`],
    ] as const;
    const blockedBy = mismatchKeys.filter(([limiter, key]) => limiter.blocked(key));
    if (blockedBy.length > 0 && normalizeEmail(values.email) !== access.invite.email) {
      return tooMany(req, reply, Math.max(...blockedBy.map(([limiter, key]) => limiter.retryAfter(key))));
    }
    const r = await batcher.redeemInvite(token, { ...values, browserId: guestOf(req).browserId });
    if (!r.ok) {
      if (r.reason === 'invalid-form') {
        const access = core.access.inviteAccess(token);
        if (!access.ok) return sendDenied(req, reply, access.reason, access.media);
        const inv = access.invite;
        return sendPage(reply, 400, invitePage(pageCtx(req), access.media, token, { role: inv.role, displayName: inv.display_name, locked: inv.name_locked === 1 }, values, r.fields as FieldErrors));
      }
      if (r.reason === 'email-mismatch') {
        for (const [limiter, key] of mismatchKeys) limiter.hit(key);
        return sendDenied(req, reply, r.reason, r.media, `/i/${token}`);
      }
      return sendDenied(req, reply, r.reason, r.media);
    }
    setSession(req, reply, r.secret);
    return reply.redirect(r.participant.state === 'admitted' ? '/s' : '/s/lobby', 303);
  });

  // ---- lobby and session -------------------------------------------------

  app.get('/s/lobby', async (req, reply) => {
    const s = gate(req, reply);
    if (!s) return reply;
    if (s.participant.state === 'admitted') return reply.redirect('/s', 303);
    presence.seen(s.participant.id);
    return sendPage(reply, 200, lobbyPage(pageCtx(req), s.media, s.participant));
  });

  app.get('/s', async (req, reply) => {
    const s = gate(req, reply);
    if (!s) return reply;
    const { participant: p, media } = s;
    if (p.state === 'waiting') return reply.redirect('/s/lobby', 303);
    return sendPage(
      reply,
      200,
      sessionPage(pageCtx(req), {
        media,
        participant: p,
        admittedCount: core.participants.countAdmitted(media.id),
        chat: core.chat.list(media.id),
        people: isInvitedModerator(p) ? core.participants.list(media.id) : null,
        mediaType: media.kind === 'media' ? playerKind(media.filePath) : null,
      }),
    );
  });

  // Parts of the session page, refreshed by the script when SSE says so.
  app.get('/s/part/chat', async (req, reply) => {
    const s = liveSession(req, reply);
    if (!s) return reply;
    return sendPage(reply, 200, chatList(pageCtx(req, '/s'), core.chat.list(s.media.id), s.media.schedule?.timeZone).value);
  });

  app.get('/s/part/people', async (req, reply) => {
    const s = liveSession(req, reply);
    if (!s) return reply;
    if (!isInvitedModerator(s.participant)) return sendMessage(req, reply, 403, 'errorHeading', 'notAllowed', 'NOT_ALLOWED', '/s');
    return sendPage(reply, 200, peopleList(pageCtx(req, '/s'), core.participants.list(s.media.id), s.participant.id).value);
  });

  // P3: one SSE stream per open lobby/session page.
  app.get('/s/events', (req, reply) => {
    // S5: only someone waiting or in the room has a live stream.
    const s = liveSession(req, reply, ['waiting', 'admitted']);
    if (!s) return reply;
    // HEAD (Fastify routes it here): the stream's headers, and no stream that never ends.
    if (req.method === 'HEAD') return reply.code(200).type('text/event-stream; charset=utf-8').header('x-accel-buffering', 'no').send();
    const me = s.participant.id;
    const mediaId = s.media.id;
    // Only an invite can carry moderator powers; whether it still does is asked on every push.
    const moderator =
      s.participant.source.kind === 'invite'
        ? () => {
            const p = core.participants.find(me);
            return !!p && isInvitedModerator(p);
          }
        : () => false;
    const t = guestOf(req).t;
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
    });
    const send = (event: string, data: unknown) => {
      if (!res.writableEnded) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    res.write('retry: 3000\n\n');
    send('state', { state: s.participant.state, handRaised: s.participant.handRaised });
    const end = () => {
      if (!res.writableEnded) res.end();
    };
    // S5: after the person joined again elsewhere, this stream's session is no longer theirs.
    const secret = String((req.cookies ?? {})[SESSION_COOKIE]);
    const browserId = guestOf(req).browserId;
    const stillCurrent = () => core.access.session(secret, browserId)?.participant.id === me;
    const stream: LiveStream = { me, mediaId, moderator, t, send, stillCurrent, end };
    presence.opened(me);
    const offs = [live.add(stream), () => presence.closed(me)];
    const heartbeat = setInterval(() => {
      if (!res.writableEnded) res.write(': ping\n\n');
    }, heartbeatMs);
    streams.add(end);
    res.on('close', () => {
      clearInterval(heartbeat);
      for (const off of offs) off();
      streams.delete(end);
    });
  });

  // S5: where an old tab goes after the person joined from another browser or tab.
  app.get('/s/moved', async (req, reply) => sendMessage(req, reply, 200, 'movedHeading', 'movedBody', 'SESSION_MOVED'));

  // G10: raise or lower a hand (guests, speakers, moderators; not viewers, I6).
  app.post('/s/hand', async (req, reply) => {
    if (!csrfOk(req)) return sendMessage(req, reply, 403, 'errorHeading', 'csrf', 'CSRF', '/s');
    const s = liveSession(req, reply);
    if (!s) return reply;
    if (s.participant.role === 'viewer') return sendMessage(req, reply, 403, 'errorHeading', 'notAllowed', 'NOT_ALLOWED', '/s');
    const raised = str(((req.body ?? {}) as Form).raised) === '1';
    const p = await write(() => core.participants.setHand(s.participant.id, raised));
    if (isFetch(req)) return reply.send({ ok: true, handRaised: p.handRaised });
    return reply.redirect('/s', 303);
  });

  app.post('/s/leave', async (req, reply) => {
    if (!csrfOk(req)) return sendMessage(req, reply, 403, 'errorHeading', 'csrf', 'CSRF', '/s');
    const s = currentSession(req);
    if (s && (s.participant.state === 'waiting' || s.participant.state === 'admitted')) await write(() => core.participants.leave(s.participant.id, guestActor(s.participant)));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return sendMessage(req, reply, 200, 'leftHeading', 'leftBody', undefined, '/s');
  });

  // I6: invited speakers and moderators post in the room chat.
  app.post('/s/chat', async (req, reply) => {
    if (!csrfOk(req)) return sendMessage(req, reply, 403, 'errorHeading', 'csrf', 'CSRF', '/s');
    const s = liveSession(req, reply);
    if (!s) return reply;
    const p = s.participant;
    if (!maySpeak(p)) return sendMessage(req, reply, 403, 'errorHeading', 'notAllowed', 'NOT_ALLOWED', '/s');
    const text = cleanMessage(str(((req.body ?? {}) as Form).body));
    if (text.trim().length === 0 || text.trim().length > 1000) return sendMessage(req, reply, 400, 'errorHeading', 'chatInvalid', 'INVALID_INPUT', '/s');
    await write(() => core.chat.post(p.id, text));
    if (isFetch(req)) return reply.send({ ok: true });
    return reply.redirect('/s', 303);
  });

  // I6: an admitted invited moderator admits, denies and removes people of the same media.
  app.post<{ Params: { id: string; action: string } }>('/s/manage/:id/:action', async (req, reply) => {
    const { id, action } = req.params;
    if (action !== 'admit' && action !== 'deny' && action !== 'remove' && action !== 'block') return sendMessage(req, reply, 404, 'errorHeading', 'notFound', 'NOT_FOUND', '/s');
    if (!csrfOk(req)) return sendMessage(req, reply, 403, 'errorHeading', 'csrf', 'CSRF', '/s');
    const s = liveSession(req, reply);
    if (!s) return reply;
    const me = s.participant;
    // Acting on others is more than viewing: a revoked or expired invite stops it at once.
    if (!isInvitedModerator(me)) return sendMessage(req, reply, 403, 'errorHeading', 'notAllowed', 'NOT_ALLOWED', '/s');
    const target = PARTICIPANT_ID.test(id) ? core.participants.find(Number(id)) : undefined;
    // Someone of another media entry is "not found", never "not allowed" (D1's spirit: reveal nothing).
    if (!target || target.mediaId !== me.mediaId || target.id === me.id) return sendMessage(req, reply, 404, 'errorHeading', 'notFound', 'NOT_FOUND', '/s');
    try {
      // 'block' is "Deny and block": denied, and the email can't knock at this media entry again.
      await write(() => core.participants[action === 'block' ? 'denyAndBlock' : action](target.id, guestActor(me)));
    } catch (e) {
      if (isAppError(e) && e.code === 'PARTICIPANT_STATE') return sendMessage(req, reply, 409, 'errorHeading', 'stateChanged', 'PARTICIPANT_STATE', '/s');
      throw e;
    }
    if (isFetch(req)) return reply.send({ ok: true, refresh: 'people' });
    return reply.redirect('/s', 303);
  });

  // M4: the media file, with range requests, to admitted participants only.
  app.get('/s/media', async (req, reply) => {
    const s = liveSession(req, reply);
    if (!s) return reply;
    const { media } = s;
    if (media.kind !== 'media' || !media.filePath) return sendMessage(req, reply, 404, 'errorHeading', 'notFound', 'NOT_FOUND', '/s');
    let size: number;
    try {
      const st = await fs.promises.stat(media.filePath);
      if (!st.isFile()) throw new Error('not a file');
      size = st.size;
    } catch {
      return sendMessage(req, reply, 404, 'errorHeading', 'notFound', 'MEDIA_FILE_NOT_FOUND', '/s');
    }
    const range = parseRange(typeof req.headers.range === 'string' ? req.headers.range : undefined, size);
    reply.header('accept-ranges', 'bytes').header('cache-control', 'private, no-store');
    if (range.kind === 'unsatisfiable') {
      return reply.code(416).header('content-range', `bytes */${size}`).type('text/plain; charset=utf-8').send('Range Not Satisfiable');
    }
    const start = range.kind === 'partial' ? range.start : 0;
    const end = range.kind === 'partial' ? range.end : size - 1;
    reply.type(mediaType(media.filePath)).header('content-length', String(Math.max(0, end - start + 1)));
    if (range.kind === 'partial') reply.code(206).header('content-range', `bytes ${start}-${end}/${size}`);
    if (size === 0) return reply.send('');
    return reply.send(fs.createReadStream(media.filePath, { start, end }));
  });

  return {
    app,
    closeStreams: () => {
      live.close();
      presence.close();
      for (const end of [...streams]) end();
    },
  };
}

export { parseTrustProxy };
