// The guest-facing HTTP listener (L1–L3): guest link and invite entry pages,
// lobby, session, live updates over SSE, media streaming and the denied page.
// Only guest routes exist here; no moderator operation is reachable (L2),
// except what an invited moderator may do from their own browser (I6).
// This file wires the server and its global hooks; the routes live in
// routes/*.ts and share one ListenerContext (context.ts).
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { type BatcherStats, RedemptionBatcher } from '../core/batcher';
import { isBusy } from '../core/busy';
import { requestWriter } from '../log';
import { AppError, isAppError } from '../core/errors';
import { writeListenerAddress } from '../core/servedAddress';
import { defaultLanAddress, httpUrl, isAnyAddress } from '../core/network';
import { createContext, routePath, type ListenerContext, type RouteModule } from './context';
import { findFreePort } from './freePort';
import { parseTrustProxy } from './trustProxy';
import type { MessageKey } from './i18n';
import { connectionBudget, LIVE_PERMISSIONS_POLICY, SECURITY_HEADERS } from './security';
import { entryRoutes } from './routes/entry';
import { eventsRoutes } from './routes/events';
import { lobbyRoutes } from './routes/lobby';
import { mediaRoutes } from './routes/media';
import { PROBE_PATH, probeRoutes } from './routes/probe';
import { sessionRoutes } from './routes/session';
import { liveRoutes } from './routes/live';
import type { ListenerOptions } from './options';

export type { ListenerOptions } from './options';

export interface Listener {
  url: string;
  host: string;
  port: number;
  /** S2: connections accepted at once (Node's server.maxConnections); more are dropped by Node. */
  maxConnections: number;
  close(): Promise<void>;
}

const FORM_BODY_LIMIT = 16 * 1024;

export const urlFor = httpUrl;

export { findFreePort, parseTrustProxy, PROBE_PATH, routePath };
export type { ListenerContext, RouteModule };

/**
 * Every group of guest routes, registered in this order. Each is a plain
 * (encapsulated) plugin registered after the global hooks below, so it
 * inherits them. A new module (e.g. routes/live.ts) goes here.
 */
const ROUTE_MODULES: readonly RouteModule[] = [probeRoutes, entryRoutes, lobbyRoutes, sessionRoutes, eventsRoutes, mediaRoutes, liveRoutes];

/** Where this machine reaches a listener bound to host, and what automatic links use. */
export function listenerAddresses(host: string, port: number, linkHost?: string): { listenerUrl: string; linkBaseUrl: string } {
  if (!isAnyAddress(host)) return { listenerUrl: httpUrl(host, port), linkBaseUrl: httpUrl(host, port) };
  const loopback = host === '0.0.0.0' ? '127.0.0.1' : '::1';
  return { listenerUrl: httpUrl(loopback, port), linkBaseUrl: httpUrl(linkHost ?? defaultLanAddress() ?? loopback, port) };
}

export async function createListener(options: ListenerOptions): Promise<Listener> {
  const { app, closeStreams } = await buildApp(options);
  // S2: the listener's own connection budget stays well below the process's
  // descriptor limit (half of it: connectionBudget), so a flood of sockets is
  // refused by Node before the database or the app run out of descriptors.
  const maxConnections = options.maxConnections ?? connectionBudget();
  app.server.maxConnections = maxConnections;
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
    maxConnections,
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

const SECURITY_HEADER_LIST = Object.entries(SECURITY_HEADERS);

function withSecurityHeaders(reply: FastifyReply): void {
  const live = reply.getHeader('permissions-policy') === LIVE_PERMISSIONS_POLICY;
  for (const [k, v] of SECURITY_HEADER_LIST) reply.header(k, v);
  if (live) reply.header('permissions-policy', LIVE_PERMISSIONS_POLICY);
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

export async function buildApp(options: ListenerOptions): Promise<{ app: FastifyInstance; closeStreams: () => void; batchStats: () => BatcherStats | null }> {
  const ctx = createContext(options);
  const { guestOf, sendMessage } = ctx;

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

  // ---- hooks -------------------------------------------------------------

  // Callback-style hooks: no promise per request on the hot path.
  app.addHook('onRequest', (req, reply, done) => {
    guestOf(req, reply);
    done();
  });

  // One line per answered request, written as the answer goes out (onSend:
  // Fastify's onResponse hooks cost a second pass per request). The route
  // pattern (/g/:token), never the URL: paths carry link and invite tokens.
  // The address is req.ip, the one every throttle keys on (the forwarded
  // client behind a trusted proxy). `ms` is the time to produce the answer.
  const logRequest = options.logger ? requestWriter(options.logger) : null;
  app.addHook('onSend', (req, reply, payload, done) => {
    withSecurityHeaders(reply);
    logRequest?.({ method: req.method, route: req.routeOptions?.url ?? '-', status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10, ip: req.ip });
    done(null, payload);
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

  // ---- routes --------------------------------------------------------------

  for (const routes of ROUTE_MODULES) await app.register(routes, ctx);

  return {
    app,
    // Group commit's counts (batches, items, the largest): how many redemptions share each fsync.
    batchStats: () => (ctx.batcher instanceof RedemptionBatcher ? { ...ctx.batcher.stats } : null),
    closeStreams: () => {
      // Live sockets end too; an engine this listener made itself stops with it.
      ctx.relay.close().then(() => ctx.ownEngine?.stop(), (e) => options.onError?.(e));
      ctx.live.close();
      ctx.presence.close();
      for (const end of [...ctx.streams]) end();
    },
  };
}
