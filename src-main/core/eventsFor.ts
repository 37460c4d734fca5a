// One source for domain events (O4): every audited change becomes its events
// here, and only here. `Ctx.audit` emits them for this process's changes
// (after the COMMIT), and the follower of other processes
// (otherProcesses.ts) emits them for the entries another process wrote. So
// the app sees the same events whether a change was made in its window or in
// a terminal. An entry carries all its events need (a participant's link or
// invite is in its details), so nothing is looked up.
//
// Changes that are not audited (a raised hand, a chat message) are emitted
// directly by their module.
import type { DomainEventName, DomainEvents, ParticipantEventChange } from './events';
import type { ParticipantState } from './types';

/** What of an audit entry the events depend on. */
export interface AuditFacts {
  mediaId: number | null;
  action: string;
  subjectId: number | null;
  subjectType: string;
  details: Record<string, unknown>;
}

export type DomainEvent = { [K in DomainEventName]: { name: K; payload: DomainEvents[K] } }[DomainEventName];

const PARTICIPANT: Record<string, { state: ParticipantState; change: ParticipantEventChange }> = {
  'participant.knocked': { state: 'waiting', change: 'waiting' },
  'participant.joined': { state: 'admitted', change: 'admitted' },
  'participant.admitted': { state: 'admitted', change: 'admitted' },
  'participant.denied': { state: 'denied', change: 'denied' },
  'participant.removed': { state: 'removed', change: 'removed' },
  'participant.left': { state: 'left', change: 'left' },
};

/** Entries whose participant keeps their state (waiting or admitted), which the entry records. */
const PARTICIPANT_SAME_STATE: Record<string, ParticipantEventChange> = {
  'participant.session-moved': 'session-moved',
};
const STATES = new Set<unknown>(['waiting', 'admitted', 'denied', 'removed', 'left']);

const LINK: Record<string, DomainEvents['link.changed']['change']> = {
  'link.created': 'created',
  'link.deleted': 'deleted',
  'link.rotated': 'rotated',
  'link.edited': 'edited',
};

const INVITE: Record<string, DomainEvents['invite.changed']['change']> = {
  'invite.created': 'created',
  'invite.revoked': 'revoked',
  'invite.role-changed': 'role',
  'invite.lobby-changed': 'role',
  'invite.email-mismatch': 'mismatch',
  'invite.email-queued': 'mail',
  'invite.emailed': 'mail',
  'invite.email-failed': 'mail',
};

const LIVE: Record<string, DomainEvents['live.changed']['change']> = {
  'live.let-speak': 'let-speak',
  'live.stop-speak': 'stop-speak',
  'live.muted': 'mute',
  'live.muted-all': 'mute-all',
  'live.ended': 'end',
};

/** Actions whose entry means the participant used their link or invite (knock or join). */
const USES_SOURCE = new Set(['participant.knocked', 'participant.joined']);

/** The audit details that say which link or invite a participant came through. */
export function sourceIds(linkId: number | null, inviteId: number | null): { linkId?: number; inviteId?: number } {
  return { ...(linkId !== null ? { linkId } : {}), ...(inviteId !== null ? { inviteId } : {}) };
}

const id = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) ? v : null);

/** The domain events an audit entry stands for, in the order they are emitted. */
export function eventsFor(e: AuditFacts): DomainEvent[] {
  const mediaId = e.mediaId;
  const subject = e.subjectId;
  const live = LIVE[e.action];
  if (live && mediaId !== null) return [{ name: 'live.changed', payload: { mediaId, participantId: e.subjectType === 'participant' ? subject : null, change: live } }];
  if (mediaId === null || subject === null) return [];
  const same = PARTICIPANT_SAME_STATE[e.action];
  if (same) {
    const state = STATES.has(e.details.state) ? (e.details.state as ParticipantState) : null;
    return state ? [{ name: 'participant.changed', payload: { mediaId, participantId: subject, state, change: same } }] : [];
  }
  const p = PARTICIPANT[e.action];
  if (p) {
    const out: DomainEvent[] = [{ name: 'participant.changed', payload: { mediaId, participantId: subject, state: p.state, change: p.change } }];
    const linkId = id(e.details.linkId);
    const inviteId = id(e.details.inviteId);
    if (linkId !== null && USES_SOURCE.has(e.action)) out.push({ name: 'link.changed', payload: { mediaId, linkId, change: 'used' } });
    // An invitee who knocks, joins or is admitted changes the invite's "last joined" and funnel.
    if (inviteId !== null && (USES_SOURCE.has(e.action) || e.action === 'participant.admitted')) out.push({ name: 'invite.changed', payload: { mediaId, inviteId, change: 'used' } });
    return out;
  }
  const link = LINK[e.action];
  if (link) return [{ name: 'link.changed', payload: { mediaId, linkId: subject, change: link } }];
  const invite = INVITE[e.action];
  if (invite) return [{ name: 'invite.changed', payload: { mediaId, inviteId: subject, change: invite } }];
  if (e.subjectType === 'media') return [{ name: 'media.changed', payload: { mediaId } }];
  return [];
}
