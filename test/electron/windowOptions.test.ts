import { describe, expect, it } from 'vitest';
import { rendererCsp } from '../../src-main/electron/csp';
import { decidePermission } from '../../src-main/electron/permissions';
import { hardenedWebPreferences, windowOptions } from '../../src-main/electron/windowOptions';

describe('S4: hardened window options', () => {
  const opts = windowOptions('/app/out/preload/index.js');

  it.each([
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInWorker', false],
    ['nodeIntegrationInSubFrames', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['webviewTag', false],
    ['experimentalFeatures', false],
    ['enableBlinkFeatures', ''],
    ['navigateOnDragDrop', false],
    ['disableBlinkFeatures', 'Auxclick'],
  ] as const)('webPreferences.%s is %j', (key, value) => {
    expect(Object.hasOwn(opts.webPreferences, key)).toBe(true);
    expect(opts.webPreferences[key]).toBe(value);
  });

  it('sets no option that weakens a window', () => {
    const prefs = opts.webPreferences as unknown as Record<string, unknown>;
    for (const k of ['nodeIntegration', 'allowRunningInsecureContent', 'webviewTag', 'experimentalFeatures', 'nodeIntegrationInWorker', 'nodeIntegrationInSubFrames']) expect(prefs[k]).toBe(false);
    expect(prefs.additionalArguments).toBeUndefined();
    expect(prefs.preload).toBe('/app/out/preload/index.js');
  });

  it('shares its hardening with the live window (hardenedWebPreferences: the same flags, no preload)', () => {
    const { preload, ...rest } = opts.webPreferences;
    expect(preload).toBe('/app/out/preload/index.js');
    expect(hardenedWebPreferences()).toEqual(rest);
    expect(hardenedWebPreferences()).not.toHaveProperty('preload');
  });

  it('does not show the window before it is ready, and restores only sane bounds', () => {
    expect(opts.show).toBe(false);
    expect(windowOptions('/p', { width: 1000, height: 700, x: 10, y: 20 })).toMatchObject({ width: 1000, height: 700, x: 10, y: 20 });
    const bad = windowOptions('/p', { width: -5, height: 1e9 });
    expect(bad.width).toBe(1200);
    expect(bad.height).toBe(800);
    expect(bad).not.toHaveProperty('x');
  });
});

describe('S4: renderer CSP', () => {
  it('allows only our own scripts in a packaged build', () => {
    const csp = rendererCsp();
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-(inline|eval)/);
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("default-src 'self'");
  });
  it('adds the dev server only when one is given', () => {
    expect(rendererCsp('http://localhost:5173/')).toContain('ws://localhost:5173');
    expect(rendererCsp()).not.toContain('localhost');
    expect(rendererCsp('javascript:alert(1)')).not.toContain('javascript');
  });
});

describe('S4: permissions are denied by default', () => {
  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'openExternal', 'hid', 'serial', 'usb'])('denies %s', (perm) => {
    expect(decidePermission(perm, 'app://guestlist/index.html', true).allowed).toBe(false);
  });
  it('denies anything asked by an untrusted origin', () => {
    const d = decidePermission('fullscreen', 'https://evil.example/', false);
    expect(d.allowed).toBe(false);
    expect(d.reason).toContain('https://evil.example');
  });
});
