// Pure formatting helpers: dates, schedules, clicks. No state.
import type { GuestLink, InviteStatus, MediaKind, ParticipantSource, Schedule } from '../src-main/core/types';

export const KIND_LABELS: Record<MediaKind, string> = {
  media: 'Media',
  room: 'Room',
  'channel-room': 'Channel room',
  'gallery-room': 'Gallery room',
};

/** Room kinds have a live session, and so a Participants tab. */
export function isRoomKind(kind: MediaKind): boolean {
  switch (kind) {
    case 'media':
      return false;
    case 'room':
    case 'channel-room':
    case 'gallery-room':
      return true;
    default: {
      const never: never = kind;
      return never;
    }
  }
}

export const MAX_GUEST_LINKS = 3;

export function linkCountText(n: number): string {
  return n === 1 ? '1 link' : `${n} links`;
}

/** G5: used/limit, or "unlimited" (with the uses so far, once there are some). */
export function clicksText(link: Pick<GuestLink, 'uses' | 'maxUses'>): string {
  if (link.maxUses !== null) return `${link.uses}/${link.maxUses}`;
  return link.uses === 0 ? 'unlimited' : `${link.uses}/unlimited`;
}

/** "1 submit", "2 submits". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

// Dates and times follow the language chosen in Settings; the app's own text is English.
let displayLocale = 'en-US';
export function setDisplayLocale(lang: string): void {
  try {
    displayLocale = Intl.DateTimeFormat.supportedLocalesOf([lang]).length ? lang : 'en-US';
  } catch {
    displayLocale = 'en-US';
  }
}

export function formatDate(iso: string | null, timeZone?: string): string {
  if (!iso) return 'Never';
  return new Intl.DateTimeFormat(displayLocale, { dateStyle: 'long', timeZone }).format(new Date(iso));
}

export function formatDateTime(iso: string | null): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(displayLocale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

export function formatTime(iso: string | null): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(displayLocale, { timeStyle: 'short' }).format(new Date(iso));
}

export function formatSchedule(s: Schedule | null): string {
  if (!s) return 'Not scheduled';
  const day = new Intl.DateTimeFormat(displayLocale, { dateStyle: 'full', timeZone: s.timeZone }).format(new Date(s.startsAt));
  const t = new Intl.DateTimeFormat(displayLocale, { timeStyle: 'short', timeZone: s.timeZone });
  return `${day} ${t.format(new Date(s.startsAt))} – ${t.format(new Date(s.endsAt))} (${s.timeZone})`;
}

export function sourceText(source: ParticipantSource): string {
  switch (source.kind) {
    case 'guest-link':
      return `Guest link “${source.linkName}”`;
    case 'invite':
      return 'Invite';
    default: {
      const never: never = source;
      return never;
    }
  }
}

export const INVITE_STATUS_LABELS: Record<InviteStatus, string> = {
  pending: 'Pending',
  joined: 'Joined',
  revoked: 'Revoked',
  expired: 'Expired',
};

export const LINK_STATE_LABELS: Record<GuestLink['state'], string> = {
  active: 'Active',
  'guest-access-off': 'Guest access off',
  expired: 'Expired',
  'no-clicks-left': 'No clicks left',
  'media-unavailable': 'Media unavailable',
  deleted: 'Deleted',
};

// ---- wall-clock time in a time zone <-> UTC ----
function tzOffsetMs(utcMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(utcMs));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - Math.floor(utcMs / 1000) * 1000;
}

/** "2026-04-23T10:00" read as a wall-clock time in `timeZone`, as an ISO UTC string. */
export function zonedLocalToIso(local: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(local);
  if (!m) return null;
  const wall = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!);
  let utc = wall - tzOffsetMs(wall, timeZone);
  utc = wall - tzOffsetMs(utc, timeZone);
  return new Date(utc).toISOString();
}

export function isoToZonedLocal(iso: string, timeZone: string): string {
  const ms = Date.parse(iso);
  return new Date(ms + tzOffsetMs(ms, timeZone)).toISOString().slice(0, 16);
}

export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  return intl.supportedValuesOf?.('timeZone') ?? ['UTC'];
}
