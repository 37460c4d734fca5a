import net from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import type { ListenerStatus } from '../../src-main/api/bridge';
import { AppError } from '../../src-main/core/errors';
import { type ListenerHandle, ListenerController } from '../../src-main/host/listenerController';
import { createListener, findFreePort } from '../../src-main/listener';
import { checkReach } from '../../src-main/listener/reach';
import { ACTOR, tmpCore } from '../helpers/tmp';
import { guestSetup } from '../listener/helpers';

function setup(opts: { taken?: Set<number>; fail?: Error } = {}) {
  const statuses: ListenerStatus[] = [];
  const open = new Set<number>();
  const calls: string[] = [];
  const ctl = new ListenerController(
    {
      start: async (host, port): Promise<ListenerHandle> => {
        calls.push(`start ${host}:${port}`);
        if (opts.fail) throw opts.fail;
        if (opts.taken?.has(port) || open.has(port)) throw new AppError('PORT_IN_USE', undefined, { nextFreePort: port + 1 });
        open.add(port);
        return {
          url: `http://${host}:${port}`,
          host,
          port,
          close: async () => {
            calls.push(`close ${port}`);
            open.delete(port);
          },
        };
      },
      findFreePort: async (_h, from) => from,
      onStatus: (s) => statuses.push(s),
    },
    '127.0.0.1',
    4410,
  );
  return { ctl, statuses, calls, open };
}

describe('L3: the listener controller', () => {
  it('starts and reports running with its address', async () => {
    const { ctl, statuses } = setup();
    const s = await ctl.start('127.0.0.1', 4410);
    expect(s).toEqual({ state: 'running', host: '127.0.0.1', port: 4410, url: 'http://127.0.0.1:4410', error: null, nextFreePort: null, reach: null });
    expect(statuses.map((x) => x.state)).toEqual(['starting', 'running']);
  });

  it('a taken port is an error status that offers the next free port', async () => {
    const { ctl } = setup({ taken: new Set([4410]) });
    const s = await ctl.start('127.0.0.1', 4410);
    expect(s.state).toBe('error');
    expect(s.error?.code).toBe('PORT_IN_USE');
    expect(s.nextFreePort).toBe(4411);
    expect(s.url).toBeNull();
  });

  it('L1: a restart closes the old listener before opening the new one, and concurrent restarts are serialised', async () => {
    const { ctl, calls, open } = setup();
    await ctl.start('127.0.0.1', 4410);
    await Promise.all([ctl.start('127.0.0.1', 4411), ctl.start('127.0.0.1', 4412)]);
    expect(calls).toEqual(['start 127.0.0.1:4410', 'close 4410', 'start 127.0.0.1:4411', 'close 4411', 'start 127.0.0.1:4412']);
    expect([...open]).toEqual([4412]);
    expect(ctl.status().port).toBe(4412);
  });

  it('stop closes the listener gracefully and reports stopped', async () => {
    const { ctl, open } = setup();
    await ctl.start('127.0.0.1', 4410);
    const s = await ctl.stop();
    expect(s.state).toBe('stopped');
    expect(open.size).toBe(0);
  });

  it('an unexpected failure never leaks its text: LISTENER_FAILED', async () => {
    const { ctl } = setup({ fail: new Error('EACCES: secret internal detail') });
    const s = await ctl.start('0.0.0.0', 80);
    expect(s.state).toBe('error');
    expect(s.error?.code).toBe('LISTENER_FAILED');
    expect(JSON.stringify(s)).not.toContain('secret');
  });
});

describe('L1/L3/L4: the controller with the real listener and the real reach check', () => {
  it('L1: with the port taken, moving to the next free port moves the links; each start is checked (L4)', async () => {
    const core = tmpCore();
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const taken = (blocker.address() as net.AddressInfo).port;
    const ctl = new ListenerController(
      { start: (host, port) => createListener({ core, host, port }), findFreePort, onStatus: () => {}, checkReach: () => checkReach(core, { timeoutMs: 2000 }) },
      '127.0.0.1',
      taken,
    );
    try {
      const failed = await ctl.start('127.0.0.1', taken);
      expect(failed).toMatchObject({ state: 'error', error: { code: 'PORT_IN_USE' } });
      expect(failed.nextFreePort).toBeGreaterThan(taken);
      const moved = await ctl.start('127.0.0.1', failed.nextFreePort!);
      expect(moved).toMatchObject({ state: 'running', port: failed.nextFreePort });
      // The check follows the start by itself.
      await vi.waitFor(() => expect(ctl.status().reach).toMatchObject({ ok: true, code: 'LOOPBACK_ONLY', baseUrl: `http://127.0.0.1:${failed.nextFreePort}` }), { timeout: 5000 });
      const { link } = guestSetup(core);
      expect(link.url).toBe(`http://127.0.0.1:${failed.nextFreePort}/g/${link.token}`);
      // An explicit public URL is untouched by the move, and "Check now" reports on it.
      core.settings.set({ baseUrl: 'http://127.0.0.1:1' }, ACTOR);
      const checked = await ctl.checkReach();
      expect(checked.reach).toMatchObject({ ok: false, code: 'UNREACHABLE', baseUrl: 'http://127.0.0.1:1' });
      expect(core.links.list(link.mediaId)[0]!.url).toBe(`http://127.0.0.1:1/g/${link.token}`);
    } finally {
      await ctl.stop();
      blocker.close();
      core.close();
    }
  });
});
