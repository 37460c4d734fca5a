// What every route module shares: the listener's state (limits, CSRF, live
// rooms, presence, the write path) and the helpers that answer a guest the
// same way everywhere. Built once per app by buildApp, passed to each module.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { GuestForm, Redemption, Session } from '../core/access';
import { RedemptionBatcher } from '../core/batcher';
import { retryWhileBusy, servingConnection, WRITE_DEADLINE_MS } from '../core/busy';
import type { DenialReason, Media, Participant } from '../core/types';
import type { ListenerOptions } from './options';
import { fromAcceptLanguage, isLang, type Lang, type MessageKey, type T, translator } from './i18n';
import os from 'node:os';
import path from 'node:path';
import { builtInEngine } from '../live';
import { LiveRelay } from '../live/relay';
import { LiveRooms } from './live';
import { Presence } from './presence';
import { addressKey, BROWSER_COOKIE, BrowserIds, OpenCounts, Csrf, defaultRateLimits, LANG_COOKIE, type RateLimits, SESSION_COOKIE } from './security';
import { DENIAL_STATUS, deniedPage, messagePage, type PageCtx } from './views';

const SESSION_MAX_AGE = 24 * 60 * 60; // seconds
const YEAR = 365 * 24 * 60 * 60;
/** How long a browser ID cookie lives (seconds): 30 days. */
const BROWSER_MAX_AGE = 30 * 24 * 60 * 60;

interface GuestRequest {
  lang: Lang;
  t: T;
  browserId: string;
  /** The ID was issued by this request (a first visit): nothing about it is worth remembering yet. */
  firstVisit: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    guest: GuestRequest | null;
  }
}

export type Form = Record<string, unknown>;
export const str = (v: unknown): string => (typeof v === 'string' ? v : '');
/** A POST made by the page script, which wants JSON back instead of a page. */
export const isFetch = (req: FastifyRequest) => req.headers['x-guestlist-fetch'] === '1';

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

/** Redeems a link or invite: the group-commit batcher, or one transaction per request. */
interface Redeemer {
  redeemGuestLink(token: string, form: GuestForm): Promise<Redemption>;
  redeemInvite(token: string, form: GuestForm): Promise<Redemption>;
}

type LiveSession = { participant: Participant; media: Media };

export type ListenerContext = ReturnType<typeof createContext>;

/** A group of routes; registered by buildApp with the context as its options. */
export type RouteModule = (app: FastifyInstance, ctx: ListenerContext) => Promise<void>;

