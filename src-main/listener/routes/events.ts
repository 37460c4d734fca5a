// P3: the Server-Sent Events stream behind every open lobby and session page.
import type { FastifyInstance } from 'fastify';
import type { ListenerContext } from '../context';
import type { LiveStream } from '../live';
import { SECURITY_HEADERS, SESSION_COOKIE } from '../security';

export async function eventsRoutes(app: FastifyInstance, ctx: ListenerContext): Promise<void> {
  const { core, live, presence, streams, heartbeatMs, liveSession, guestOf, isInvitedModerator, streamSlot, sendMessage } = ctx;

  // P3: one SSE stream per open lobby/session page.
  app.get('/s/events', (req, reply) => {
    // S5: only someone waiting or in the room has a live stream.
    const s = liveSession(req, reply, ['waiting', 'admitted']);
    if (!s) return reply;
    // HEAD (Fastify routes it here): the stream's headers, and no stream that never ends.
    if (req.method === 'HEAD') return reply.code(200).type('text/event-stream; charset=utf-8').header('x-accel-buffering', 'no').send();
    const me = s.participant.id;
    const mediaId = s.media.id;
    // S2: a few tabs per person, an office per address; the rest is refused, so one session can't hold every connection.
    const slot = streamSlot(req, 'events', me);
    if (!slot) return sendMessage(req, reply, 429, 'errorHeading', 'tooManyStreams', 'TOO_MANY_STREAMS');
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
      slot();
      clearInterval(heartbeat);
      for (const off of offs) off();
      streams.delete(end);
    });
  });
}
