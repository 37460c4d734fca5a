// GET /s/live: the live session's WebSocket (V3). Same origin as the room
// page, authenticated by the participant's session cookie, and handed to the
// relay (live/relay.ts), which checks every message against the person's
// standing at the moment it passes. The browser never reaches the engine.
import fastifyWebsocket from '@fastify/websocket';
import type { FastifyRequest } from 'fastify';
import type { RouteModule } from '../context';
import { SESSION_COOKIE } from '../security';

/** Signaling messages are small (an SDP is a few kB); anything bigger is not ours. */
export const LIVE_MAX_MESSAGE_BYTES = 64 * 1024;

/** A WebSocket handshake must come from a page of this origin: a cookie alone doesn't prove that. */
export function sameOrigin(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  if (!origin) return false;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

export const liveRoutes: RouteModule = async (app, ctx) => {
  await app.register(fastifyWebsocket, { options: { maxPayload: LIVE_MAX_MESSAGE_BYTES, perMessageDeflate: false } });
  // V7: the app's "Join live session": a one-time code (from the live.join operation) becomes the app
  // moderator's session in this browser, as the invite's form would; the code works once, for 60 s.
  app.get<{ Params: { code: string } }>('/a/:code', async (req, reply) => {
    const seat = await ctx.write(() => ctx.core.live.redeemJoinCode(req.params.code));
    if (!seat) return ctx.sendMessage(req, reply, 403, 'errorHeading', 'noSession', 'JOIN_CODE_USED');
    const r = await ctx.batcher.redeemInvite(seat.token, { name: '', email: seat.email, browserId: ctx.guestOf(req).browserId });
    if (!r.ok) return r.reason === 'invalid-form' ? ctx.sendMessage(req, reply, 400, 'errorHeading', 'badRequest', 'INVALID_INPUT') : ctx.sendDenied(req, reply, r.reason, r.media);
    ctx.setSession(req, reply, r.secret);
    return reply.redirect('/s', 303);
  });

  app.get(
    '/s/live',
    {
      websocket: true,
      preValidation: async (req, reply) => {
        if (!sameOrigin(req)) return reply.code(403).type('application/json').send({ code: 'LIVE_ORIGIN', message: 'The live session opens only from its room page.' });
        const s = ctx.currentSession(req);
        if (!s) return reply.code(403).type('application/json').send({ code: 'NO_SESSION', message: 'Join the room first.' });
        if (s.participant.state !== 'admitted') return reply.code(409).type('application/json').send({ code: 'PARTICIPANT_STATE', message: 'You are not in the room.' });
        if (s.media.kind === 'media') return reply.code(404).type('application/json').send({ code: 'NO_LIVE_SESSION', message: 'This media has no live session.' });
        // S2: live sockets open at once per participant and per address; the slot is given back when the connection closes.
        const slot = ctx.streamSlot(req, 'live', s.participant.id);
        if (!slot) return reply.code(429).type('application/json').send({ code: 'TOO_MANY_STREAMS', message: ctx.guestOf(req).t('tooManyStreams') });
        req.raw.socket.once('close', slot);
      },
    },
    (socket, req) => {
      const s = ctx.currentSession(req);
      if (!s) return socket.close(4003, 'no session');
      const secret = String((req.cookies ?? {})[SESSION_COOKIE]);
      const browserId = ctx.guestOf(req).browserId;
      const me = s.participant.id;
      const handlers = ctx.relay.attach(
        {
          send: (msg) => {
            if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(msg));
          },
          close: (code, reason) => {
            if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) socket.close(code, reason);
          },
        },
        { participantId: s.participant.id, mediaId: s.media.id, sessionCurrent: () => ctx.core.access.session(secret, browserId)?.participant.id === me },
      );
      socket.on('message', (data, isBinary) => {
        if (isBinary) return socket.close(1003, 'text only');
        handlers.onMessage(String(data));
      });
      socket.on('error', () => {});
      socket.on('close', () => handlers.onClose());
    },
  );
};
