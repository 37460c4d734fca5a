// Entry: guest link (G4, G9) and invite (I2) pages, and their redemption.
import type { FastifyInstance } from 'fastify';
import { checkGuestForm } from '../../core/access';
import type { Media } from '../../core/types';
import { type Form, type ListenerContext, str } from '../context';
import { clientShareOf } from '../security';
import { entryPage, type FieldErrors, invitePage, type PageCtx } from '../views';

export async function entryRoutes(app: FastifyInstance, ctx: ListenerContext): Promise<void> {
  const { core, limits, batcher, guestOf, clientOf, pageCtx, sendPage, sendMessage, sendDenied, tooMany, refuseLink, knockCooldown, submitThrottle, csrfOk, setSession, currentSession } = ctx;

  // ---- guest link (G4, G9) -------------------------------------------------

  // Every first visit to a link in one language gets the same entry page but
  // for its CSRF token: it is rendered once per kept view of the link
  // (core.access.guestLinkView: one object until the link or its media change)
  // and language, and the token is put in per request. Before the doors open
  // the page carries a countdown, so it is made for each request until then.
  const CSRF_SLOT = '\u0000csrf\u0000';
  const entryPages = new WeakMap<object, Map<string, { parts: readonly [string, string] | null; earlyUntil: number }>>();
  function cachedEntryPage(pc: PageCtx, view: object, media: Media, token: string): string {
    let byLang = entryPages.get(view);
    if (!byLang) entryPages.set(view, (byLang = new Map()));
    let kept = byLang.get(pc.lang);
    if (!kept) {
      const page = entryPage({ ...pc, csrf: CSRF_SLOT }, media, token);
      const at = page.indexOf(CSRF_SLOT);
      const once = at !== -1 && page.indexOf(CSRF_SLOT, at + 1) === -1;
      const doorsOpen = media.schedule ? Date.parse(media.schedule.startsAt) - media.doorsOpenMinutes * 60_000 : -Infinity;
      kept = { parts: once ? [page.slice(0, at), page.slice(at + CSRF_SLOT.length)] : null, earlyUntil: doorsOpen };
      byLang.set(pc.lang, kept);
    }
    const now = core.ctx.now();
    if (!kept.parts || now.getTime() < kept.earlyUntil) return entryPage(pc, media, token, {}, {}, now);
    return kept.parts[0] + pc.csrf + kept.parts[1];
  }

  app.get<{ Params: { token: string } }>('/g/:token', async (req, reply) => {
    const { token } = req.params;
    // A view grants nothing (the submit checks the link in its transaction): the kept rows will do.
    const access = core.access.guestLinkView(token);
    if (!access.ok) return refuseLink(req, reply, access.reason, access.media, access.expiresAt);
    // G4: a view is only a view; it feeds the funnel, never the click count.
    core.views.countLink(access.link.id);
    // A guest who opens the link again while waiting or inside keeps their place.
    const s = currentSession(req);
    if (s && s.participant.source.kind === 'guest-link' && s.participant.source.linkId === access.link.id && (s.participant.state === 'waiting' || s.participant.state === 'admitted')) {
      return reply.redirect(s.participant.state === 'waiting' ? '/s/lobby' : '/s', 303);
    }
    // The token matched TOKEN_PATTERN (URL-safe), so it is its own path segment.
    return sendPage(reply, 200, cachedEntryPage(pageCtx(req, `/g/${token}`), access, access.media, token));
  });

  app.post<{ Params: { token: string } }>('/g/:token', async (req, reply) => {
    const { token } = req.params;
    if (!csrfOk(req)) return sendMessage(req, reply, 403, 'errorHeading', 'csrf', 'CSRF');
    // A first look, from the kept rows: the redemption reads the link again in its transaction.
    const access = core.access.guestLinkView(token);
    if (!access.ok) return refuseLink(req, reply, access.reason, access.media, access.expiresAt);
    const body = (req.body ?? {}) as Form;
    const values = { name: str(body.name).slice(0, 1000), email: str(body.email).slice(0, 1000) };
    // S2: an invalid or empty form is answered here, before any limit counts it
    // (the core checks it again): a guest's mistake costs nobody anything.
    const checked = checkGuestForm(values, { requireName: true });
    if ('fields' in checked) return sendPage(reply, 400, entryPage(pageCtx(req), access.media, token, values, checked.fields as FieldErrors, core.ctx.now()));
    const cooling = knockCooldown(req, reply, access.media.id);
    if (cooling) return cooling;
    const counted = submitThrottle(req, reply, `g:${token}`);
    if ('refused' in counted) return counted.refused;
    // S2: one address takes at most its share of a limited link's clicks; a
    // failed attempt gives its claim back.
    const claimKey = `${clientOf(req)}|g:${token}`;
    const maxUses = access.link.max_uses;
    if (maxUses !== null && !limits.claimsPerClientLimitedLink.hit(claimKey, clientShareOf(limits, maxUses))) {
      limits.claimsPerClientLimitedLink.release(claimKey);
      counted.release();
      return tooMany(req, reply, limits.claimsPerClientLimitedLink.retryAfter(claimKey));
    }
    // G4: the use is counted inside redeem, in the transaction that creates the participant.
    const r = await batcher.redeemGuestLink(token, { ...values, browserId: guestOf(req).browserId });
    if (!r.ok && maxUses !== null) limits.claimsPerClientLimitedLink.release(claimKey);
    if (!r.ok) {
      if (r.reason === 'invalid-form') {
        counted.release();
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
    const body = (req.body ?? {}) as Form;
    const values = { name: str(body.name).slice(0, 1000), email: str(body.email).slice(0, 1000) };
    const inv = access.invite;
    const invitePageWith = (fields: FieldErrors) =>
      sendPage(reply, 400, invitePage(pageCtx(req), access.media, token, { role: inv.role, displayName: inv.display_name, locked: inv.name_locked === 1 }, values, fields));
    // S2: an invalid or empty form is answered here (as the core would: a
    // locked or given display name stands in for the name), counted nowhere.
    const locked = inv.name_locked === 1 && inv.display_name !== null;
    const checked = checkGuestForm({ name: locked ? inv.display_name! : values.name.trim() || (inv.display_name ?? ''), email: values.email }, { requireName: true });
    if ('fields' in checked) return invitePageWith(checked.fields as FieldErrors);
    const cooling = knockCooldown(req, reply, access.media.id);
    if (cooling) return cooling;
    // S2: guessing which address an invite was sent to is throttled per
    // browser and invite, and per invite. A browser over its limit is refused
    // whatever it types; over the invite's limit only a wrong email is
    // refused, so nobody else's guesses can lock the invitee out. Wrong emails
    // count only here, never against the address's budget.
    const mismatchKeys = [
      [limits.mismatchesPerBrowserInvite, `${guestOf(req).browserId}|i:${token}`],
      [limits.mismatchesPerInvite, `i:${token}`],
    ] as const;
    const right = checked.email === inv.email;
    let release: () => void;
    if (right) {
      const [byBrowser, key] = mismatchKeys[0];
      if (byBrowser.blocked(key)) return tooMany(req, reply, byBrowser.retryAfter(key));
      const c = submitThrottle(req, reply, `i:${token}`);
      if ('refused' in c) return c.refused;
      release = c.release;
    } else {
      // Counted before the redemption, so a burst can't overshoot the limits.
      const over = mismatchKeys.filter(([limiter, key]) => !limiter.hit(key));
      release = () => {
        for (const [limiter, key] of mismatchKeys) limiter.release(key);
      };
      if (over.length > 0) {
        release();
        return tooMany(req, reply, Math.max(...over.map(([limiter, key]) => limiter.retryAfter(key))));
      }
    }
    const r = await batcher.redeemInvite(token, { ...values, browserId: guestOf(req).browserId });
    if (!r.ok) {
      // Only a redemption refused for a real reason (or, for a wrong email, the refused guess) keeps its count.
      const kept = right ? r.reason !== 'invalid-form' && r.reason !== 'email-mismatch' : r.reason === 'email-mismatch';
      if (!kept) release();
      if (r.reason === 'invalid-form') {
        const access = core.access.inviteAccess(token);
        if (!access.ok) return sendDenied(req, reply, access.reason, access.media);
        const inv = access.invite;
        return sendPage(reply, 400, invitePage(pageCtx(req), access.media, token, { role: inv.role, displayName: inv.display_name, locked: inv.name_locked === 1 }, values, r.fields as FieldErrors, core.ctx.now()));
      }
      if (r.reason === 'email-mismatch') return sendDenied(req, reply, r.reason, r.media, `/i/${token}`);
      return sendDenied(req, reply, r.reason, r.media, undefined, r.expiresAt);
    }
    setSession(req, reply, r.secret);
    return reply.redirect(r.participant.state === 'admitted' ? '/s' : '/s/lobby', 303);
  });
}