export function createContext(options: ListenerOptions) {
  const { core } = options;
  const limits: RateLimits = { ...defaultRateLimits(), ...options.rateLimits };
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const csrf = new Csrf();
  // Ends of the open SSE streams, so close() can end them all.
  const streams = new Set<() => void>();
  const live = new LiveRooms(core, options.onError);
  const presence = new Presence(core, options.lobbyGraceMs, options.onError);
  // V1: the host passes the engine it owns (it outlives listener restarts);
  // a listener without one makes its own built-in Janus, started on first use.
  const onLiveError = (m: string, e?: unknown) => options.onError?.(e ?? new Error(m));
  const ownEngine = options.liveEngine ? null : builtInEngine({ runtimeDir: path.join(os.tmpdir(), `guestlist-live-${process.pid}`), log: onLiveError });
  const relay = new LiveRelay(core, options.liveEngine ?? ownEngine!, onLiveError, options.recordAddress !== false, (mediaId) => {
    // V7: invited moderators' lists and the app follow who is live.
    live.peopleChanged(mediaId);
    options.onLivePeople?.(mediaId);
  });
  // O4: this process serves an event loop, so SQLite must never sleep in a
  // call waiting for another process's lock; writes retry asynchronously
  // instead (core/busy.ts), and a guest who can't wait gets a 503.
  servingConnection(core.db);
  const deadline = options.busyDeadlineMs ?? WRITE_DEADLINE_MS;
  const write = <R>(fn: () => R) => retryWhileBusy(fn, deadline);
  // Admits and removals made from the CLI reach open guest pages too.
  core.followOtherProcesses();
  const batcher: Redeemer =
    options.groupCommit === false
      ? {
          redeemGuestLink: (token: string, form: GuestForm) => write(() => core.access.redeemGuestLink(token, form)),
          redeemInvite: (token: string, form: GuestForm) => write(() => core.access.redeemInvite(token, form)),
        }
      : new RedemptionBatcher(core, { busyDeadlineMs: deadline });

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
    const firstVisit = !browserIds.verify(browserId);
    if (firstVisit) {
      browserId = browserIds.issue();
      // The same header @fastify/cookie would write (the ID is URL-safe base64 and a dot: nothing to encode), made
      // without its generic serializer: every first visit pays for it. Other cookies of the reply are added to it.
      reply?.header('set-cookie', `${BROWSER_COOKIE}=${browserId}; Max-Age=${BROWSER_MAX_AGE}; Path=/; HttpOnly${secureCookies(req) ? '; Secure' : ''}; SameSite=Lax`);
    }
    req.guest = { lang, t: translator(lang), browserId: browserId!, firstVisit };
    return req.guest;
  }

  function pageCtx(req: FastifyRequest, path?: string): PageCtx {
    const g = guestOf(req);
    return { lang: g.lang, t: g.t, path: path ?? routePath(req), csrf: csrf.token(g.browserId, !g.firstVisit) };
  }

  function sendPage(reply: FastifyReply, status: number, body: string) {
    if (status !== 200) reply.code(status);
    return reply.type('text/html; charset=utf-8').send(body);
  }

  function sendMessage(req: FastifyRequest, reply: FastifyReply, status: number, heading: MessageKey, text: MessageKey, code?: string, path?: string) {
    const pc = pageCtx(req, path);
    if (isFetch(req)) return reply.code(status).send({ ok: false, code: code ?? text, message: pc.t(text) });
    return sendPage(reply, status, messagePage(pc, pc.t(heading), pc.t(text), code));
  }

  function sendDenied(req: FastifyRequest, reply: FastifyReply, reason: DenialReason, media: Media | null, retryHref?: string, expiresAt?: string) {
    if (isFetch(req)) return reply.code(DENIAL_STATUS[reason]).send({ ok: false, code: reason, message: guestOf(req).t(`reason.${reason}` as MessageKey) });
    return sendPage(reply, DENIAL_STATUS[reason], deniedPage(pageCtx(req), reason, media, retryHref, expiresAt));
  }

  /**
   * P2: a browser a moderator denied waits knockCooldownMs after that denial
   * before it can knock at this entry again. Say so, with the real numbers,
   * not the generic "too many attempts from your network".
   */
  function knockTooSoon(req: FastifyRequest, reply: FastifyReply, waitMs: number) {
    const seconds = Math.ceil(waitMs / 1000);
    reply.header('retry-after', String(seconds));
    const pc = pageCtx(req);
    const text = pc.t('knockCooldown', { minutes: Math.round(limits.knockCooldownMs / 60_000), wait: Math.max(1, Math.ceil(seconds / 60)) });
    if (isFetch(req)) return reply.code(429).send({ ok: false, code: 'KNOCK_COOLDOWN', message: text });
    return sendPage(reply, 429, messagePage(pc, pc.t('errorHeading'), text, 'KNOCK_COOLDOWN'));
  }

  function tooMany(req: FastifyRequest, reply: FastifyReply, retryAfterSeconds: number) {
    reply.header('retry-after', String(retryAfterSeconds));
    return sendMessage(req, reply, 429, 'errorHeading', 'rateLimited', 'RATE_LIMITED');
  }

  /** S2: the key this request's address is counted under (IPv6 by its /64). */
  const clientOf = (req: FastifyRequest) => addressKey(req.ip);

  /**
   * A link that can't be used gets its denied page. S2: an unknown token is
   * counted per address; over the limit the answer is a 429 with Retry-After,
   * at once: no socket waits, so guessing is bounded by the budget, not by how
   * many sockets a guesser can open. Only unknown tokens are counted, so a
   * valid link from the same address is never refused.
   */
  function refuseLink(req: FastifyRequest, reply: FastifyReply, reason: DenialReason, media: Media | null, expiresAt?: string) {
    const client = clientOf(req);
    if (reason !== 'unknown-link' || limits.unknownPerIp.hit(client)) return sendDenied(req, reply, reason, media, undefined, expiresAt);
    return tooMany(req, reply, limits.unknownPerIp.retryAfter(client));
  }

  /** S2: after a moderator denied this browser at this media entry, how long it waits (429) before knocking again. */
  function knockCooldown(req: FastifyRequest, reply: FastifyReply, mediaId: number): FastifyReply | null {
    const waitMs = core.access.knockCooldown(mediaId, guestOf(req).browserId, limits.knockCooldownMs);
    return waitMs > 0 ? knockTooSoon(req, reply, waitMs) : null;
  }

  /**
   * S2: one redemption counted per address, per address and link, and per
   * link. Call it only for a form that will really be redeemed (valid, and
   * the invited email on an invite): a guest's mistakes count nowhere.
   * Returns the 429, or a function that gives the counts back (for an
   * attempt that turned out not to be a redemption).
   */
  function submitThrottle(req: FastifyRequest, reply: FastifyReply, linkKey: string): { refused: FastifyReply } | { release: () => void } {
    const client = clientOf(req);
    const over = [
      [limits.submitsPerIp, client],
      [limits.submitsPerClientLink, `${client}|${linkKey}`],
      [limits.submitsPerLink, linkKey],
    ] as const;
    let retry = 0;
    for (const [limiter, key] of over) if (!limiter.hit(key)) retry = Math.max(retry, limiter.retryAfter(key));
    const release = () => {
      for (const [limiter, key] of over) limiter.release(key);
    };
    if (retry > 0) {
      release(); // a refused attempt uses nothing
      return { refused: tooMany(req, reply, retry) };
    }
    return { release };
  }

  // S2: live streams (SSE and the live WebSocket) open at once, per participant and per address.
  const openStreams = new OpenCounts();
  /** Takes a stream slot for this participant and address; null when either is at its cap. The give-back is safe to call twice. */
  function streamSlot(req: FastifyRequest, kind: 'events' | 'live', participantId: number): (() => void) | null {
    return openStreams.take([
      [`${kind}|p:${participantId}`, limits.streamsPerSession],
      [`${kind}|a:${clientOf(req)}`, limits.streamsPerIp],
    ]);
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
  function gate(req: FastifyRequest, reply: FastifyReply): LiveSession | null {
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

  return {
    // state
    core, limits, heartbeatMs, live, presence, streams, write, batcher, reachKey, relay, ownEngine,
    // answering a guest
    guestOf, clientOf, streamSlot, pageCtx, sendPage, sendMessage, sendDenied, tooMany, refuseLink, knockCooldown, submitThrottle, csrfOk,
    // sessions and standing
    setSession, currentSession, isInvitedModerator, maySpeak, guestActor, gate, liveSession,
  };
}
