import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Conf from 'conf';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DEFAULT_PORT } from '../../src-main/core/settings';
import {
  appSettingsPatchSchema,
  appSettingsSchema,
  DEFAULT_SETTINGS,
  listenerChanged,
  readBounds,
  readSettings,
  SETTINGS_FILE_NAME,
  STORE_DEFAULTS,
  STORE_JSON_SCHEMA,
  type StoredSettings,
  storeOptions,
  trustedProxies,
  validatePatch,
  windowBoundsSchema,
} from '../../src-main/electron/settingsSchema';

const dirs: string[] = [];
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'guestlist-settings-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
const conf = (cwd: string) => new Conf<StoredSettings>({ ...storeOptions(), configName: SETTINGS_FILE_NAME, projectName: 'guestlist', cwd });

describe('L1: desktop settings defaults and validation', () => {
  it('defaults: 127.0.0.1, the default port, English, knock notifications on, logs at info', () => {
    expect(DEFAULT_SETTINGS).toEqual({ host: '127.0.0.1', port: DEFAULT_PORT, linkHost: '', trustProxy: '', language: 'en', notifyOnKnock: true, logLevel: 'info' });
    expect(DEFAULT_PORT).toBe(4410);
    expect(appSettingsSchema.safeParse(DEFAULT_SETTINGS).success).toBe(true);
  });

  it('a fresh store (conf, same options as electron-store) has the defaults, in settings.json', () => {
    const cwd = tmp();
    const store = conf(cwd);
    expect(store.store).toEqual(STORE_DEFAULTS);
    store.set('port', 5000);
    expect(fs.existsSync(path.join(cwd, 'settings.json'))).toBe(true);
    expect(readSettings(conf(cwd).store).port).toBe(5000);
  });

  it.each([0, -1, 65536, 1.5, '4410', null, Number.NaN])('refuses the port %j', (port) => {
    const r = validatePatch({ port });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.field).toBe('port');
  });

  it.each(['', 'example.com', '256.1.1.1', '127.0.0.1:80', 'http://127.0.0.1', '1.2.3', 'localhost; rm -rf /'])('refuses the bind address %j', (host) => {
    const r = validatePatch({ host });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.field).toBe('host');
  });

  it.each(['127.0.0.1', '0.0.0.0', '192.168.1.20', '::', '::1', 'localhost'])('accepts the bind address %j', (host) => {
    expect(validatePatch({ host })).toEqual({ ok: true, value: { host } });
  });

  it('refuses unknown keys, bad languages and non-boolean notification flags', () => {
    expect(validatePatch({ baseUrl: 'http://x' }).ok).toBe(false);
    expect(validatePatch({ language: 'english!' }).ok).toBe(false);
    expect(validatePatch({ notifyOnKnock: 'yes' }).ok).toBe(false);
    expect(validatePatch({ language: 'pt-BR', notifyOnKnock: false })).toEqual({ ok: true, value: { language: 'pt-BR', notifyOnKnock: false } });
  });

  it('the JSON schema electron-store applies refuses a bad port too (and keeps the file usable)', () => {
    const store = conf(tmp());
    expect(() => store.set('port', 70000)).toThrow();
    expect(() => store.set('port', 4411)).not.toThrow();
  });

  it('the JSON schema and the zod schemas accept and refuse the same values, field by field', () => {
    const zodFor: Record<keyof StoredSettings, z.ZodType> = {
      ...appSettingsSchema.shape,
      windowBounds: windowBoundsSchema,
      windowMaximized: z.boolean(),
    };
    expect(Object.keys(STORE_JSON_SCHEMA).sort()).toEqual(Object.keys(zodFor).sort());
    const candidates: Record<keyof StoredSettings, unknown[]> = {
      host: ['127.0.0.1', '0.0.0.0', '::', '::1', 'fe80::1', 'localhost', '192.168.1.20', '', 'example.com', '256.1.1.1', '127.0.0.1:80', 'http://127.0.0.1', '1.2.3', 7, null],
      port: [1, 4410, 65535, 0, -1, 65536, 1.5, '4410', null, true],
      linkHost: ['', '192.168.1.20', '10.0.0.5', 'fd00::2', 'fe80::1', '0.0.0.0', 'localhost', 'example.com', '192.168.1', ' ', 7, null],
      trustProxy: ['', '127.0.0.1', ' 10.0.0.0/8, ::1 ', 'loopback', '192.168.0.0/16,loopback', 'example.com', 'loopback;rm', '<script>', 'a'.repeat(1001), 7, null],
      language: ['en', 'fr', 'pt-BR', 'he', 'english!', 'EN', 'e', '', 7],
      notifyOnKnock: [true, false, 'yes', 0, null],
      logLevel: ['info', 'debug', 'silent', 'fatal', 'INFO', 'verbose', '', 7, null],
      windowBounds: [{ width: 900, height: 600 }, { width: 900, height: 600, x: -5, y: 3 }, { width: 199, height: 600 }, { width: 900, height: 20_001 }, { width: 'wide', height: 600 }, { width: 900.5, height: 600 }, { height: 600 }, { width: 900, height: 600, x: 1.5 }, null],
      windowMaximized: [true, false, 'true', 1],
    };
    const disagreements: string[] = [];
    const store = conf(tmp()); // a refused set() writes nothing, so one store serves every case
    for (const key of Object.keys(candidates) as Array<keyof StoredSettings>) {
      for (const value of candidates[key]) {
        let jsonAccepts = true;
        try {
          store.set(key, value as never);
        } catch {
          jsonAccepts = false;
        }
        const zodAccepts = zodFor[key].safeParse(value).success;
        if (jsonAccepts !== zodAccepts) disagreements.push(`${key}=${JSON.stringify(value)}: JSON ${jsonAccepts ? 'accepts' : 'refuses'}, zod ${zodAccepts ? 'accepts' : 'refuses'}`);
      }
    }
    expect(disagreements).toEqual([]);
    // Where the JSON pattern is coarser (an address out of range), reading falls back to the default.
    store.set('trustProxy', '999.1.1.1');
    expect(readSettings(store.store).trustProxy).toBe('');
  });

  it('L5: trusted proxies: the setting when given, else loopback behind an https public URL on another host, else nobody', () => {
    expect(trustedProxies('', null)).toEqual([]);
    expect(trustedProxies('', 'https://guests.example.org')).toEqual(['loopback']);
    // An explicit URL that doesn't imply a proxy on this computer trusts nobody by default.
    for (const url of ['http://127.0.0.1:4410', 'https://127.0.0.1:4410', 'https://localhost:8443', 'https://[::1]:8443', 'http://guests.example.org', 'http://192.168.1.20:4410']) {
      expect(trustedProxies('', url), url).toEqual([]);
    }
    expect(trustedProxies('loopback', 'http://127.0.0.1:4410')).toEqual(['loopback']);
    expect(trustedProxies(' 10.0.0.5, 10.1.0.0/16 ', 'https://guests.example.org')).toEqual(['10.0.0.5', '10.1.0.0/16']);
    expect(appSettingsPatchSchema.safeParse({ trustProxy: 'proxy.example.org' }).success).toBe(false);
    expect(appSettingsPatchSchema.parse({ trustProxy: ' 10.0.0.5 ,::1' })).toEqual({ trustProxy: '10.0.0.5, ::1' });
  });

  it('a hand-edited file with bad values is read back as defaults, never crashing the app', () => {
    const cwd = tmp();
    fs.writeFileSync(path.join(cwd, 'settings.json'), JSON.stringify({ host: 'nope nope', port: 99999, language: 7, notifyOnKnock: 'x' }));
    const store = conf(cwd); // clearInvalidConfig: true
    expect(readSettings(store.store)).toEqual(DEFAULT_SETTINGS);
    expect(readSettings({ host: 'bad host', port: 4500 })).toEqual({ ...DEFAULT_SETTINGS, port: 4500 });
  });

  it('window bounds fall back to defaults when invalid', () => {
    expect(readBounds({ width: 900, height: 600, x: 1, y: 2 })).toEqual({ width: 900, height: 600, x: 1, y: 2 });
    expect(readBounds({ width: 'wide' })).toEqual(STORE_DEFAULTS.windowBounds);
  });

  it('L3: only a host or port change restarts the listener', () => {
    expect(listenerChanged(DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS, language: 'de' })).toBe(false);
    expect(listenerChanged(DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS, port: 4411 })).toBe(true);
    expect(listenerChanged(DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS, host: '0.0.0.0' })).toBe(true);
    expect(listenerChanged(DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS, linkHost: '192.168.1.20' })).toBe(true);
    expect(listenerChanged(DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS, trustProxy: '10.0.0.5' })).toBe(true);
  });
});
