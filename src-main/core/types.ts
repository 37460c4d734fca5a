// Domain types shared by core, api, listener and (type-only) renderer.

export const MEDIA_KINDS = ['media', 'room', 'channel-room', 'gallery-room'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

export const INVITE_ROLES = ['viewer', 'speaker', 'moderator'] as const;
export type InviteRole = (typeof INVITE_ROLES)[number];
/** A guest who came through a guest link has no role (G8); we call it 'guest'. */
export type ParticipantRole = InviteRole | 'guest';

export const PARTICIPANT_STATES = ['waiting', 'admitted', 'denied', 'removed', 'left'] as const;
export type ParticipantState = (typeof PARTICIPANT_STATES)[number];

export type InviteStatus = 'pending' | 'joined' | 'revoked' | 'expired';

/** Why a link can't be used (D1), plus a moderator's denial in the lobby. */
export const DENIAL_REASONS = [
  'guest-access-off',
  'link-expired',
  'no-clicks-left',
  'link-deleted',
  'media-unavailable',
  'unknown-link',
  'invite-revoked',
  'email-mismatch',
  'denied-by-moderator',
  'removed-by-moderator',
  'session-ended',
] as const;
export type DenialReason = (typeof DENIAL_REASONS)[number];

/**
 * Why someone is "left" (P5): they said so (null), their lobby page was gone
 * past the grace period, or their way in had closed when they refreshed or
 * when a moderator tried to admit them.
 */
export type LeftReason = 'page-closed' | DenialReason;

/** The state a guest link is in, as the moderator sees it in the list. */
export type GuestLinkState = 'active' | 'guest-access-off' | 'expired' | 'no-clicks-left' | 'media-unavailable' | 'deleted';

export interface Schedule {
  startsAt: string; // ISO 8601, UTC
  endsAt: string;
  timeZone: string; // IANA zone, e.g. Europe/Paris
}

export interface Media {
  id: number;
  kind: MediaKind;
  title: string;
  description: string;
  schedule: Schedule | null;
  /** With a schedule: guests are let in from this many minutes before the start; earlier, they wait in the lobby. */
  doorsOpenMinutes: number;
  /** Shown on the denied page (D1): an email or a sentence; '' for none. */
  contact: string;
  filePath: string | null;
  available: boolean;
  guestAccess: boolean;
  requireAdmission: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface GuestLink {
  id: number;
  mediaId: number;
  name: string;
  token: string;
  url: string;
  maxUses: number | null;
  uses: number;
  expiresAt: string | null;
  createdAt: string;
  deletedAt: string | null;
  state: GuestLinkState;
  views: number;
  submits: number;
}

export interface Invite {
  id: number;
  mediaId: number;
  email: string;
  displayName: string | null;
  nameLocked: boolean;
  role: InviteRole;
  token: string;
  url: string;
  status: InviteStatus;
  skipLobby: boolean;
  expiresAt: string | null;
  createdAt: string;
  lastJoinedAt: string | null;
  views: number;
  submits: number;
  mismatches: number;
  /** The language of its email; null: the mail settings' default. */
  lang: 'en' | 'fr' | 'es' | 'he' | null;
  /** Its email: null when it was never sent by email (a link copied or composed by hand). */
  mail: InviteMailStatus | null;
}

/** Where an invite's email is: waiting its turn, going out now, accepted by the server, or refused (with the server's reason). */
export interface InviteMailStatus {
  state: 'queued' | 'sending' | 'sent' | 'failed';
  queuedAt: string;
  sentAt: string | null;
  error: string | null;
}

export type ParticipantSource =
  | { kind: 'guest-link'; linkId: number; linkName: string }
  | { kind: 'invite'; inviteId: number; email: string };

/** An email a moderator blocked for one media entry ("Deny and block"). */
export interface BlockedEmail {
  mediaId: number;
  email: string;
  blockedAt: string;
  /**
   * P2: where the block applies. A block made from a guest-link knock
   * ("guest-links") refuses that email on guest links only: the invite sent
   * to that address still works, since the person who knocked may not own it.
   * A block made from an invitee's knock applies "everywhere".
   */
  scope: BlockScope;
}

export type BlockScope = 'guest-links' | 'everywhere';

export interface Participant {
  id: number;
  mediaId: number;
  name: string;
  email: string;
  role: ParticipantRole;
  state: ParticipantState;
  source: ParticipantSource;
  handRaised: boolean;
  knockedAt: string;
  joinedAt: string | null;
  updatedAt: string;
  /** Only for state "left": why (null when they left by themselves). */
  leftReason: LeftReason | null;
  /** A page of theirs (lobby or session) is open right now. */
  pageOpen: boolean;
}

/** The two lists of the Participants screen: people waiting in the lobby, and people in the room. */
export const PARTICIPANT_SECTIONS = ['waiting', 'room'] as const;
export type ParticipantSection = (typeof PARTICIPANT_SECTIONS)[number];

/**
 * Where a page of one section ends: its last row's place in the section's
 * order. Waiting is in knock order (rank 0, then ID); In the room puts
 * raised hands first, then people whose page is open (rank 0–3, then ID).
 */
export interface ParticipantCursor {
  rank: number;
  id: number;
}

/** What narrows a section: text in the name or email, a raised hand, an open or closed page. */
export interface ParticipantFilter {
  search?: string;
  handRaised?: boolean;
  pageOpen?: boolean;
}

export interface ParticipantPage {
  rows: Participant[];
  /** Pass it as `after` for the next page; null when this was the last. */
  next: ParticipantCursor | null;
}

/** The headers' numbers; `*Matching` apply the filter (the same as the totals without one). */
export interface ParticipantCounts {
  waiting: number;
  inRoom: number;
  connected: number;
  handsRaised: number;
  waitingMatching: number;
  inRoomMatching: number;
}

export interface AuditEntry {
  id: number;
  mediaId: number | null;
  at: string;
  actor: string;
  action: string;
  subjectType: string;
  subjectId: number | null;
  details: Record<string, unknown>;
}

export interface ChatMessage {
  id: number;
  mediaId: number;
  participantId: number;
  name: string;
  body: string;
  at: string;
}

export interface LinkFunnel {
  source: ParticipantSource & { deleted?: boolean };
  views: number;
  submits: number;
  admitted: number;
  denied: number;
  left: number;
  waiting: number;
  removed: number;
}
