// The session page, its parts, and the in-page actions (hand, leave, chat, manage).
import type { FastifyInstance } from 'fastify';
import { isAppError } from '../../core/errors';
import { cleanMessage } from '../../core/text';
import { type Form, isFetch, type ListenerContext, str } from '../context';
import { playerKind } from '../range';
import { LIVE_PERMISSIONS_POLICY, SESSION_COOKIE } from '../security';
import { chatList, peopleList, sessionPage } from '../views';

const PARTICIPANT_ID = /^\d{1,12}$/;

export async function sessionRoutes(app: FastifyInstance, ctx: ListenerContext): Promise<void> {
  const { core, write, gate, liveSession, currentSession, pageCtx, sendPage, sendMessage, csrfOk, isInvitedModerator, maySpeak, guestActor } = ctx;

  app.get('/s', async (req, reply) => {
    const s = gate(req, reply);
    if (!s) return reply;
    const { participant: p, media } = s;
    if (p.state === 'waiting') return reply.redirect('/s/lobby', 303);
    // V1: only a room's page (the live session) may ask for the camera and microphone.
    if (media.kind !== 'media') reply.header('permissions-policy', LIVE_PERMISSIONS_POLICY);
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
        live: media.kind === 'media' ? undefined : ctx.relay.personLookup(media.id),
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
    const live = s.media.kind === 'media' ? undefined : ctx.relay.personLookup(s.media.id);
    return sendPage(reply, 200, peopleList(pageCtx(req, '/s'), core.participants.list(s.media.id), s.participant.id, live).value);
  });

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
    if (!MANAGE_ACTIONS.has(action)) return sendMessage(req, reply, 404, 'errorHeading', 'notFound', 'NOT_FOUND', '/s');
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
      const actor = guestActor(me);
      await write(() => {
        switch (action) {
          // V2: the live session's moderation, recorded like the app's (audit, live.changed).
          case 'let-speak':
          case 'stop-speak':
            return core.live.setSpeak(target.id, action === 'let-speak', actor);
          case 'mute':
            return core.live.mute(target.id, actor);
          // 'block' is "Deny and block": denied, and the email can't knock at this media entry again.
          case 'block':
            return core.participants.denyAndBlock(target.id, actor);
          default:
            return core.participants[action as 'admit' | 'deny' | 'remove'](target.id, actor);
        }
      });
    } catch (e) {
      if (isAppError(e) && e.code === 'PARTICIPANT_STATE') return sendMessage(req, reply, 409, 'errorHeading', 'stateChanged', 'PARTICIPANT_STATE', '/s');
      throw e;
    }
    if (isFetch(req)) return reply.send({ ok: true, refresh: 'people' });
    return reply.redirect('/s', 303);
  });

  // V2: an invited moderator mutes everyone or ends the live session from their browser.
  app.post<{ Params: { action: string } }>('/s/live-control/:action', async (req, reply) => {
    const { action } = req.params;
    if (action !== 'mute-all' && action !== 'end') return sendMessage(req, reply, 404, 'errorHeading', 'notFound', 'NOT_FOUND', '/s');
    if (!csrfOk(req)) return sendMessage(req, reply, 403, 'errorHeading', 'csrf', 'CSRF', '/s');
    const s = liveSession(req, reply);
    if (!s) return reply;
    if (!isInvitedModerator(s.participant)) return sendMessage(req, reply, 403, 'errorHeading', 'notAllowed', 'NOT_ALLOWED', '/s');
    if (s.media.kind === 'media') return sendMessage(req, reply, 404, 'errorHeading', 'notFound', 'NOT_FOUND', '/s');
    const actor = guestActor(s.participant);
    await write(() => (action === 'end' ? core.live.end(s.media.id, actor) : core.live.muteAll(s.media.id, actor)));
    if (isFetch(req)) return reply.send({ ok: true, refresh: 'people' });
    return reply.redirect('/s', 303);
  });
}

const MANAGE_ACTIONS = new Set(['admit', 'deny', 'remove', 'block', 'let-speak', 'stop-speak', 'mute']);
