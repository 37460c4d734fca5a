// The waiting room, and where an old tab goes after the person moved on.
import type { FastifyInstance } from 'fastify';
import type { ListenerContext } from '../context';
import { lobbyPage } from '../views';

export async function lobbyRoutes(app: FastifyInstance, ctx: ListenerContext): Promise<void> {
  const { core, presence, gate, pageCtx, sendPage, sendMessage } = ctx;

  app.get('/s/lobby', async (req, reply) => {
    const s = gate(req, reply);
    if (!s) return reply;
    if (s.participant.state === 'admitted') return reply.redirect('/s', 303);
    // Registered before the doors opened, and they'd have gone straight in: now they do.
    if (core.access.admitAtDoors(s.participant)) return reply.redirect('/s', 303);
    presence.seen(s.participant.id);
    return sendPage(reply, 200, lobbyPage(pageCtx(req), s.media, s.participant, core.ctx.now()));
  });

  // S5: where an old tab goes after the person joined from another browser or tab.
  app.get('/s/moved', async (req, reply) => sendMessage(req, reply, 200, 'movedHeading', 'movedBody', 'SESSION_MOVED'));
}
