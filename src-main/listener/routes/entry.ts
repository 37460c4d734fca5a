// Entry: guest link (G4, G9) and invite (I2) pages, and their redemption.
import type { FastifyInstance } from 'fastify';
import { normalizeEmail } from '../../core/email';
import { schedulePhase } from '../../core/media';
import type { Media } from '../../core/types';
import { type Form, type ListenerContext, str } from '../context';
import { clientShareOf } from '../security';
import { entryPage, type FieldErrors, invitePage, type PageCtx } from '../views';

export async function entryRoutes(app: FastifyInstance, ctx: ListenerContext): Promise<void> {
  const { core, limits, batcher, guestOf, pageCtx, sendPage, sendMessage, sendDenied, tooMany, refuseLink, submitThrottle, csrfOk, setSession, currentSession } = ctx;

  // ---- guest link (G4, G9) -------------------------------------------------

  // Every first visit to a link in one language gets the same entry page but
  // for its CSRF token: it is rendered once per link, language, title and
  // schedule (all the page shows of the media), and the token is put in per request.
  const CSRF_SLOT = '\u0000csrf\u0000';
  const entryPages = new Map<string, readonly [string, string]>();
  function cachedEntryPage(pc: PageCtx, media: Media, token: string): string {
    // Before the doors open the page carries a countdown: made for each request.
    const now = core.ctx.now();
    if (schedulePhase(media, now) === 'early') return entryPage(pc, media, token, {}, {}, now);
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
    if (!access.ok) return refuseLink(req, reply, access.reason, access.media, access.expiresAt);
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
    if (!access.ok) return refuseLink(req, reply, access.reason, access.media, access.expiresAt);
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
        return sendPage(reply, 400, entryPage(pageCtx(req), access.media, token, values, r.fields as FieldErrors, core.ctx.now()));
      }
      return sendDenied(req, reply, r.reason, r.media, undefined, r.expiresAt);
    }
    setSession(req, reply, r.secret);
    return reply.redirect(r.participant.state === 'admitted' ? '/s' : '/s/lobby', 303);
  });

  // ---- invite (I2) -------------------------------------------------------

  app.get<{ Params: { token: string } }>('/i/:token', async (req, reply) => {
    const { token } = req.params;
    const access = core.access.inviteAccess(token);
    if (!access.ok) return refuseLink(req, reply, access.reason, access.media, access.expiresAt);
    core.views.countInvite(access.invite.id);
    const s = currentSession(req);
    if (s && s.participant.source.kind === 'invite' && s.participant.source.inviteId === access.invite.id && (s.participant.state === 'waiting' || s.participant.state === 'admitted')) {
      return reply.redirect(s.participant.state === 'waiting' ? '/s/lobby' : '/s', 303);
    }
    const inv = access.invite;
    return sendPage(reply, 200, invitePage(pageCtx(req), access.media, token, { role: inv.role, displayName: inv.display_name, locked: inv.name_locked === 1 }, {}, {}, core.ctx.now()));
  });

  app.post<{ Params: { token: string } }>('/i/:token', async (req, reply) => {
    const { token } = req.params;
    if (!csrfOk(req)) return sendMessage(req, reply, 403, 'errorHeading', 'csrf', 'CSRF');
    const access = core.access.inviteAccess(token);
    if (!access.ok) return refuseLink(req, reply, access.reason, access.media, access.expiresAt);
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
        return sendPage(reply, 400, invitePage(pageCtx(req), access.media, token, { role: inv.role, displayName: inv.display_name, locked: inv.name_locked === 1 }, values, r.fields as FieldErrors, core.ctx.now()));
      }
      if (r.reason === 'email-mismatch') {
        for (const [limiter, key] of mismatchKeys) limiter.hit(key);
        return sendDenied(req, reply, r.reason, r.media, `/i/${token}`);
      }
      return sendDenied(req, reply, r.reason, r.media, undefined, r.expiresAt);
    }
    setSession(req, reply, r.secret);
    return reply.redirect(r.participant.state === 'admitted' ? '/s' : '/s/lobby', 303);
  });
}
