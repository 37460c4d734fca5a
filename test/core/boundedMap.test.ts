// The caches on the hot paths (kept link views, recent denials, browser hashes,
// remembered browser IDs and CSRF tokens, schedule texts) share one bound.
import { describe, expect, it } from 'vitest';
import { BoundedMap } from '../../src-main/core/boundedMap';

describe('BoundedMap', () => {
  it('never holds more than its bound: a new key when full starts it over; an existing key is updated in place', () => {
    const m = new BoundedMap<string, number>(3);
    for (const [i, k] of ['a', 'b', 'c'].entries()) m.set(k, i);
    m.set('b', 10);
    expect([...m]).toEqual([['a', 0], ['b', 10], ['c', 2]]);
    m.set('d', 3);
    expect([...m]).toEqual([['d', 3]]);
    for (let i = 0; i < 100; i++) m.set(`k${i}`, i);
    expect(m.size).toBeLessThanOrEqual(3);
  });
});
