// The host process (src-main/host) for real: entry.ts forked under plain Node
// with tsx, a real SQLite file in a temp folder, the real listener on
// 127.0.0.1, talked to through HostClient exactly as main does.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ListenerStatus } from '../../src-main/api/bridge';
import { openCore } from '../../src-main/core';
import { HostClient, type HostStatus } from '../../src-main/host/client';
import type { KnockSummary } from '../../src-main/host/knockNotifier';
import { forkNodeHost } from '../../src-main/host/nodeChild';
import type { HostEventName } from '../../src-main/host/protocol';
import { fingerprint } from '../helpers/seed';
import { tmpDir } from '../helpers/tmp';
import { entryForm, submitForm } from '../reliability/helpers';

const ACTOR = 'moderator (host test)';
const LISTEN = { host: '127.0.0.1', port: 0, linkHost: '', trustProxy: '' };

interface World {
  dataDir: string;
  client: HostClient;
  events: { name: HostEventName; payload: unknown }[];
  knocks: KnockSummary[];
  statuses: HostStatus[];
  children: { pid: number | undefined }[];
}

const worlds: World[] = [];

async function startHost(opts: { dataDir?: string; onRestarted?: (w: World) => Promise<void> } = {}): Promise<World> {
  const dataDir = opts.dataDir ?? tmpDir('guestlist-host-');
  const w: World = { dataDir, events: [], knocks: [], statuses: [], children: [], client: null as unknown as HostClient };
  w.client = new HostClient({
    spawn: () => {
      const child = forkNodeHost({ dataDir });
      w.children.push(child);
      return child;
    },
    onEvent: (name, payload) => w.events.push({ name, payload }),
    onKnock: (k) => w.knocks.push(k),
    onStatus: (s) => w.statuses.push(s),
    onRestarted: () => opts.onRestarted?.(w),
    backoffMs: () => 50,
  });
  worlds.push(w);
  return w;
}

