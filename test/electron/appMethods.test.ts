// S4, O3, L3: the bridge's non-operation methods (settings, listener,
// clipboard, mail, files) come from one table that the app's IPC and the test
// harness both register. Driven here with the real pieces: settings.json over
// `conf` (electron-store's base, same options), a real ListenerController and
// listener on 127.0.0.1, and real files in a temp folder.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import Conf from 'conf';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/core';
import { APP_CHANNELS, type AppMethodDeps, callAppMethod, isAppChannel } from '../../src-main/electron/appMethods';
import { CHANNELS } from '../../src-main/electron/channels';
import { ListenerController } from '../../src-main/host/listenerController';
import { SETTINGS_FILE_NAME, type StoredSettings, storeOptions } from '../../src-main/electron/settingsSchema';
import { SettingsStore } from '../../src-main/electron/settingsStore';
import type { LiveSessionTarget } from '../../src-main/electron/trustedUrl';
import { createListener, findFreePort } from '../../src-main/listener';
import { tmpCore, tmpDir } from '../helpers/tmp';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function setup() {
  const dataDir = tmpDir();
  const core: Core = tmpCore({ dataDir });
  const settings = new SettingsStore(new Conf<StoredSettings>({ ...storeOptions(), configName: SETTINGS_FILE_NAME, projectName: 'guestlist', cwd: dataDir }));
  const listener = new ListenerController({ start: (host, port) => createListener({ core, host, port }), findFreePort, onStatus: () => undefined }, '127.0.0.1', 0);
  const copied: string[] = [];
  const opened: string[] = [];
  const live: LiveSessionTarget[] = [];
  const saveDir = path.join(dataDir, 'saved');
  fs.mkdirSync(saveDir);
  let cancelSave = false;
  const deps: AppMethodDeps = {
    settings,
    listener,
    findFreePort,
    lanAddresses: () => [],
    writeClipboard: (t) => void copied.push(t),
    openExternal: async (u) => void opened.push(u),
    chooseSavePath: async (name) => (cancelSave ? null : path.join(saveDir, name)),
    openLiveSession: (target) => void live.push(target),
  };
  cleanups.push(async () => {
    await listener.stop();
    core.close();
  });
  const settingsFile = path.join(dataDir, `${SETTINGS_FILE_NAME}.json`);
  return { deps, settings, listener, copied, opened, live, saveDir, settingsFile, cancel: () => (cancelSave = true) };
}

/** A port taken by another server on 127.0.0.1 for the length of the test. */
async function takenPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise<void>((r) => s.close(() => r())));
  return (s.address() as net.AddressInfo).port;
}

