import type { Ctx } from './context';
import { sourceIds } from './eventsFor';
import { AppError } from './errors';
import { type GuestLinkRow, guestLinkState } from './guestLinks';
import { type InviteRow, inviteStatus } from './invites';
import { foldForSearch, type MediaModule, schedulePhase, toMedia } from './media';
import { emailInvisible, isValidEmail, normalizeEmail } from './email';
import type {
  BlockedEmail,
  BlockScope,
  DenialReason,
  GuestLinkState,
  LeftReason,
  LinkFunnel,
  Participant,
  ParticipantCounts,
  ParticipantCursor,
  ParticipantFilter,
  ParticipantPage,
  ParticipantRole,
  ParticipantSection,
  ParticipantState,
} from './types';

/** Why a guest link lets nobody new in, as the denial the guest is shown (D1). */
export const LINK_STATE_REASON: Record<Exclude<GuestLinkState, 'active'>, DenialReason> = {
  deleted: 'link-deleted',
  'media-unavailable': 'media-unavailable',
  'guest-access-off': 'guest-access-off',
  expired: 'link-expired',
  'no-clicks-left': 'no-clicks-left',
};

/** The one sentence the moderator reads when an admit is refused (P5). */
const CLOSED_SENTENCE: Partial<Record<DenialReason, string>> = {
  'guest-access-off': 'guest access is turned off for this media entry',
  'link-expired': 'the link they came through has expired',
  'link-deleted': 'the link they came through was deleted',
  'session-ended': "the media entry's scheduled session has ended (change its end to extend it)",
  'media-unavailable': 'this media entry is unavailable',
  'invite-revoked': 'their invite was revoked',
};

export interface ParticipantJoinedRow {
  id: number;
  media_id: number;
  guest_link_id: number | null;
  invite_id: number | null;
  name: string;
  email: string;
  role: ParticipantRole;
  state: ParticipantState;
  hand_raised: number;
  knocked_at: string;
  joined_at: string | null;
  updated_at: string;
  link_name: string | null;
  invite_email: string | null;
  left_reason: LeftReason | null;
  page_open: number;
}

const SELECT = `SELECT p.*, g.name AS link_name, i.email AS invite_email
  FROM participants p
  LEFT JOIN guest_links g ON g.id = p.guest_link_id
  LEFT JOIN invites i ON i.id = p.invite_id`;

/**
 * In the room, raised hands come first, then people whose page is open: a
 * rank of 0–3, then the ID. Written exactly as in migration 5's index
 * (participants_room_order), so SQLite walks that index instead of sorting.
 */
const ROOM_RANK = '((1 - hand_raised) * 2 + (1 - page_open))';
const SECTION_STATE: Record<ParticipantSection, ParticipantState> = { waiting: 'waiting', room: 'admitted' };

/** LIKE's wildcards and its escape character, made literal: a search for "50%_off\\" finds that text. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The filter as SQL over `participants p`, with its parameters. Case-insensitive in any script (gl_fold, as the Library's search). */
function filterSql(filter: ParticipantFilter) {
  const q = foldForSearch(filter.search?.trim() ?? '');
  return {
    sql: `(@pattern IS NULL OR gl_fold(p.name) LIKE @pattern ESCAPE '\\' OR gl_fold(p.email) LIKE @pattern ESCAPE '\\')
      AND (@hand IS NULL OR p.hand_raised = @hand) AND (@open IS NULL OR p.page_open = @open)`,
    params: {
      pattern: q ? `%${escapeLike(q)}%` : null,
      hand: filter.handRaised === undefined ? null : Number(filter.handRaised),
      open: filter.pageOpen === undefined ? null : Number(filter.pageOpen),
    },
  };
}

export function toParticipant(r: ParticipantJoinedRow): Participant {
  return {
    id: r.id,
    mediaId: r.media_id,
    name: r.name,
    email: r.email,
    role: r.role,
    state: r.state,
    source:
      r.guest_link_id !== null
        ? { kind: 'guest-link', linkId: r.guest_link_id, linkName: r.link_name ?? '' }
        : { kind: 'invite', inviteId: r.invite_id!, email: r.invite_email ?? '' },
    handRaised: r.hand_raised === 1,
    knockedAt: r.knocked_at,
    joinedAt: r.joined_at,
    updatedAt: r.updated_at,
    leftReason: r.state === 'left' ? r.left_reason : null,
    pageOpen: r.page_open === 1,
  };
}