async function until<T>(what: string, fn: () => T | undefined | false | Promise<T | undefined | false>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const alive = (pid: number | undefined) => {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** A room that requires admission, with guest access and one link; returns its token. */
async function room(client: HostClient, title = 'Town hall'): Promise<{ mediaId: number; token: string }> {
  const media = await client.op('media.create', { kind: 'room', title, guestAccess: true, requireAdmission: true }, ACTOR);
  if (!media.ok) throw new Error(JSON.stringify(media.error));
  const mediaId = (media.value as { id: number }).id;
  const link = await client.op('links.create', { mediaId, name: 'Everyone' }, ACTOR);
  if (!link.ok) throw new Error(JSON.stringify(link.error));
  return { mediaId, token: (link.value as { token: string }).token };
}

async function knock(url: string, token: string, name: string): Promise<number> {
  const form = await entryForm(url, token);
  return (await submitForm(url, token, form, { name, email: `${name.toLowerCase()}@example.org` })).status;
}

afterEach(async () => {
  for (const w of worlds.splice(0)) {
    await w.client.shutdown(3000);
    for (const c of w.children) if (alive(c.pid)) process.kill(c.pid!, 'SIGKILL');
  }
});

describe('the host process (core + listener + follower out of main)', () => {
  it('answers the operations table: a write and a read round-trip, and the event comes back', async () => {
    const w = await startHost();
    expect(await w.client.start()).toEqual({ ok: true, value: null });
    expect(w.client.status().state).toBe('running');
    const created = await w.client.op('media.create', { kind: 'room', title: 'Quarterly review' }, ACTOR);
    expect(created.ok).toBe(true);
    const id = (created as { value: { id: number } }).value.id;
    const got = await w.client.op('media.get', { mediaId: id }, ACTOR);
    expect(got).toMatchObject({ ok: true, value: { id, title: 'Quarterly review', kind: 'room' } });
    await until('media.changed', () => w.events.find((e) => e.name === 'media.changed' && (e.payload as { mediaId: number }).mediaId === id));
  });

  it('bad input is refused with a code and a sentence and writes nothing; malformed messages do not hurt the host', async () => {
    const w = await startHost();
    await w.client.start();
    const bad = await w.client.op('media.create', { kind: 'room', title: '' }, ACTOR);
    expect(bad).toMatchObject({ ok: false, error: { code: 'MEDIA_TITLE_INVALID' } });
    // Not an operation at all: refused by the host's own check.
    const unknown = await w.client.op('media.explode' as never, {}, ACTOR);
    expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_OPERATION', message: 'There is no operation called “media.explode”.' } });
    const badListen = await w.client.call('listener.start', { host: '127.0.0.1', port: 70_000, linkHost: '', trustProxy: '' });
    expect(badListen).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const noMethod = await w.client.call('drop.tables' as never, {} as never);
    expect(noMethod).toMatchObject({ ok: false, error: { code: 'UNKNOWN_OPERATION' } });
    // Garbage straight down the channel: ignored (no id to reply to), the host keeps serving.
    const pid = w.client.pid!;
    for (const junk of [null, 42, 'x', { type: 'request' }, { type: 'request', id: -1, method: 'op' }, { id: 7 }]) process.kill(pid, 0) && (w.client as unknown as { child: { send(m: unknown): void } }).child.send(junk);
    const list = await w.client.op('media.list', {}, ACTOR);
    expect(list).toEqual({ ok: true, value: [] });
    expect(alive(pid)).toBe(true);
  });

  it('O2: a data file that is not a Guestlist database is reported as `failed` with its code, and left untouched', async () => {
    const dataDir = tmpDir('guestlist-host-');
    fs.writeFileSync(path.join(dataDir, 'guestlist.db'), 'not a database, just text '.repeat(200));
    const before = fs.readFileSync(path.join(dataDir, 'guestlist.db'));
    const w = await startHost({ dataDir });
    const r = await w.client.start();
    expect(r).toMatchObject({ ok: false, appError: true, error: { code: 'DB_NOT_A_DATABASE' } });
    expect(w.client.status().state).toBe('stopped');
    expect(fs.readFileSync(path.join(dataDir, 'guestlist.db'))).toEqual(before);
    await until('the failed host to be gone', () => !alive(w.children[0]!.pid));
  });

  it('runs the listener and coalesces knocks next to the core: main gets one `knock` with who waits', async () => {
    const w = await startHost();
    await w.client.start();
    const started = await w.client.call('listener.start', LISTEN);
    expect(started).toMatchObject({ ok: true, value: { state: 'running' } });
    const url = (started as { value: ListenerStatus }).value.url!;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    await until('listener.status event', () => w.events.find((e) => e.name === 'listener.status' && (e.payload as ListenerStatus).state === 'running'));

    expect(await w.client.call('knocks.setEnabled', { enabled: true })).toEqual({ ok: true, value: null });
    const { mediaId, token } = await room(w.client);
    expect(await knock(url, token, 'Ada')).toBe(303);
    const k = await until('a knock', () => w.knocks[0]);
    expect(k).toMatchObject({ mediaId, mediaTitle: 'Town hall', count: 1, name: 'Ada' });
    expect(typeof k.participantId).toBe('number');
    await until('participant.changed waiting', () => w.events.find((e) => e.name === 'participant.changed' && (e.payload as { change: string }).change === 'waiting'));
  });

  it('knocks are not sent while main has them off', async () => {
    const w = await startHost();
    await w.client.start();
    const url = ((await w.client.call('listener.start', LISTEN)) as { value: ListenerStatus }).value.url!;
    const { token } = await room(w.client);
    expect(await knock(url, token, 'Grace')).toBe(303);
    await until('participant.changed waiting', () => w.events.find((e) => e.name === 'participant.changed'));
    await new Promise((r) => setTimeout(r, 300));
    expect(w.knocks).toEqual([]);
  });

  it('issue 11: SIGKILL the host while it serves → it comes back, the listener is up again, the data is unchanged', async () => {
    const w = await startHost({
      // As main does: after a restart, its settings are applied again.
      onRestarted: async (world) => {
        await world.client.call('listener.start', LISTEN);
      },
    });
    await w.client.start();
    const url = ((await w.client.call('listener.start', LISTEN)) as { value: ListenerStatus }).value.url!;
    const { token, mediaId } = await room(w.client);
    expect(await knock(url, token, 'Ada')).toBe(303);
    const before = await w.client.op('participants.list', { mediaId }, ACTOR);
    expect((before as { value: unknown[] }).value).toHaveLength(1);
    const mediaBefore = await w.client.op('media.get', { mediaId }, ACTOR);

    const first = w.client.pid!;
    process.kill(first, 'SIGKILL');
    // While it is down, a call says so instead of hanging or throwing.
    await until('restarting', () => w.statuses.some((s) => s.state === 'restarting'));
    await until('running again', () => w.client.status().state === 'running' && w.client.pid !== first && w.client.pid);
    expect(w.client.status().restarts).toBe(1);
    expect(alive(first)).toBe(false);

    const status = await until('listener up again', async () => {
      const s = await w.client.call('listener.status', {} as never);
      return s.ok && s.value.state === 'running' ? s.value : undefined;
    });
    expect((await fetch(`${status.url}/healthz`)).status).toBe(200);
    expect(await w.client.op('media.get', { mediaId }, ACTOR)).toEqual(mediaBefore);
    expect(await w.client.op('participants.list', { mediaId }, ACTOR)).toEqual(before);
    // And it keeps serving guests.
    expect(await knock(status.url!, token, 'Grace')).toBe(303);
  });

  it('a call while the host is down resolves HOST_UNAVAILABLE with a sentence (never rejects, never hangs)', async () => {
    const w = await startHost();
    expect(await w.client.op('media.list', {}, ACTOR)).toMatchObject({ ok: false, error: { code: 'HOST_UNAVAILABLE' } });
    await w.client.start();
    process.kill(w.client.pid!, 'SIGKILL');
    await until('restarting', () => w.client.status().state === 'restarting');
    const r = await w.client.op('media.list', {}, ACTOR);
    expect(r).toMatchObject({ ok: false, error: { code: 'HOST_UNAVAILABLE' } });
    expect((r as { error: { message: string } }).error.message).toMatch(/restarted/);
  });

  it('gives up after too many restarts in a row and says stopped', async () => {
    const dataDir = tmpDir('guestlist-host-');
    const statuses: HostStatus[] = [];
    const children: { pid: number | undefined }[] = [];
    const client = new HostClient({
      spawn: () => {
        const c = forkNodeHost({ dataDir });
        children.push(c);
        return c;
      },
      onStatus: (s) => statuses.push(s),
      backoffMs: () => 10,
      maxRestarts: 2,
    });
    worlds.push({ dataDir, client, events: [], knocks: [], statuses, children });
    await client.start();
    for (let i = 0; i < 3; i++) {
      await until(`host #${i + 1} running`, () => client.status().state === 'running' && client.pid);
      process.kill(client.pid!, 'SIGKILL');
      await until(`host #${i + 1} gone`, () => client.status().state !== 'running');
    }
    await until('stopped', () => client.status().state === 'stopped');
    expect(client.status().restarts).toBe(2);
  });

  it('shutdown: listener closed, database closed with the WAL checkpointed, the process gone', async () => {
    const w = await startHost();
    await w.client.start();
    const url = ((await w.client.call('listener.start', LISTEN)) as { value: ListenerStatus }).value.url!;
    await room(w.client, 'Board meeting');
    const pid = w.client.pid!;
    await w.client.shutdown();
    expect(w.client.status().state).toBe('stopped');
    await until('the host to exit', () => !alive(pid));
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    // The WAL was folded into the main file: nothing left in guestlist.db-wal.
    const wal = path.join(w.dataDir, 'guestlist.db-wal');
    expect(fs.existsSync(wal) ? fs.statSync(wal).size : 0).toBe(0);
    const core = openCore({ dataDir: w.dataDir });
    try {
      expect(core.media.list({}).map((m) => m.title)).toEqual(['Board meeting']);
      expect(Object.keys(fingerprint(core.db)).length).toBeGreaterThan(0);
    } finally {
      core.close();
    }
  });

  it('quit: a host that stops answering is killed after the shutdown deadline; its calls resolve HOST_UNAVAILABLE, never hang', async () => {
    // A real process that says ready and then answers nothing (a host stuck in a loop would look the same).
    const dir = tmpDir('guestlist-host-');
    const script = path.join(dir, 'mute-host.cjs');
    // It leaves when the test process does (disconnect), so a failing run leaves nothing behind.
    fs.writeFileSync(script, "process.send({ type: 'ready', pid: process.pid }); process.on('message', () => {}); process.on('disconnect', () => process.exit(0)); setInterval(() => {}, 1000);\n");
    const child = fork(script, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    worlds.push({ dataDir: dir, client: new HostClient({ spawn: () => { throw new Error('unused'); } }), events: [], knocks: [], statuses: [], children: [{ pid: child.pid }] });
    const client = new HostClient({
      spawn: () => ({
        send: (m) => child.send(m as never),
        onMessage: (h) => child.on('message', h),
        onExit: (h) => (child.exitCode !== null || child.signalCode !== null ? h(child.exitCode) : child.once('exit', (code) => h(code))),
        kill: () => child.kill('SIGKILL'),
      }),
      callTimeoutMs: 300,
    });
    expect(await client.start()).toEqual({ ok: true, value: null });
    const r = await client.op('media.list', {}, ACTOR);
    expect(r).toMatchObject({ ok: false, error: { code: 'HOST_UNAVAILABLE' } });
    const started = Date.now();
    await client.shutdown(500);
    expect(Date.now() - started).toBeLessThan(5000);
    await until('the mute host to be gone', () => child.signalCode === 'SIGKILL');
    expect(client.status().state).toBe('stopped');
  });
});