describe('S4: one table for the bridge methods that are not operations', () => {
  it('has a method for every bridge channel the preload calls (and nothing else)', () => {
    const channels = Object.values(CHANNELS).filter((c) => c !== CHANNELS.event);
    expect([...APP_CHANNELS].sort()).toEqual([...channels].sort());
    expect(isAppChannel('op:media.list')).toBe(false);
    expect(isAppChannel('constructor')).toBe(false);
  });

  it('refuses bad input with a code and a sentence, and changes nothing', async () => {
    const t = setup();
    const before = fs.readFileSync(t.settingsFile, 'utf8');
    const cases: Array<[string, unknown, string, RegExp]> = [
      [CHANNELS.setSettings, { port: 70000 }, 'SETTING_INVALID', /The port must be a whole number from 1 to 65535\./],
      [CHANNELS.setSettings, { trustProxy: 'proxy.example.org' }, 'SETTING_INVALID', /Trusted proxies must be IP addresses/],
      [CHANNELS.setSettings, { baseUrl: 'http://x' }, 'SETTING_INVALID', /There is no setting called “baseUrl”/],
      [CHANNELS.setSettings, 'port=1', 'SETTING_INVALID', /Settings must be a list of names and values/],
      [CHANNELS.getSettings, { evil: true }, 'INVALID_INPUT', /./],
      [CHANNELS.clipboardWrite, '', 'INVALID_INPUT', /Nothing to copy/],
      [CHANNELS.clipboardWrite, { toString: 'x' }, 'INVALID_INPUT', /Nothing to copy/],
      [CHANNELS.mailCompose, { to: 'not an address', subject: '', body: '' }, 'EMAIL_INVALID', /./],
      [CHANNELS.mailCompose, { to: 'a@example.org', subject: '', body: '', cc: 'x@example.org' }, 'INVALID_INPUT', /./],
      // "Email all" puts everyone in Bcc; each address is still checked.
      [CHANNELS.mailCompose, { to: '', subject: '', body: '', bcc: 'x@example.org,not an address' }, 'EMAIL_INVALID', /./],
      [CHANNELS.filesSave, { defaultName: 'x.csv', content: 'a', encoding: 'utf16' }, 'INVALID_INPUT', /file name or content/],
    ];
    for (const [channel, input, code, message] of cases) {
      if (!isAppChannel(channel)) throw new Error(channel);
      const r = (await callAppMethod(t.deps, channel, input, null)) as { ok: boolean; error: { code: string; message: string } };
      expect(r, `${channel} ${JSON.stringify(input)}`).toMatchObject({ ok: false, error: { code } });
      expect(r.error.message).toMatch(message);
    }
    expect(fs.readFileSync(t.settingsFile, 'utf8')).toBe(before);
    expect(t.copied).toEqual([]);
    expect(t.opened).toEqual([]);
    expect(fs.readdirSync(t.saveDir)).toEqual([]);
  });

  it('L3: a new port in Settings restarts the listener there; "Use next free port" moves off a taken one and saves it', async () => {
    const t = setup();
    const taken = await takenPort();
    const first = await t.listener.start('127.0.0.1', taken);
    expect(first).toMatchObject({ state: 'error', error: { code: 'PORT_IN_USE' } });

    const moved = (await callAppMethod(t.deps, CHANNELS.useNextFreePort, undefined, null)) as { ok: true; value: { state: string; port: number } };
    expect(moved.ok).toBe(true);
    expect(moved.value.state).toBe('running');
    expect(moved.value.port).toBeGreaterThan(taken);
    expect(t.settings.get().port).toBe(moved.value.port);
    expect((await fetch(`http://127.0.0.1:${moved.value.port}/healthz`)).status).toBe(200);

    const free = await findFreePort('127.0.0.1', moved.value.port + 1);
    const set = (await callAppMethod(t.deps, CHANNELS.setSettings, { port: free }, null)) as { ok: boolean };
    expect(set.ok).toBe(true);
    expect(t.listener.status()).toMatchObject({ state: 'running', port: free });
    expect((await fetch(`http://127.0.0.1:${free}/healthz`)).status).toBe(200);
  });

  it('G6: copy and mail go through the injected desktop parts; mailto parts are encoded', async () => {
    const t = setup();
    expect(await callAppMethod(t.deps, CHANNELS.clipboardWrite, 'http://127.0.0.1:4410/g/abc', null)).toEqual({ ok: true, value: null });
    expect(t.copied).toEqual(['http://127.0.0.1:4410/g/abc']);
    await callAppMethod(t.deps, CHANNELS.mailCompose, { to: 'ana@example.org; bo@example.org', subject: 'Join & talk', body: 'Line\r\nBcc: x@evil.example' }, null);
    expect(t.opened).toHaveLength(1);
    expect(t.opened[0]).toMatch(/^mailto:ana@example\.org,bo@example\.org\?subject=Join%20%26%20talk&body=Line%0D%0ABcc%3A%20x%40evil\.example$/);
  });

  it('files: a name with folders is reduced to a bare file name; a cancelled dialog saves nothing', async () => {
    const t = setup();
    const r = (await callAppMethod(t.deps, CHANNELS.filesSave, { defaultName: '../../etc/passwd', content: Buffer.from('qr').toString('base64'), encoding: 'base64' }, null)) as { ok: true; value: { path: string } };
    expect(r.ok).toBe(true);
    expect(path.dirname(r.value.path)).toBe(t.saveDir);
    expect(fs.readFileSync(r.value.path, 'utf8')).toBe('qr');
    t.cancel();
    expect(await callAppMethod(t.deps, CHANNELS.filesSave, { defaultName: 'x.csv', content: 'a', encoding: 'utf8' }, null)).toEqual({ ok: true, value: null });
    expect(fs.readdirSync(t.saveDir)).toEqual(['passwd']);
  });
  it('V7: "Join live session" opens only live.join\'s /a/CODE on the listener, with that origin for the camera', async () => {
    const t = setup();
    const running = { state: 'running' as const, host: '0.0.0.0', port: 4410, url: 'http://0.0.0.0:4410', error: null, nextFreePort: null };
    const deps: AppMethodDeps = { ...t.deps, listener: { ...t.deps.listener, status: () => running } };
    const code = 'A'.repeat(43);
    for (const bad of [`http://127.0.0.1:4411/a/${code}`, `https://127.0.0.1:4410/a/${code}`, `http://evil.example:4410/a/${code}`, `http://127.0.0.1:4410/s`, `http://127.0.0.1:4410/a/${code}?x=1`, `http://u:p@127.0.0.1:4410/a/${code}`, 'javascript:alert(1)', '']) {
      const r = (await callAppMethod(deps, CHANNELS.openLiveSession, bad, null)) as { ok: boolean; error?: { code: string } };
      expect(r, bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    expect(t.live).toEqual([]);
    expect(await callAppMethod(deps, CHANNELS.openLiveSession, `http://127.0.0.1:4410/a/${code}`, null)).toEqual({ ok: true, value: null });
    expect(t.live).toEqual([{ url: `http://127.0.0.1:4410/a/${code}`, origin: 'http://127.0.0.1:4410' }]);
  });
});
