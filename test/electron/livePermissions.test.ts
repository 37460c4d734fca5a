// V7: the live window's session grants camera and microphone to the
// listener's own origin only (exact scheme, host and port) and denies every
// other permission, origin and media type; its navigation stays on that origin.
import { describe, expect, it } from 'vitest';
import { decideLivePermission, exactOrigin } from '../../src-main/electron/permissions';
import { isLiveNavigationAllowed } from '../../src-main/electron/trustedUrl';

const ORIGIN = 'http://127.0.0.1:4410';
const allowed = (permission: string, url: string, types: string[] = ['audio', 'video'], origin = ORIGIN) => decideLivePermission(permission, url, origin, types).allowed;

describe('V7: decideLivePermission', () => {
  it('grants camera and microphone to the live session origin, for any page of it', () => {
    expect(allowed('media', 'http://127.0.0.1:4410/s')).toBe(true);
    expect(allowed('media', 'http://127.0.0.1:4410/s', ['audio'])).toBe(true);
    expect(allowed('media', 'http://127.0.0.1:4410/s', ['video'])).toBe(true);
    // A check handler passes the requesting origin alone.
    expect(allowed('media', 'http://127.0.0.1:4410', ['video'])).toBe(true);
  });

  it('denies another scheme, host or port, and junk', () => {
    for (const url of ['https://127.0.0.1:4410/s', 'http://127.0.0.1:4411/s', 'http://localhost:4410/s', 'http://127.0.0.2:4410/s', 'http://127.0.0.1/s', 'http://127.0.0.1:4410.evil.example/s', 'file:///s', 'app://guestlist/index.html', 'null', '', 'not a url']) {
      expect(allowed('media', url), url).toBe(false);
    }
  });

  it('denies everything when the live origin itself is not an http(s) origin', () => {
    expect(allowed('media', 'http://127.0.0.1:4410/s', ['audio'], '')).toBe(false);
    expect(allowed('media', 'null', ['audio'], 'null')).toBe(false);
  });

  it('denies every other permission, even from the live origin', () => {
    for (const p of ['notifications', 'geolocation', 'clipboard-read', 'clipboard-sanitized-write', 'display-capture', 'midi', 'midiSysex', 'pointerLock', 'fullscreen', 'openExternal', 'hid', 'serial', 'usb', 'idle-detection', 'window-management', 'unknown']) {
      expect(allowed(p, 'http://127.0.0.1:4410/s'), p).toBe(false);
    }
  });

  it('denies other media types, and a request that names none', () => {
    expect(allowed('media', 'http://127.0.0.1:4410/s', ['unknown'])).toBe(false);
    expect(allowed('media', 'http://127.0.0.1:4410/s', ['audio', 'screen'])).toBe(false);
    expect(allowed('media', 'http://127.0.0.1:4410/s', [])).toBe(false);
  });

  it('says why', () => {
    expect(decideLivePermission('geolocation', 'http://127.0.0.1:4410/s', ORIGIN, [])).toMatchObject({ allowed: false, reason: 'only camera and microphone are allowed' });
    expect(decideLivePermission('media', 'http://evil.example/', ORIGIN, ['audio']).reason).toContain('http://evil.example');
  });
});

describe('V7: the live window stays on its origin', () => {
  it('exactOrigin keeps scheme, host and port, drops default ports, refuses the rest', () => {
    expect(exactOrigin('http://127.0.0.1:4410/a/x?y#z')).toBe('http://127.0.0.1:4410');
    expect(exactOrigin('http://127.0.0.1:80/')).toBe('http://127.0.0.1');
    expect(exactOrigin('data:text/html,hi')).toBeNull();
    expect(exactOrigin('::')).toBeNull();
  });

  it('allows the room page, its forms and redirects on the same origin; nothing else', () => {
    expect(isLiveNavigationAllowed('http://127.0.0.1:4410/s', ORIGIN)).toBe(true);
    expect(isLiveNavigationAllowed('http://127.0.0.1:4410/s/leave', ORIGIN)).toBe(true);
    expect(isLiveNavigationAllowed('https://127.0.0.1:4410/s', ORIGIN)).toBe(false);
    expect(isLiveNavigationAllowed('http://127.0.0.1:4411/s', ORIGIN)).toBe(false);
    expect(isLiveNavigationAllowed('https://example.org/', ORIGIN)).toBe(false);
    expect(isLiveNavigationAllowed('javascript:alert(1)', ORIGIN)).toBe(false);
  });
});
