// S2/S5, issue 23 hot path: browser IDs and CSRF tokens are remembered once
// checked, so a browser's later requests skip the HMAC. Remembering must never
// turn a refusal into an acceptance, nor tie one browser's token to another's.
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { addressKey, BrowserIds, Csrf } from '../../src-main/listener/security';

describe('S5: remembered browser IDs', () => {
  it('an ID issued here is honoured; a forged or altered one is refused however often it is shown', () => {
    const ids = new BrowserIds(crypto.randomBytes(32));
    const good = ids.issue();
    expect(ids.verify(good)).toBe(true);
    const [random, mac] = good.split('.');
    const altered = `${random}.${mac!.slice(0, -1)}${mac!.endsWith('A') ? 'B' : 'A'}`;
    const forged = `${'x'.repeat(32)}.${'y'.repeat(43)}`;
    for (let i = 0; i < 3; i++) {
      expect(ids.verify(altered)).toBe(false);
      expect(ids.verify(forged)).toBe(false);
    }
    expect(ids.verify(good)).toBe(true);
  });

  it("another key's ID is refused even after this key's were remembered; one signed by the same key in another process is honoured", () => {
    const key = crypto.randomBytes(32);
    const here = new BrowserIds(key);
    const elsewhere = new BrowserIds(crypto.randomBytes(32));
    const sameKeyOtherProcess = new BrowserIds(key);
    expect(here.verify(here.issue())).toBe(true);
    const foreign = elsewhere.issue();
    expect(here.verify(foreign)).toBe(false);
    expect(here.verify(foreign)).toBe(false);
    expect(here.verify(sameKeyOtherProcess.issue())).toBe(true);
  });
});

describe('S2: remembered CSRF tokens', () => {
  it("each browser has its own token; a wrong one, or another browser's, is refused before and after it is remembered", () => {
    const csrf = new Csrf();
    const ids = new BrowserIds(crypto.randomBytes(32));
    const a = ids.issue();
    const b = ids.issue();
    const ta = csrf.token(a);
    expect(csrf.token(a)).toBe(ta);
    expect(csrf.token(b)).not.toBe(ta);
    expect(csrf.check(a, ta)).toBe(true);
    expect(csrf.check(b, ta)).toBe(false);
    expect(csrf.check(a, `${ta.slice(0, -1)}x`)).toBe(false);
    expect(csrf.check(a, undefined)).toBe(false);
    expect(new Csrf().check(a, ta)).toBe(false); // another listener process: another key
  });
});

describe('S2: the address a throttle counts', () => {
  it('IPv4 is itself; IPv4-mapped IPv6 is its IPv4; IPv6 counts by its /64', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:DB8:1:2::9%eth0')).toBe('2001:db8:1:2::/64');
  });
});
