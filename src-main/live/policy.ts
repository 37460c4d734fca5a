// What each person may ask of the live session (V2, S5). The table is the
// spec: one row per kind of standing, one column per request the relay
// understands. It is applied to every message, at the moment it passes, from
// the participant's current record, never from what the socket was at
// connect. Anything not in the table (a raw Janus request, a moderation
// request, another room) is unknown and refused before this is asked.
import type { Participant } from '../core/types';

export const LIVE_REQUESTS = ['subscribe', 'start', 'unsubscribe', 'trickle', 'publish', 'unpublish', 'media'] as const;
export type LiveRequest = (typeof LIVE_REQUESTS)[number];

/** listener: watches and listens (viewer, guest-link guest). sender: also publishes (speaker, moderator, or let speak). */
export type LivePower = 'listener' | 'sender';

export const LIVE_POLICY: Record<LivePower, Record<LiveRequest, boolean>> = {
  listener: { subscribe: true, start: true, unsubscribe: true, trickle: true, publish: false, unpublish: true, media: false },
  sender: { subscribe: true, start: true, unsubscribe: true, trickle: true, publish: true, unpublish: true, media: true },
};

export interface LiveStanding {
  /** Admitted, with the session this socket opened with still theirs. */
  inRoom: boolean;
  /** Speaker or moderator through an invite still in good standing, or let speak for this session. */
  maySend: boolean;
}

export type LiveDecision = { ok: true } | { ok: false; code: 'LIVE_NOT_IN_ROOM' | 'LIVE_NOT_ALLOWED'; message: string };

export function decide(standing: LiveStanding, request: LiveRequest): LiveDecision {
  if (!standing.inRoom) return { ok: false, code: 'LIVE_NOT_IN_ROOM', message: 'You are no longer in this room.' };
  const power: LivePower = standing.maySend ? 'sender' : 'listener';
  if (LIVE_POLICY[power][request]) return { ok: true };
  return { ok: false, code: 'LIVE_NOT_ALLOWED', message: 'Your role in this room does not allow that.' };
}

/**
 * A participant's standing for the live session. `inviteGood` says whether
 * their invite is still good (not revoked or expired, media available);
 * `letSpeak` is the moderator's permission for this session only (G8: a
 * guest-link guest never gets a role, only this).
 */
export function liveStanding(p: Participant | null, opts: { sessionCurrent: boolean; inviteGood: boolean; letSpeak: boolean }): LiveStanding {
  const inRoom = !!p && p.state === 'admitted' && opts.sessionCurrent;
  const byRole = !!p && p.source.kind === 'invite' && (p.role === 'speaker' || p.role === 'moderator') && opts.inviteGood;
  return { inRoom, maySend: inRoom && (byRole || opts.letSpeak) };
}
