// `guestlist serve` as a real process: whom it trusts by default (L5), and that
// a failed start changes no setting (L1). Real HTTP on 127.0.0.x.
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tmpDir } from '../helpers/tmp';
import { type Served, startServe } from '../reliability/helpers';

const BIN = path.resolve('bin/guestlist.cjs');
let served: Served | undefined;
afterEach(async () => {
  if (!served) return;
  const child = served.child;
  served = undefined;
  if (child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
});

/** An unknown-token GET from a given loopback source address, claiming a forwarded client. */
function unknownFrom(port: number, localAddress: string, forwardedFor: string, i: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: `/g/not-a-real-token-${i}`, localAddress, agent: false, headers: { 'x-forwarded-for': forwardedFor } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
  });
}

/** 31 unknown tokens from 127.0.0.2, each claiming another client (the limit is 30 a minute per address). */
async function lastOf31(port: number): Promise<number> {
  let status = 0;
  for (let i = 0; i < 31; i++) status = await unknownFrom(port, '127.0.0.2', `203.0.113.${i + 1}`, i);
  return status;
}

describe('L5: serve trusts loopback by default only behind an https public URL on another host', () => {
  it('L5: with --base-url http://127.0.0.1:…, a local process sending X-Forwarded-For is not believed', async () => {
    served = await startServe(tmpDir(), ['--base-url', 'http://127.0.0.1:4999']);
    // Believed, each request would be another client and none would reach the limit.
    expect(await lastOf31(served.port)).toBe(429);
  });

  it('L5: with --public-url https on a non-loopback host, the proxy on this computer is believed', async () => {
    served = await startServe(tmpDir(), ['--public-url', 'https://guests.example.org']);
    expect(await lastOf31(served.port)).toBe(404);
  });

  it('L5: --trust-proxy loopback is still honoured with an http base URL', async () => {
    served = await startServe(tmpDir(), ['--base-url', 'http://127.0.0.1:4999', '--trust-proxy', 'loopback']);
    expect(await lastOf31(served.port)).toBe(404);
  });
});

describe('L1: serve --base-url is saved only once the listener runs', () => {
  it('L1: PORT_IN_USE leaves the base URL as it was; a start that works saves it', async () => {
    const d = tmpDir();
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const r = spawnSync(process.execPath, [BIN, '--data', d, '--json', 'serve', '--port', String(port), '--base-url', 'https://guests.example.org'], { encoding: 'utf8', timeout: 20_000 });
      expect(r.status).toBe(1);
      expect(JSON.parse(r.stderr.trim().split('\n').pop()!)).toMatchObject({ code: 'PORT_IN_USE' });
    } finally {
      await new Promise((r) => blocker.close(r));
    }
    const get = () => JSON.parse(spawnSync(process.execPath, [BIN, '--data', d, '--json', 'config', 'get'], { encoding: 'utf8' }).stdout);
    expect(get()).toMatchObject({ baseUrlAuto: true });
    served = await startServe(d, ['--base-url', 'https://guests.example.org']);
    expect(get()).toMatchObject({ baseUrl: 'https://guests.example.org', baseUrlAuto: false });
  });
});

describe('logs: serve prints a line per request; guestlist logs shows the last ones', () => {
  it('--log-format json prints each request as JSON on stderr; `logs --lines 2` shows the folder and the readable lines', async () => {
    const d = tmpDir();
    served = await startServe(d, ['--log-format', 'json']);
    expect((await fetch(`${served.url}/g/not-a-real-token-xyz`)).status).toBe(404);
    await new Promise((r) => setTimeout(r, 200));
    const lines = served.stderr().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.find((l) => l.msg === 'request' && l.route === '/g/:token')).toMatchObject({ method: 'GET', status: 404, ip: '127.0.0.1', proc: 'serve' });
    expect(served.stderr()).not.toContain('not-a-real-token-xyz');
    const child = served.child;
    served = undefined;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    const r = spawnSync(process.execPath, [BIN, '--data', d, 'logs', '--lines', '2'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    const out = r.stdout.trim().split('\n');
    expect(out[0]).toBe(`Logs: ${path.join(d, 'logs')}`);
    expect(out.slice(1)).toEqual([expect.stringMatching(/ serve listener stopped /), expect.stringMatching(/ serve host stopped$/)]);
    const all = spawnSync(process.execPath, [BIN, '--data', d, 'logs', '--lines', '50'], { encoding: 'utf8' }).stdout;
    expect(all).toMatch(/ serve GET \/g\/:token 404 [\d.]+ms 127\.0\.0\.1\n/);
  });

  it('a wrong level (flag or GUESTLIST_LOG_LEVEL) is refused before anything is bound', () => {
    const r = spawnSync(process.execPath, [BIN, '--data', tmpDir(), 'serve', '--port', '0'], { encoding: 'utf8', timeout: 20_000, env: { ...process.env, GUESTLIST_LOG_LEVEL: 'loud' } });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/GUESTLIST_LOG_LEVEL\) must be one of fatal, error, warn, info/);
  });
});
