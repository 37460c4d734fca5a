// M1: the console reads a schedule's wall-clock time with the same pure function as the CLI (src-main/core/zonedTime.ts).
import { describe, expect, it } from 'vitest';
import * as format from '../../src-renderer/format';
import * as shared from '../../src-main/core/zonedTime';

describe('M1: the console and the CLI read a wall time in a zone the same way', () => {
  it('M1: the console\'s zonedLocalToIso/isoToZonedLocal are the shared ones', () => {
    expect(format.zonedLocalToIso).toBe(shared.zonedLocalToIso);
    expect(format.isoToZonedLocal).toBe(shared.isoToZonedLocal);
    expect(format.zonedLocalToIso('2026-12-10T10:00', 'America/New_York')).toBe('2026-12-10T15:00:00.000Z');
  });
});
