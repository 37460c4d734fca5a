// M1: a schedule's wall-clock time is read in the schedule's own time zone, by
// one pure function that the console and the CLI share (src-main/core/zonedTime.ts).
import { describe, expect, it } from 'vitest';
import { dateTimeProblem, hasOffset, isoToZonedLocal, zonedLocalToIso } from '../../src-main/core/zonedTime';

describe('M1: wall-clock time in a zone <-> an instant (shared by the console and the CLI; test/renderer/zonedTime.test.tsx checks the console uses it)', () => {
  it('M1: 10:00 in New York in December is 15:00 UTC, whatever this process\'s own zone', () => {
    expect(zonedLocalToIso('2026-12-10T10:00', 'America/New_York')).toBe('2026-12-10T15:00:00.000Z');
    expect(zonedLocalToIso('2026-07-10T10:00', 'America/New_York')).toBe('2026-07-10T14:00:00.000Z');
    expect(zonedLocalToIso('2026-12-10T10:00:30', 'Asia/Kolkata')).toBe('2026-12-10T04:30:30.000Z');
    expect(isoToZonedLocal('2026-12-10T15:00:00.000Z', 'America/New_York')).toBe('2026-12-10T10:00');
  });

  it('M1: around clock changes: a skipped wall time takes the new offset, a repeated one is the first', () => {
    expect(zonedLocalToIso('2026-03-08T02:30', 'America/New_York')).toBe('2026-03-08T06:30:00.000Z');
    expect(zonedLocalToIso('2026-11-01T01:30', 'America/New_York')).toBe('2026-11-01T05:30:00.000Z');
  });

  it('M1: a time that is not real is refused, and the problem names the part', () => {
    expect(zonedLocalToIso('2026-13-10T10:00', 'Europe/Paris')).toBeNull();
    expect(dateTimeProblem('2026-13-10T10:00')).toMatch(/month 13/);
    expect(dateTimeProblem('2026-02-30T10:00Z')).toMatch(/day 30 .*28 days/);
    expect(dateTimeProblem('2026-12-10T24:00')).toMatch(/hour 24/);
    expect(dateTimeProblem('2026-12-10T10:60')).toMatch(/minute 60/);
    expect(dateTimeProblem('next tuesday')).toMatch(/not a date and time/);
    expect(dateTimeProblem('2026-12-10T10:00')).toBeNull();
    expect(dateTimeProblem('2026-12-10T10:00:00+09:00')).toBeNull();
  });

  it('M1: a time with an offset names its own instant; one without needs a zone', () => {
    expect(hasOffset('2026-12-10T10:00:00Z')).toBe(true);
    expect(hasOffset('2026-12-10T10:00-05:00')).toBe(true);
    expect(hasOffset('2026-12-10T10:00')).toBe(false);
    expect(zonedLocalToIso('2026-12-10T10:00Z', 'Europe/Paris')).toBeNull();
  });
});
