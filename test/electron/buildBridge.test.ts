import { describe, expect, it, vi } from 'vitest';
import { OPERATION_NAMES } from '../../src-main/api/schemas';
import { DOMAIN_EVENT_NAMES } from '../../src-main/core/events';
import { CHANNELS, opChannel } from '../../src-main/electron/channels';
import { BRIDGE_EVENT_NAMES, buildBridge, type IpcPort } from '../../src-preload/buildBridge';

/** A fake ipcRenderer: records invokes and lets the test emit main→renderer messages. */
function fakeIpc() {
  const invoked: Array<{ channel: string; args: unknown[] }> = [];
  const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  const ipc: IpcPort = {
    invoke: async (channel, ...args) => {
      invoked.push({ channel, args });
      return { ok: true, value: channel };
    },
    on: (channel, listener) => {
      const set = listeners.get(channel) ?? new Set();
      set.add(listener);
      listeners.set(channel, set);
      return () => set.delete(listener);
    },
  };
  const emit = (channel: string, ...args: unknown[]) => {
    const senderEvent = { sender: { send: () => undefined }, ports: [], secret: 'electron-event' };
    for (const l of listeners.get(channel) ?? []) l(senderEvent, ...args);
  };
  const count = (channel: string) => listeners.get(channel)?.size ?? 0;
  return { ipc, invoked, emit, count };
}

describe('S4: the preload bridge is narrow and built from the operation table', () => {
  it('has exactly one named method per operation, each on its own channel', async () => {
    const f = fakeIpc();
    const bridge = buildBridge(f.ipc);
    expect(Object.keys(bridge.ops).sort()).toEqual([...OPERATION_NAMES].sort());
    expect(OPERATION_NAMES.length).toBeGreaterThan(20);
    for (const name of OPERATION_NAMES) {
      const fn = (bridge.ops as unknown as Record<string, (i: unknown) => Promise<unknown>>)[name];
      expect(typeof fn).toBe('function');
      expect(fn?.name).toBe(name);
      await fn?.({ probe: name });
      expect(f.invoked.at(-1)).toEqual({ channel: opChannel(name), args: [{ probe: name }] });
    }
    // An operation called with no input sends {} (the table validates it).
    await bridge.ops['settings.get'](undefined as never);
    expect(f.invoked.at(-1)).toEqual({ channel: 'op:settings.get', args: [{}] });
  });

  it('exposes no generic invoke/send/on and no way to choose a channel', () => {
    const bridge = buildBridge(fakeIpc().ipc) as unknown as Record<string, unknown>;
    expect(Object.keys(bridge).sort()).toEqual(['app', 'clipboard', 'files', 'listener', 'mail', 'onEvent', 'ops']);
    const walk = (o: unknown, path: string[] = []): string[] =>
      o && typeof o === 'object' ? Object.entries(o).flatMap(([k, v]) => [[...path, k].join('.'), ...walk(v, [...path, k])]) : [];
    const keys = walk(bridge);
    for (const k of keys) expect(k).not.toMatch(/(^|\.)(invoke|send|sendSync|ipcRenderer|on|emit|postMessage)$/i);
    expect(Object.isFrozen(bridge.ops)).toBe(true);
  });

  it('the non-operation methods use their fixed channels', async () => {
    const f = fakeIpc();
    const b = buildBridge(f.ipc);
    await b.app.getSettings();
    await b.app.setSettings({ port: 5000 });
    await b.listener.status();
    await b.listener.useNextFreePort();
    await b.clipboard.writeText('https://x/g/t');
    await b.mail.compose({ to: 'a@example.com', subject: 's', body: 'b' });
    await b.files.save({ defaultName: 'a.csv', content: 'x', encoding: 'utf8' });
    expect(f.invoked.map((i) => i.channel)).toEqual([
      CHANNELS.getSettings,
      CHANNELS.setSettings,
      CHANNELS.listenerStatus,
      CHANNELS.useNextFreePort,
      CHANNELS.clipboardWrite,
      CHANNELS.mailCompose,
      CHANNELS.filesSave,
    ]);
  });

  it('onEvent hands only the payload to the handler, never the Electron event, and filters by name', () => {
    const f = fakeIpc();
    const b = buildBridge(f.ipc);
    const handler = vi.fn();
    b.onEvent('participant.changed', handler);
    f.emit(CHANNELS.event, 'link.changed', { mediaId: 1, linkId: 2, change: 'created' });
    f.emit(CHANNELS.event, 'participant.changed', { mediaId: 1, participantId: 3, state: 'waiting', change: 'waiting' });
    expect(handler).toHaveBeenCalledTimes(1);
    expect(handler.mock.calls[0]).toEqual([{ mediaId: 1, participantId: 3, state: 'waiting', change: 'waiting' }]);
    expect(JSON.stringify(handler.mock.calls)).not.toContain('electron-event');
  });

  it('onEvent returns an unsubscribe that removes the listener (and is safe to call twice)', () => {
    const f = fakeIpc();
    const b = buildBridge(f.ipc);
    const handler = vi.fn();
    const off = b.onEvent('listener.status', handler);
    expect(f.count(CHANNELS.event)).toBe(1);
    off();
    off();
    expect(f.count(CHANNELS.event)).toBe(0);
    f.emit(CHANNELS.event, 'listener.status', { state: 'running' });
    expect(handler).not.toHaveBeenCalled();
  });

  it('onEvent refuses unknown event names', () => {
    const b = buildBridge(fakeIpc().ipc);
    expect(() => b.onEvent('secret.channel' as never, () => undefined)).toThrow(/Unknown event/);
  });

  it('the bridge event list equals the domain events plus listener.status, app.openMedia, host.status and live.people', () => {
    expect([...BRIDGE_EVENT_NAMES].sort()).toEqual([...DOMAIN_EVENT_NAMES, 'listener.status', 'app.openMedia', 'host.status', 'live.people'].sort());
  });
});
