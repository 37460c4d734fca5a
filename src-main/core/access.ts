// The guest side of the core: resolving tokens, redeeming links, sessions.
// The listener calls these; no moderator operation lives here (L2).
import { BoundedMap } from './boundedMap';
import type { Ctx } from './context';
import { sourceIds } from './eventsFor';
import { emailInvisible, isValidEmail, normalizeEmail } from './email';
import { type GuestLinkRow, guestLinkState } from './guestLinks';
import { type InviteRow, inviteStatus } from './invites';
import { type MediaRow, SESSION_END_GRACE_MS, schedulePhase, toMedia } from './media';
import { LINK_STATE_REASON, type ParticipantJoinedRow, type ParticipantsModule, toParticipant } from './participants';
import { cleanLine } from './text';
import { hashSecret, newSessionSecret, sessionKey, TOKEN_PATTERN } from './tokens';
import type { DenialReason, GuestLinkState, InviteRole, Media, Participant } from './types';

/** expiresAt: when the link or invite expired (link-expired), for the denied page. */
export type Denial = { ok: false; reason: DenialReason; media: Media | null; expiresAt?: string };

export type GuestLinkAccess = { ok: true; kind: 'guest-link'; link: GuestLinkRow; media: Media } | Denial;
export type InviteAccess = { ok: true; kind: 'invite'; invite: InviteRow; media: Media } | Denial;

export type Redemption =
  | { ok: true; participant: Participant; secret: string; media: Media }
  | Denial
  | { ok: false; reason: 'invalid-form'; fields: { name?: string; email?: string } };

export interface GuestForm {
  name: string;
  email: string;
  /** The browser (its `gl_b` ID) the session is issued to (S5); a session only works in that browser. */
  browserId?: string;
}

/** S5: a session works for 24 hours after it was issued; it is issued again at admission. */
export const SESSION_TTL_MS = 24 * 60 * 60 * 1000;

/** What the table keeps of a browser ID (S5). A submit asks twice (the knock cooldown, the new session): the last few are remembered. */
const browserHashes = new BoundedMap<string, string>(10_000);
const browserHash = (browserId: string | undefined): string | null => {
  if (!browserId) return null;
  let h = browserHashes.get(browserId);
  if (h === undefined) {
    h = hashSecret(`browser:${browserId}`);
    browserHashes.set(browserId, h);
  }
  return h;
};

export interface Session {
  participant: Participant;
  media: Media;
  /** Admitted with a session issued while waiting: the listener issues a new one (S5). */
  rotateDue: boolean;
}


export const NAME_MAX = 100;

/** G9: both fields required; the email is checked for form only. */
export function checkGuestForm(form: Partial<GuestForm>, opts: { requireName: boolean }): { name: string; email: string } | { fields: { name?: string; email?: string } } {
  // S6: control characters (ESC, BEL, C1…) and invisible or direction-changing ones are removed from names on submit.
  const name = cleanLine(typeof form.name === 'string' ? form.name : '').trim();
  const email = (typeof form.email === 'string' ? form.email : '').trim();
  const fields: { name?: string; email?: string } = {};
  if (opts.requireName && (name.length === 0 || name.length > NAME_MAX)) fields.name = name.length === 0 ? 'name-required' : 'name-too-long';
  if (email.length === 0) fields.email = 'email-required';
  else if (emailInvisible(email)) fields.email = 'email-invisible';
  else if (!isValidEmail(email)) fields.email = 'email-invalid';
  if (fields.name || fields.email) return { fields };
  return { name, email: normalizeEmail(email) };
}

/**
 * A link's rows as the entry page keeps them (see guestLinkView), with the
 * answer for a usable link made once: `open` holds it until the first moment
 * it could change by time alone (the link's expiry, the session's end).
 */
interface KeptView {
  generation: number;
  link: GuestLinkRow;
  media: MediaRow;
  asMedia: Media;
  open: { access: GuestLinkAccess; until: number } | null;
}

