// V5: the host supervises Janus like a process manager: ready when its API
// answers, restarted after a crash, stopped with the host, and never left
// behind, even when the host itself is killed with SIGKILL.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { janusAnswers, BuiltInJanus } from '../../src-main/live/janusProcess';
import { tmpDir } from '../helpers/tmp';
import { Client } from '../listener/helpers';
import { cli, startServe } from '../reliability/helpers';

const hasJanus = spawnSync('sh', ['-c', 'command -v janus']).status === 0;
if (!hasJanus) console.warn('[skip] test/live/supervisor.test.ts: janus is not installed (Debian package `janus`; .ci/run installs it)');

const janusPids = (pattern: string) =>
  spawnSync('pgrep', ['-f', pattern], { encoding: 'utf8' })
    .stdout.trim()
    .split(/\s+/)
    .filter(Boolean)
    .map(Number)
    .filter((pid) => {
      try {
        return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0]!.endsWith('janus');
      } catch {
        return false;
      }
    });

async function until(fn: () => boolean | Promise<boolean>, ms: number): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    if (await fn()) return Date.now() - t0;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`not within ${ms} ms`);
}

describe.skipIf(!hasJanus)('V5: Janus, supervised', () => {
  it('V5: ready when its API answers; restarted with a new port and secret after SIGKILL; stop leaves nothing', async () => {
    const dir = tmpDir('guestlist-sup-');
    const j = new BuiltInJanus({ runtimeDir: dir, backoff: { firstMs: 100, maxMs: 1000 } });
    const first = await j.endpoint();
    expect(await janusAnswers(first.url, 1000)).toBe(true);
    const pid = j.janusPid!;
    process.kill(pid, 'SIGKILL');
    await until(() => j.status === 'ready' && j.janusPid !== pid, 10_000);
    const second = await j.endpoint();
    expect(second.apiSecret).not.toBe(first.apiSecret);
    expect(await janusAnswers(second.url, 1000)).toBe(true);
    expect(j.lastExit).toMatch(/SIGKILL|exit code 137/);
    await j.stop();
    expect(janusPids(dir)).toEqual([]);
    // Each run's folder (with its secrets) is removed with it.
    await until(() => fs.readdirSync(dir).length === 0, 3000);
  }, 30_000);

  it('V5: a host killed with SIGKILL leaves no Janus behind', async () => {
    const data = tmpDir('guestlist-sup-host-');
    expect(cli(data, 'media', 'add', '--title', 'Killed host', '--kind', 'room', '--no-lobby').code).toBe(0);
    expect(cli(data, 'media', 'set', '--media', '1', '--guest-access', 'on').code).toBe(0);
    const link = cli(data, 'links', 'create', '--media', '1', '--name', 'All').out as { token: string };
    const serve = await startServe(data);
    const g = new Client(serve.url);
    expect((await g.submit(`/g/${link.token}`, { name: 'Ana', email: 'ana@example.org' })).status).toBe(303);
    expect((await g.get('/s')).status).toBe(200);
    // A live socket starts Janus.
    const ws = new WebSocket(serve.url.replace('http', 'ws') + '/s/live', { headers: { cookie: g.cookieHeader(), origin: serve.url } });
    ws.on('error', () => {});
    const pattern = `guestlist-live-${serve.child.pid}`;
    await until(() => janusPids(pattern).length === 1, 15_000);
    serve.child.kill('SIGKILL');
    const after = await until(() => janusPids(pattern).length === 0, 5000);
    console.log(`[live] host SIGKILLed: its Janus was gone ${after} ms later`);
    ws.terminate();
  }, 40_000);
});
