// Pure formatting helpers: dates, schedules, clicks. The only state is the date locale.
// Words come from the caller's translator (i18n.ts, typed in locales/types.ts); this file only formats.
import type { GuestLink, LeftReason, MediaKind, ParticipantSource, Schedule } from '../src-main/core/types';
import type { T } from './locales/types';

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

export function linkCountText(n: number, t: T): string {
  return t('ga.linkCount', { count: n });
}

/** G5: used/limit, or "unlimited" (with the uses so far, once there are some). */
export function clicksText(link: Pick<GuestLink, 'uses' | 'maxUses'>, t: T): string {
  if (link.maxUses !== null) return `${link.uses}/${link.maxUses}`;
  return link.uses === 0 ? t('clicks.unlimited') : t('clicks.usedOfUnlimited', { uses: link.uses });
}

// Dates and times follow the language chosen in Settings, like the app's text (i18n.ts sets it).
let displayLocale = 'en-US';
export function setDisplayLocale(lang: string): void {
  try {
    displayLocale = Intl.DateTimeFormat.supportedLocalesOf([lang]).length ? lang : 'en-US';
  } catch {
    displayLocale = 'en-US';
  }
}

/**
 * Building an Intl formatter costs tens of µs, and a table formats a time
 * per visible row on every render: formatters are made once per locale and options.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function dateFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${displayLocale} ${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(displayLocale, options);
    if (formatters.size >= 200) formatters.clear();
    formatters.set(key, f);
  }
  return f;
}

export function formatDate(iso: string | null, t: T, timeZone?: string): string {
  if (!iso) return t('date.never');
  return dateFormat({ dateStyle: 'long', timeZone }).format(new Date(iso));
}

/**
 * A link's expiry: the date and the time, with the zone, in the media's zone
 * when it has a schedule (this computer's otherwise). "Never" without one.
 */
export function formatExpiry(iso: string | null, t: T, timeZone?: string): string {
  if (!iso) return t('date.never');
  const opts: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' };
  try {
    return dateFormat({ ...opts, timeZone }).format(new Date(iso));
  } catch {
    return dateFormat(opts).format(new Date(iso));
  }
}

export function formatDateTime(iso: string | null): string {
  if (!iso) return '—';
  return dateFormat({ dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

export function formatTime(iso: string | null): string {
  if (!iso) return '—';
  return dateFormat({ timeStyle: 'short' }).format(new Date(iso));
}

export function formatSchedule(s: Schedule | null, t: T): string {
  if (!s) return t('schedule.none');
  const day = dateFormat({ dateStyle: 'full', timeZone: s.timeZone }).format(new Date(s.startsAt));
  const time = dateFormat({ timeStyle: 'short', timeZone: s.timeZone });
  // The time zone ID is Latin text: isolated in a right-to-left language, like any value in a sentence.
  const zone = t.dir === 'rtl' ? `\u2068${s.timeZone}\u2069` : s.timeZone;
  return `${day} ${time.format(new Date(s.startsAt))} – ${time.format(new Date(s.endsAt))} (${zone})`;
}

export function sourceText(source: ParticipantSource, t: T): string {
  switch (source.kind) {
    case 'guest-link':
      return t('source.guestLink', { name: source.linkName });
    case 'invite':
      return t('source.invite');
    default: {
      const never: never = source;
      return never;
    }
  }
}

// Wall-clock time in a time zone <-> UTC: shared with the CLI, so both read a schedule the same way.
export { isoToZonedLocal, localTimeZone, zonedLocalToIso } from '../src-main/core/zonedTime';

export function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  return intl.supportedValuesOf?.('timeZone') ?? ['UTC'];
}

/** Why someone left (P5), in a few words; the reason's code for one this console doesn't name. */
export function leftReasonText(reason: LeftReason | string, t: T): string {
  switch (reason) {
    case 'page-closed':
      return t('leftReason.page-closed');
    case 'guest-access-off':
      return t('linkState.guest-access-off');
    case 'link-expired':
      return t('linkState.expired');
    case 'link-deleted':
      return t('linkState.deleted');
    case 'media-unavailable':
      return t('linkState.media-unavailable');
    case 'no-clicks-left':
      return t('linkState.no-clicks-left');
    case 'invite-revoked':
      return t('inviteStatus.revoked');
    case 'session-ended':
      return t('leftReason.session-ended');
    default:
      return reason;
  }
}