function keptView(generation: number, link: GuestLinkRow, row: MediaRow): KeptView {
  const media = Object.freeze(toMedia(row));
  const kept: KeptView = { generation, link: Object.freeze(link), media: Object.freeze(row), asMedia: media, open: null };
  // Usable but for time (the epoch is before any expiry): then usable until the first moment time changes that.
  if (guestLinkState(link, row, new Date(0)) === 'active') {
    const until = Math.min(link.expires_at ? Date.parse(link.expires_at) : Infinity, media.schedule ? Date.parse(media.schedule.endsAt) + SESSION_END_GRACE_MS : Infinity);
    kept.open = { access: Object.freeze({ ok: true, kind: 'guest-link', link: kept.link, media }), until };
  }
  return kept;
}

export function accessModule(ctx: Ctx, participants: ParticipantsModule) {
  const mediaRow = (id: number) => ctx.stmt('SELECT * FROM media WHERE id = ?').get(id) as MediaRow;

  /** Same work for a junk token, a guessed one and a deleted one, so timing tells nothing. */
  const retired = (token: string, kind: 'guest-link' | 'invite'): Denial => {
    const r = ctx.stmt('SELECT media_id FROM retired_tokens WHERE token = ? AND kind = ?').get(token, kind) as { media_id: number } | undefined;
    if (r) return { ok: false, reason: 'link-deleted', media: toMedia(mediaRow(r.media_id)) };
    return { ok: false, reason: 'unknown-link', media: null };
  };

  /**
   * A link and its media in one statement (the entry page asks on every
   * view): the row comes back as an array and is split by each column's
   * table, so both keep their own column names (id, created_at…).
   */
  let linkWithMedia: { stmt: ReturnType<Ctx['stmt']>; link: [number, string][]; media: [number, string][] } | null = null;
  const linkAndMedia = (token: string): { link: GuestLinkRow; media: MediaRow } | null => {
    if (!linkWithMedia) {
      const stmt = ctx.db.prepare('SELECT l.*, m.* FROM guest_links l JOIN media m ON m.id = l.media_id WHERE l.token = ?').raw(true);
      const cols = stmt.columns().map((c, i) => [i, c.name, c.table] as const);
      linkWithMedia = {
        stmt,
        link: cols.filter((c) => c[2] === 'guest_links').map(([i, n]) => [i, n]),
        media: cols.filter((c) => c[2] === 'media').map(([i, n]) => [i, n]),
      };
    }
    const row = linkWithMedia.stmt.get(token) as unknown[] | undefined;
    if (!row) return null;
    const pick = (cols: [number, string][]) => {
      const o: Record<string, unknown> = {};
      for (const [i, n] of cols) o[n] = row[i];
      return o;
    };
    return { link: pick(linkWithMedia.link) as unknown as GuestLinkRow, media: pick(linkWithMedia.media) as unknown as MediaRow };
  };

  const guestLinkAccess = (token: string): GuestLinkAccess => accessFrom(token, TOKEN_PATTERN.test(token) ? linkAndMedia(token) : null);

  /**
   * The link as a redemption sees it, read once per write transaction: a batch
   * of redemptions (group commit) reads it for its first item and the rest
   * reuse the rows. Nothing else writes between them (the batch holds the write
   * lock); their own writes only count uses, and the conditional UPDATE of
   * redeemGuestLink checks those against the file, not against these rows.
   */
  let inTransaction: { number: number; links: Map<string, { link: GuestLinkRow; media: MediaRow } | null> } = { number: -1, links: new Map() };
  const linkForRedemption = (token: string): GuestLinkAccess => {
    const number = ctx.transactionNumber;
    if (number === -1) return guestLinkAccess(token);
    if (inTransaction.number !== number) inTransaction = { number, links: new Map() };
    let found = inTransaction.links.get(token);
    if (found === undefined) {
      found = TOKEN_PATTERN.test(token) ? linkAndMedia(token) : null;
      inTransaction.links.set(token, found);
    }
    return accessFrom(token, found);
  };

  /**
   * The entry page's view of a link (a GET shows the form; it grants nothing).
   * Every view would otherwise read the database, and in WAL mode each read
   * takes and drops a lock on the shared index: the largest cost of an entry
   * page. While this process follows the others' changes, found rows are kept
   * until the next write (any write in this process, or a commit seen from
   * another process, which the follower notices within its interval: 500 ms).
   * Time-based states (expiry, the schedule's end) are checked on each call
   * against the first moment they could change. A submit never uses this:
   * redemption reads the link in its own transaction.
   */
  const viewCache = new BoundedMap<string, KeptView>(1000);
  const guestLinkView = (token: string): GuestLinkAccess => {
    // A closed database answers as the file would: with an error, not with what was kept.
    if (!ctx.followingOthers || !ctx.db.open || !TOKEN_PATTERN.test(token)) return guestLinkAccess(token);
    let kept = viewCache.get(token);
    if (!kept || kept.generation !== ctx.generation) {
      const found = linkAndMedia(token);
      if (!found) return accessFrom(token, null); // unknown tokens are never kept: guessing fills nothing
      kept = keptView(ctx.generation, found.link, found.media);
      viewCache.set(token, kept);
    }
    // Until the link expires or the session ends, a usable link's answer is the same object.
    if (kept.open && ctx.now().getTime() < kept.open.until) return kept.open.access;
    return accessFrom(token, kept);
  };

  function accessFrom(token: string, found: { link: GuestLinkRow; media: MediaRow; asMedia?: Media } | null): GuestLinkAccess {
    if (!found) return retired(token, 'guest-link');
    const { link, media: m } = found;
    const state = guestLinkState(link, m, ctx.now());
    if (state === 'expired') return { ok: false, reason: 'link-expired', media: found.asMedia ?? toMedia(m), expiresAt: link.expires_at! };
    if (state !== 'active') return { ok: false, reason: LINK_STATE_REASON[state], media: found.asMedia ?? toMedia(m) };
    const media = found.asMedia ?? toMedia(m);
    // A schedule means something: past its end and the grace period, the session has ended.
    if (schedulePhase(media, ctx.now()) === 'ended') return { ok: false, reason: 'session-ended', media };
    return { ok: true, kind: 'guest-link', link, media };
  }

  const inviteAccess = (token: string): InviteAccess => {
    const invite = ctx.stmt('SELECT * FROM invites WHERE token = ?').get(TOKEN_PATTERN.test(token) ? token : '') as InviteRow | undefined;
    if (!invite) return retired(token, 'invite');
    const m = mediaRow(invite.media_id);
    if (m.available !== 1) return { ok: false, reason: 'media-unavailable', media: toMedia(m) };
    const status = inviteStatus(invite, ctx.now());
    if (status === 'revoked') return { ok: false, reason: 'invite-revoked', media: toMedia(m) };
    if (status === 'expired') return { ok: false, reason: 'link-expired', media: toMedia(m), expiresAt: invite.expires_at! };
    const media = toMedia(m);
    if (schedulePhase(media, ctx.now()) === 'ended') return { ok: false, reason: 'session-ended', media };
    return { ok: true, kind: 'invite', invite, media };
  };

  const insertParticipant = (p: {
    mediaId: number;
    guestLinkId: number | null;
    inviteId: number | null;
    name: string;
    email: string;
    role: 'guest' | InviteRole;
    admitted: boolean;
    browserId: string | undefined;
    /** What the participant list shows next to them: the link's name, the invite's email. */
    linkName: string | null;
    inviteEmail: string | null;
  }) => {
    const issued = ctx.now();
    const secret = newSessionSecret(issued.getTime());
    const now = issued.toISOString();
    const state = p.admitted ? 'admitted' : 'waiting';
    const joinedAt = p.admitted ? now : null;
    const id = Number(
      ctx
        .stmt(
          `INSERT INTO participants (media_id, guest_link_id, invite_id, name, email, role, state, session_hash, knocked_at, joined_at, updated_at, session_browser, session_issued_at, session_admitted)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(p.mediaId, p.guestLinkId, p.inviteId, p.name, p.email, p.role, state, sessionKey(secret), now, joinedAt, now, browserHash(p.browserId), now, p.admitted ? 1 : 0).lastInsertRowid,
    );
    // The new row as written, from what was written and the columns' defaults (no hand raised, page not open):
    // `RETURNING *` made the insert about a third dearer. A test compares this with the stored row.
    const row: ParticipantJoinedRow = { id, media_id: p.mediaId, guest_link_id: p.guestLinkId, invite_id: p.inviteId, name: p.name, email: p.email, role: p.role, state, hand_raised: 0, knocked_at: now, joined_at: joinedAt, updated_at: now, link_name: p.linkName, invite_email: p.inviteEmail, left_reason: null, page_open: 0 };
    // Its events (participant, and the link or invite used) come from this entry: eventsFor.ts.
    ctx.audit({ mediaId: p.mediaId, actor: `guest:${p.email}`, action: p.admitted ? 'participant.joined' : 'participant.knocked', subjectType: 'participant', subjectId: id, details: { name: p.name, email: p.email, ...sourceIds(p.guestLinkId, p.inviteId) } });
    return { id, secret, participant: toParticipant(row) };
  };

  /**
   * P2: the browsers denied at a media entry within the cooldown, by browser
   * hash, kept like guestLinkView's rows (until the next write here, or the
   * next commit of another process the follower sees): every knock asks, and
   * a read per knock is a read per submit. Only denials recent enough to
   * matter are read, so the map stays small; it only loses entries with time.
   */
  const deniedKept = new BoundedMap<number, { generation: number; since: number; cooldownMs: number; byBrowser: Map<string, string> }>(1000);
  const recentDenials = (mediaId: number, cooldownMs: number, now: number): Map<string, string> => {
    // Not following the others (or closed), nothing is kept: the file answers each time.
    const keep = ctx.followingOthers && ctx.db.open;
    const kept = keep ? deniedKept.get(mediaId) : undefined;
    if (kept && kept.generation === ctx.generation && kept.cooldownMs === cooldownMs && kept.since <= now - cooldownMs) return kept.byBrowser;
    const since = now - cooldownMs;
    const rows = ctx
      .stmt("SELECT session_browser AS browser, max(updated_at) AS at FROM participants WHERE media_id = ? AND state = 'denied' AND session_browser IS NOT NULL AND updated_at >= ? GROUP BY session_browser")
      .all(mediaId, new Date(since).toISOString()) as { browser: string; at: string }[];
    const byBrowser = new Map(rows.map((r) => [r.browser, r.at]));
    if (keep) deniedKept.set(mediaId, { generation: ctx.generation, since, cooldownMs, byBrowser });
    return byBrowser;
  };

  /** A new session secret for a participant, bound to the given browser (S5). */
  const issueSession = (id: number, browserId: string | undefined, admitted: boolean): string => {
    const issued = ctx.now();
    const secret = newSessionSecret(issued.getTime());
    ctx
      .stmt('UPDATE participants SET session_hash = ?, session_browser = ?, session_issued_at = ?, session_admitted = ? WHERE id = ?')
      .run(sessionKey(secret), browserHash(browserId), issued.toISOString(), admitted ? 1 : 0, id);
    return secret;
  };

  const mod = {
    guestLinkAccess,
    guestLinkView,
    inviteAccess,

    /**
     * G4: the use is counted here, on an accepted submit, in the same
     * transaction that creates the participant. The conditional UPDATE makes
     * the limit hold even when many guests submit at once.
     */
    redeemGuestLink(token: string, form: Partial<GuestForm>): Redemption {
      const checked = checkGuestForm(form, { requireName: true });
      return ctx.write((): Redemption => {
        const access = linkForRedemption(token);
        if (!access.ok) return access;
        if ('fields' in checked) return { ok: false, reason: 'invalid-form', fields: checked.fields };
        const { link, media } = access;
        // A blocked email is denied before it uses a click.
        if (participants.isBlocked(media.id, checked.email, 'guest-link')) return { ok: false, reason: 'denied-by-moderator', media };
        const used = ctx.stmt('UPDATE guest_links SET uses = uses + 1, submits = submits + 1 WHERE id = ? AND (max_uses IS NULL OR uses < max_uses)').run(link.id);
        if (used.changes !== 1) return { ok: false, reason: 'no-clicks-left', media };
        const { secret, participant } = insertParticipant({
          mediaId: media.id,
          guestLinkId: link.id,
          inviteId: null,
          linkName: link.name,
          inviteEmail: null,
          name: checked.name,
          email: checked.email,
          role: 'guest',
          // Before the doors open everyone waits in the lobby; a moderator can still admit early.
          admitted: !media.requireAdmission && schedulePhase(media, ctx.now()) === 'open',
          browserId: form.browserId,
        });
        return { ok: true, participant, secret, media };
      });
    },

    /** I2: only the invited address gets in; a mismatch is refused and recorded. */
    redeemInvite(token: string, form: Partial<GuestForm>): Redemption {
      return ctx.write((): Redemption => {
        const access = inviteAccess(token);
        if (!access.ok) return access;
        const { invite, media } = access;
        const locked = invite.name_locked === 1 && invite.display_name !== null;
        const checked = checkGuestForm({ name: locked ? invite.display_name! : (form.name ?? '').trim() || (invite.display_name ?? ''), email: form.email }, { requireName: true });
        if ('fields' in checked) return { ok: false, reason: 'invalid-form', fields: checked.fields };
        if (checked.email !== invite.email) {
          ctx.stmt('UPDATE invites SET mismatches = mismatches + 1 WHERE id = ?').run(invite.id);
          ctx.audit({ mediaId: media.id, actor: `guest:${checked.email}`, action: 'invite.email-mismatch', subjectType: 'invite', subjectId: invite.id, details: { given: checked.email, expected: invite.email } });
          return { ok: false, reason: 'email-mismatch', media };
        }
        // P2: a block made from a guest-link knock doesn't stop the invitee who owns the address.
        if (participants.isBlocked(media.id, checked.email, 'invite')) return { ok: false, reason: 'denied-by-moderator', media };
        ctx.stmt('UPDATE invites SET submits = submits + 1 WHERE id = ?').run(invite.id);
        // S5: one invite, one active session. Joining again (another browser,
        // another tab after a lost cookie) moves the person: same place in the
        // lobby or the room, a new session here, and the old one stops working.
        const current = ctx.stmt("SELECT id, state FROM participants WHERE invite_id = ? AND state IN ('waiting','admitted') ORDER BY id DESC LIMIT 1").get(invite.id) as
          | { id: number; state: 'waiting' | 'admitted' }
          | undefined;
        if (current) {
          const secret = issueSession(current.id, form.browserId, current.state === 'admitted');
          ctx.audit({ mediaId: media.id, actor: `guest:${checked.email}`, action: 'participant.session-moved', subjectType: 'participant', subjectId: current.id, details: { email: checked.email, state: current.state } });
          return { ok: true, participant: participants.get(current.id), secret, media };
        }
        const admitted = (invite.skip_lobby === 1 || !media.requireAdmission) && schedulePhase(media, ctx.now()) === 'open';
        const { secret, participant } = insertParticipant({ mediaId: media.id, guestLinkId: null, inviteId: invite.id, linkName: null, inviteEmail: invite.email, name: checked.name, email: checked.email, role: invite.role, admitted, browserId: form.browserId });
        if (admitted) ctx.stmt('UPDATE invites SET last_joined_at = ? WHERE id = ?').run(ctx.nowIso(), invite.id);
        return { ok: true, participant, secret, media };
      });
    },

    /**
     * S5: the participant behind a session cookie, if the session is good:
     * issued to this browser (a planted `gl_s` from elsewhere is not
     * honoured) and not older than SESSION_TTL_MS.
     */
    session(secret: string, browserId?: string): Session | null {
      const key = sessionKey(secret);
      if (!key) return null;
      const r = ctx
        .stmt('SELECT id, media_id, session_browser, session_issued_at, session_admitted, knocked_at, joined_at, state FROM participants WHERE session_hash = ?')
        .get(key) as
        | { id: number; media_id: number; session_browser: string | null; session_issued_at: string | null; session_admitted: number; knocked_at: string; joined_at: string | null; state: string }
        | undefined;
      if (!r) return null;
      if (r.session_browser !== null && r.session_browser !== browserHash(browserId)) return null;
      const issued = Date.parse(r.session_issued_at ?? r.joined_at ?? r.knocked_at);
      if (!(ctx.now().getTime() - issued < SESSION_TTL_MS)) return null;
      return { participant: participants.get(r.id), media: toMedia(mediaRow(r.media_id)), rotateDue: r.state === 'admitted' && r.session_admitted === 0 };
    },

    /**
     * Lobby abuse: milliseconds this browser must still wait before knocking
     * again at this media entry after a moderator denied it (0: it may knock).
     */
    knockCooldown(mediaId: number, browserId: string | undefined, cooldownMs: number): number {
      if (!browserId || cooldownMs <= 0) return 0;
      const now = ctx.now().getTime();
      const at = recentDenials(mediaId, cooldownMs, now).get(browserHash(browserId)!);
      if (!at) return 0;
      return Math.max(0, Date.parse(at) + cooldownMs - now);
    },

    /**
     * Someone who registered before the doors opened and would have gone
     * straight in (no admission required, or an invite that skips the lobby)
     * is let in once the doors are open: asked when their lobby page loads.
     * Returns whether they were admitted.
     */
    admitAtDoors(participant: Participant): boolean {
      if (participant.state !== 'waiting') return false;
      return ctx.write(() => {
        const p = participants.get(participant.id);
        if (p.state !== 'waiting') return false;
        const media = toMedia(mediaRow(p.mediaId));
        if (!media.schedule || schedulePhase(media, ctx.now()) !== 'open') return false;
        let straightIn = !media.requireAdmission;
        if (p.source.kind === 'invite') {
          const inv = ctx.stmt('SELECT skip_lobby FROM invites WHERE id = ?').get(p.source.inviteId) as { skip_lobby: number };
          straightIn ||= inv.skip_lobby === 1;
        }
        if (!straightIn || participants.closedReason(p)) return false;
        participants.transition(p.id, 'admitted', 'system:doors-open');
        return true;
      });
    },

    /** S5: a new session at admission, for the same browser; the waiting-room one stops working. */
    rotateSession(participantId: number, browserId: string | undefined): string {
      return ctx.write(() => issueSession(participantId, browserId, true));
    },

    /**
     * P4: on a fresh page load, is the way this person came in still open?
     * An open page is never cut off; this is asked only on load.
     * Running out of clicks doesn't shut out someone who already used one.
     */
    sessionDenial(participant: Participant): Denial | null {
      const reason = participants.closedReason(participant);
      return reason ? { ok: false, reason, media: toMedia(mediaRow(participant.mediaId)) } : null;
    },

    /**
     * P4 + P5 on a page load: a waiting or admitted person whose way in has
     * closed is refused, and becomes "left" with the reason, so the
     * moderator's list and Link activity stop counting them as here.
     */
    refuseAtRefresh(participant: Participant): Denial | null {
      const denial = mod.sessionDenial(participant);
      if (denial && (participant.state === 'waiting' || participant.state === 'admitted')) participants.leave(participant.id, 'system', denial.reason);
      return denial;
    },
  };
  return mod;
}
export type AccessModule = ReturnType<typeof accessModule>;
