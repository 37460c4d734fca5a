// Wall-clock time in a time zone <-> an instant. Pure (Intl only, no imports):
// the console (src-renderer/format.ts) and the CLI both read "2026-12-10T10:00"
// in a schedule's zone through these, so the two store the same instant.

/** How far `timeZone` is ahead of UTC at the instant `utcMs`, in ms. */
export function tzOffsetMs(utcMs: number, timeZone: string): number {
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

const WALL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;
/** A trailing UTC offset: Z, +09:00, -0500. */
const OFFSET = /(?:Z|[+-]\d{2}:?\d{2})$/i;

/** Whether an ISO-like time names its own offset ("…Z", "…+09:00"), so no time zone is needed to read it. */
export function hasOffset(s: string): boolean {
  return OFFSET.test(s.trim());
}

export function isTimeZone(tz: string): boolean {
  if (!tz) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * What is wrong with a date and time written as YYYY-MM-DDTHH:MM[:SS] (with or
 * without an offset), in a few words naming the part; null when nothing is.
 */
export function dateTimeProblem(s: string): string | null {
  const text = s.trim();
  const offset = OFFSET.exec(text);
  if (offset && /^[+-]/.test(offset[0])) {
    const [h, m] = [Number(offset[0].slice(1, 3)), Number(offset[0].slice(-2))];
    if (h > 23 || m > 59) return `the offset ${offset[0]} is not a UTC offset`;
  }
  const m = WALL.exec(offset ? text.slice(0, -offset[0].length) : text);
  if (!m) return 'it is not a date and time like 2027-03-15T10:00';
  const [year, month, day, hour, minute, second] = [+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0)];
  if (month < 1 || month > 12) return `the month ${m[2]} is not 01 to 12`;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) return `the day ${m[3]} is not 01 to ${daysInMonth} (${year}-${m[2]} has ${daysInMonth} days)`;
  if (hour > 23) return `the hour ${m[4]} is not 00 to 23`;
  if (minute > 59) return `the minute ${m[5]} is not 00 to 59`;
  if (second > 59) return `the second ${m[6]} is not 00 to 59`;
  return null;
}

/**
 * "2026-04-23T10:00" read as a wall-clock time in `timeZone`, as an ISO UTC
 * string; null when it isn't a real date and time (dateTimeProblem says why).
 * Around clock changes (as in the console, which has always used this): a wall
 * time that never happens (02:30 on a spring-forward night in New York) is read
 * with the new offset (06:30Z), and one that happens twice (01:30 on a
 * fall-back night) as the first (05:30Z).
 */
export function zonedLocalToIso(local: string, timeZone: string): string | null {
  const text = local.trim();
  if (hasOffset(text) || dateTimeProblem(text)) return null;
  const m = WALL.exec(text)!;
  const wall = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0), +(m[7] ?? '0').padEnd(3, '0'));
  let utc = wall - tzOffsetMs(wall, timeZone);
  utc = wall - tzOffsetMs(utc, timeZone);
  return new Date(utc).toISOString();
}

/** An instant as the wall-clock time in `timeZone`, "YYYY-MM-DDTHH:MM" (a datetime-local input's value). */
export function isoToZonedLocal(iso: string, timeZone: string): string {
  const ms = Date.parse(iso);
  return new Date(ms + tzOffsetMs(ms, timeZone)).toISOString().slice(0, 16);
}

/** This computer's time zone (the TZ environment variable, or the system's). */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