type Transition = 'admitted' | 'denied' | 'removed' | 'left';
const ALLOWED_FROM: Record<Transition, readonly ParticipantState[]> = {
  admitted: ['waiting'],
  denied: ['waiting'],
  removed: ['waiting', 'admitted'],
  left: ['waiting', 'admitted'],
};

export function participantsModule(ctx: Ctx, media: MediaModule) {
  const mod = {
    find(id: number): Participant | undefined {
      const r = ctx.stmt(`${SELECT} WHERE p.id = ?`).get(id) as ParticipantJoinedRow | undefined;
      return r && toParticipant(r);
    },
    get(id: number): Participant {
      const p = mod.find(id);
      if (!p) throw new AppError('PARTICIPANT_NOT_FOUND', `There is no participant with ID ${id}.`);
      return p;
    },
    /** P1: everyone waiting and everyone in the room (or the given states). */
    list(mediaId: number, states: readonly ParticipantState[] = ['waiting', 'admitted']): Participant[] {
      media.get(mediaId);
      const rows = ctx.stmt(`${SELECT} WHERE p.media_id = ? ORDER BY p.id`).all(mediaId) as ParticipantJoinedRow[];
      return rows.filter((r) => states.includes(r.state)).map(toParticipant);
    },
    /**
     * One page of a section of the Participants screen (P1), in the
     * section's order, matching the filter: keyset paging, so a page costs a
     * page however large the room, and people who join between two pages
     * don't shift the next one.
     */
    page(mediaId: number, section: ParticipantSection, filter: ParticipantFilter, after: ParticipantCursor | null, limit: number): ParticipantPage {
      media.get(mediaId);
      const rank = section === 'room' ? ROOM_RANK : '0';
      const order = section === 'room' ? `${ROOM_RANK}, p.id` : 'p.id';
      // Waiting seeks straight to the cursor's ID; the room's rank is walked in its index.
      const afterSql = !after ? '' : section === 'room' ? `AND (${ROOM_RANK}, p.id) > (@afterRank, @afterId)` : 'AND p.id > @afterId';
      const f = filterSql(filter);
      const rows = ctx
        .stmt(
          `SELECT p.*, g.name AS link_name, i.email AS invite_email, ${rank} AS rank
            FROM participants p
            LEFT JOIN guest_links g ON g.id = p.guest_link_id
            LEFT JOIN invites i ON i.id = p.invite_id
            WHERE p.media_id = @mediaId AND p.state = @state ${afterSql} AND ${f.sql}
            ORDER BY ${order} LIMIT @limit`,
        )
        .all({ mediaId, state: SECTION_STATE[section], ...(after ? { afterRank: after.rank, afterId: after.id } : {}), limit: limit + 1, ...f.params }) as (ParticipantJoinedRow & {
        rank: number;
      })[];
      const more = rows.length > limit;
      if (more) rows.length = limit;
      const last = rows[rows.length - 1];
      return { rows: rows.map(toParticipant), next: more && last ? { rank: last.rank, id: last.id } : null };
    },
    /** The numbers of the Participants headers, in one read: totals, and how many match the filter. */
    counts(mediaId: number, filter: ParticipantFilter = {}): ParticipantCounts {
      media.get(mediaId);
      const f = filterSql(filter);
      const rows = ctx
        .stmt(
          `SELECT p.state AS state, count(*) AS n, sum(p.hand_raised) AS hands, sum(p.page_open) AS open, sum(${f.sql}) AS matching
            FROM participants p WHERE p.media_id = @mediaId AND p.state IN ('waiting', 'admitted') GROUP BY p.state`,
        )
        .all({ mediaId, ...f.params }) as { state: ParticipantState; n: number; hands: number; open: number; matching: number }[];
      const waiting = rows.find((r) => r.state === 'waiting');
      const room = rows.find((r) => r.state === 'admitted');
      return {
        waiting: waiting?.n ?? 0,
        inRoom: room?.n ?? 0,
        connected: room?.open ?? 0,
        handsRaised: room?.hands ?? 0,
        waitingMatching: waiting?.matching ?? 0,
        inRoomMatching: room?.matching ?? 0,
      };
    },
    /**
     * The given participants of one media entry, in any state, so a caller
     * that follows events can update its copy instead of reloading the list.
     * IDs of other media entries, or unknown ones, are left out.
     */
    byIds(mediaId: number, ids: readonly number[]): Participant[] {
      media.get(mediaId);
      const rows = ctx.stmt(`${SELECT} WHERE p.media_id = ? AND p.id IN (SELECT value FROM json_each(?)) ORDER BY p.id`).all(mediaId, JSON.stringify(ids)) as ParticipantJoinedRow[];
      return rows.map(toParticipant);
    },
    countAdmitted(mediaId: number): number {
      return (ctx.stmt("SELECT count(*) AS n FROM participants WHERE media_id = ? AND state = 'admitted'").get(mediaId) as { n: number }).n;
    },
    /** Moves one participant to a new state, with its audit entry and event. */
    transition(id: number, to: Transition, actor: string, reason: LeftReason | null = null): Participant {
      ctx.write(() => {
        const p = mod.get(id);
        if (!ALLOWED_FROM[to].includes(p.state)) {
          throw new AppError('PARTICIPANT_STATE', `${p.name} is ${p.state}, so they cannot be ${to === 'left' ? 'marked as left' : to}.`);
        }
        const now = ctx.nowIso();
        ctx
          .stmt('UPDATE participants SET state = ?, joined_at = CASE WHEN ? = \'admitted\' THEN ? ELSE joined_at END, hand_raised = 0, left_reason = ?, updated_at = ? WHERE id = ?')
          .run(to, to, now, to === 'left' ? reason : null, now, id);
        if (to === 'admitted' && p.source.kind === 'invite') {
          ctx.stmt('UPDATE invites SET last_joined_at = ? WHERE id = ?').run(now, p.source.inviteId);
        }
        // Its events (and the invite's "used" when an invitee is admitted) come from this entry: eventsFor.ts.
        const source = p.source.kind === 'guest-link' ? sourceIds(p.source.linkId, null) : sourceIds(null, p.source.inviteId);
        ctx.audit({ mediaId: p.mediaId, actor, action: `participant.${to}`, subjectType: 'participant', subjectId: id, details: { name: p.name, email: p.email, ...(reason ? { reason } : {}), ...source } });
      });
      return mod.get(id);
    },
    /**
     * P4/P5: is the way this person came in still open? Running out of
     * clicks shuts out no one who already used one (their own click may be
     * the last), so only the other reasons count.
     */
    closedReason(p: Participant): DenialReason | null {
      const m = media.row(p.mediaId)!;
      if (m.available !== 1) return 'media-unavailable';
      const ended = schedulePhase(toMedia(m), ctx.now()) === 'ended' ? 'session-ended' : null;
      if (p.source.kind === 'guest-link') {
        const link = ctx.stmt('SELECT * FROM guest_links WHERE id = ?').get(p.source.linkId) as GuestLinkRow;
        const state = guestLinkState(link, m, ctx.now());
        return state === 'active' || state === 'no-clicks-left' ? ended : LINK_STATE_REASON[state];
      }
      const invite = ctx.stmt('SELECT * FROM invites WHERE id = ?').get(p.source.inviteId) as InviteRow;
      const status = inviteStatus(invite, ctx.now());
      if (status === 'revoked') return 'invite-revoked';
      if (status === 'expired') return 'link-expired';
      return ended;
    },
    /**
     * P5: a waiting guest whose way in has closed can't be admitted. They are
     * marked as left with the reason (their lobby then shows that denial),
     * and the moderator is told why in one sentence.
     */
    admit(id: number, actor: string): Participant {
      const refused = ctx.write(() => {
        const p = mod.get(id);
        const reason = p.state === 'waiting' ? mod.closedReason(p) : null;
        if (!reason) return null;
        mod.transition(id, 'left', 'system', reason);
        return { name: p.name, reason };
      });
      if (refused) {
        throw new AppError('ADMIT_CLOSED', `${refused.name} can't be admitted: ${CLOSED_SENTENCE[refused.reason] ?? 'their way in has closed'}. They were shown that their link no longer works.`, {
          reason: refused.reason,
        });
      }
      return mod.transition(id, 'admitted', actor);
    },
    deny(id: number, actor: string) {
      return mod.transition(id, 'denied', actor);
    },
    /**
     * Denies someone waiting and blocks their email for this media entry: they can't knock there again.
     * P2: someone who came by a guest link typed that email, unverified, so the block applies to guest
     * links only (the invite sent to that address still works); an invitee's block applies everywhere.
     */
    denyAndBlock(id: number, actor: string): Participant {
      ctx.write(() => {
        const p = mod.transition(id, 'denied', actor);
        const scope: BlockScope = p.source.kind === 'invite' ? 'everywhere' : 'guest-links';
        ctx
          .stmt(
            `INSERT INTO blocked_emails (media_id, email, blocked_at, scope) VALUES (?, ?, ?, ?)
             ON CONFLICT (media_id, email) DO UPDATE SET scope = CASE WHEN excluded.scope = 'everywhere' THEN 'everywhere' ELSE blocked_emails.scope END`,
          )
          .run(p.mediaId, p.email, ctx.nowIso(), scope);
        ctx.audit({ mediaId: p.mediaId, actor, action: 'participant.email-blocked', subjectType: 'participant', subjectId: id, details: { name: p.name, email: p.email, scope } });
      });
      return mod.get(id);
    },
    /** The emails blocked for a media entry, most recently blocked first. */
    blockedEmails(mediaId: number): BlockedEmail[] {
      media.get(mediaId);
      const rows = ctx.stmt('SELECT email, blocked_at, scope FROM blocked_emails WHERE media_id = ? ORDER BY blocked_at DESC, email').all(mediaId) as { email: string; blocked_at: string; scope: BlockScope }[];
      return rows.map((r) => ({ mediaId, email: r.email, blockedAt: r.blocked_at, scope: r.scope }));
    },
    /** Lets a blocked email ask to join this media entry again; an email that isn't blocked changes nothing. Returns who is still blocked. */
    unblock(mediaId: number, email: string, actor: string): BlockedEmail[] {
      media.get(mediaId);
      if (emailInvisible(email)) throw new AppError('EMAIL_INVISIBLE_CHARACTER');
      if (!isValidEmail(email)) throw new AppError('EMAIL_INVALID');
      const normalized = normalizeEmail(email);
      ctx.write(() => {
        const gone = ctx.stmt('DELETE FROM blocked_emails WHERE media_id = ? AND email = ?').run(mediaId, normalized).changes;
        if (gone) ctx.audit({ mediaId, actor, action: 'participant.email-unblocked', subjectType: 'media', subjectId: mediaId, details: { email: normalized } });
      });
      return mod.blockedEmails(mediaId);
    },
    /** Whether an email is blocked for a media entry, for someone coming in that way (P2: an invite only by an "everywhere" block). */
    isBlocked(mediaId: number, email: string, via: 'guest-link' | 'invite'): boolean {
      const scopes = via === 'invite' ? "('everywhere')" : "('guest-links','everywhere')";
      return ctx.stmt(`SELECT 1 FROM blocked_emails WHERE media_id = ? AND email = ? AND scope IN ${scopes}`).get(mediaId, email) !== undefined;
    },
    remove(id: number, actor: string) {
      return mod.transition(id, 'removed', actor);
    },
    leave(id: number, actor: string, reason: LeftReason | null = null) {
      return mod.transition(id, 'left', actor, reason);
    },
    /** The IDs of everyone waiting, in every media entry (the listener's lobby sweep). */
    waitingIds(): number[] {
      return (ctx.stmt("SELECT id FROM participants WHERE state = 'waiting'").all() as { id: number }[]).map((r) => r.id);
    },
    /** P5: whether a page of theirs is open now, for several at once. Written only when it changes; not audited (it is not an action). */
    setPagesOpen(changes: readonly (readonly [id: number, open: boolean])[]): void {
      if (changes.length === 0) return;
      ctx.write(() => {
        for (const [id, open] of changes) {
          const r = ctx.stmt('SELECT media_id, state, page_open FROM participants WHERE id = ?').get(id) as { media_id: number; state: ParticipantState; page_open: number } | undefined;
          if (!r || r.page_open === (open ? 1 : 0)) continue;
          ctx.stmt('UPDATE participants SET page_open = ? WHERE id = ?').run(open ? 1 : 0, id);
          ctx.emit('participant.changed', { mediaId: r.media_id, participantId: id, state: r.state, change: 'presence' });
        }
      });
    },
    /**
     * P2: admits everyone waiting, in one transaction. Returns how many.
     * P5: those whose way in has closed are not admitted; they are marked as
     * left with the reason, and counted apart.
     */
    admitAll(mediaId: number, actor: string): number {
      return mod.admitAllReport(mediaId, actor).admitted;
    },
    admitAllReport(mediaId: number, actor: string): { admitted: number; refused: number } {
      return ctx.write(() => {
        media.get(mediaId);
        const waiting = ctx.stmt("SELECT id FROM participants WHERE media_id = ? AND state = 'waiting' ORDER BY id").all(mediaId) as { id: number }[];
        let refused = 0;
        for (const w of waiting) {
          const reason = mod.closedReason(mod.get(w.id));
          if (reason) {
            mod.transition(w.id, 'left', 'system', reason);
            refused++;
          } else mod.transition(w.id, 'admitted', actor);
        }
        return { admitted: waiting.length - refused, refused };
      });
    },
    setHand(id: number, raised: boolean): Participant {
      ctx.write(() => {
        const p = mod.get(id);
        if (p.state !== 'admitted') throw new AppError('PARTICIPANT_STATE');
        ctx.stmt('UPDATE participants SET hand_raised = ?, updated_at = ? WHERE id = ?').run(raised ? 1 : 0, ctx.nowIso(), id);
        ctx.emit('participant.changed', { mediaId: p.mediaId, participantId: id, state: p.state, change: 'hand' });
      });
      return mod.get(id);
    },
    /** Link activity: page views → submits → admitted / denied / left, per link and invite. */
    funnel(mediaId: number): LinkFunnel[] {
      media.get(mediaId);
      const counts = ctx
        .stmt(
          `SELECT guest_link_id, invite_id, state, count(*) AS n FROM participants WHERE media_id = ? GROUP BY guest_link_id, invite_id, state`,
        )
        .all(mediaId) as { guest_link_id: number | null; invite_id: number | null; state: ParticipantState; n: number }[];
      const tally = (key: (c: (typeof counts)[number]) => boolean) => {
        const t = { admitted: 0, denied: 0, left: 0, waiting: 0, removed: 0 };
        for (const c of counts) if (key(c)) t[c.state] += c.n;
        return t;
      };
      const links = ctx.stmt('SELECT id, name, views, submits, deleted_at FROM guest_links WHERE media_id = ? ORDER BY id').all(mediaId) as {
        id: number;
        name: string;
        views: number;
        submits: number;
        deleted_at: string | null;
      }[];
      const invites = ctx.stmt('SELECT id, email, views, submits FROM invites WHERE media_id = ? ORDER BY id').all(mediaId) as {
        id: number;
        email: string;
        views: number;
        submits: number;
      }[];
      return [
        ...links.map((l) => ({
          source: { kind: 'guest-link' as const, linkId: l.id, linkName: l.name, deleted: l.deleted_at !== null },
          views: l.views,
          submits: l.submits,
          ...tally((c) => c.guest_link_id === l.id),
        })),
        ...invites.map((i) => ({
          source: { kind: 'invite' as const, inviteId: i.id, email: i.email },
          views: i.views,
          submits: i.submits,
          ...tally((c) => c.invite_id === i.id),
        })),
      ];
    },
  };
  return mod;
}
export type ParticipantsModule = ReturnType<typeof participantsModule>;
