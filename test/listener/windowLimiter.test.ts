// S2: the rate limiter's memory is kept in check at a bounded cost. Pure: a
// fake clock, no listener. Cost is counted in entries looked at, not time.
import { describe, expect, it } from 'vitest';
import { WindowLimiter } from '../../src-main/listener/security';

describe('S2: WindowLimiter drops expired keys at a bounded cost', () => {
  it('S2: past 50,000 live addresses, each new address costs O(1) (no rescan of the whole table)', () => {
    let t = 0;
    const l = new WindowLimiter(5, 60_000, () => t);
    for (let i = 0; i < 60_000; i++) {
      l.hit(`a${i}`);
      t += 0.5; // 30 s for all of them: every window is still open
    }
    const before = l.pruneSteps;
    for (let i = 0; i < 1_000; i++) l.hit(`b${i}`);
    // A whole-table scan per new key would be 60,000,000 steps here.
    expect(l.pruneSteps - before).toBeLessThanOrEqual(1_000);
    expect(l.size).toBe(61_000);
  });

  it('S2: expired keys go, live ones stay and keep their counts, and the total cost is at most one step per key plus one per new window', () => {
    let t = 0;
    const l = new WindowLimiter(2, 1_000, () => t);
    for (let i = 0; i < 10_000; i++) l.hit(`old${i}`);
    t = 500;
    l.hit('live');
    l.hit('live');
    t = 1_200; // the old keys' windows ended at 1,000; 'live' ends at 1,500
    l.hit('new');
    expect(l.size).toBe(2);
    expect(l.hit('live')).toBe(false); // still counted in its window
    expect(l.blocked('live')).toBe(true);
    const windows = 10_000 + 2;
    expect(l.pruneSteps).toBeLessThanOrEqual(10_000 + windows);
    t = 1_600; // 'live' restarts its window: moved to the end, counted from zero
    expect(l.hit('live')).toBe(true);
    expect(l.size).toBe(2);
  });
});
