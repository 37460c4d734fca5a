// Plumbing: health check, the L4 reach probe, the favicon and the static assets.
import type { FastifyInstance } from 'fastify';
import { reachProof } from '../../core/reachProof';
import { ASSETS } from '../assets';
import type { ListenerContext } from '../context';

/** L4: the probe route the reach check asks through the public base URL. */
export const PROBE_PATH = '/.well-known/guestlist-probe';
const NONCE = /^[A-Za-z0-9_-]{16,128}$/;

export async function probeRoutes(app: FastifyInstance, ctx: ListenerContext): Promise<void> {
  const { reachKey, sendMessage } = ctx;

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
}
