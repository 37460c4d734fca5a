// L1 "My network" for real: two Linux network namespaces joined by a veth pair
// (private 10.200.x.0/24 addresses on namespaces this test creates and deletes).
// `guestlist serve --host 0.0.0.0` runs in one; the link the CLI builds uses the
// LAN address it records; a guest in the other namespace opens it and redeems it.
// Needs root and iproute2; otherwise the test skips and says why.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tmpDir } from '../helpers/tmp';
import { CLI, cli } from '../reliability/helpers';

const tag = `gl${process.pid % 100000}`;
const NS = { host: `${tag}-host`, guest: `${tag}-guest` };
const subnet = `10.200.${process.pid % 250}`;
const HOST_IP = `${subnet}.1`;

function ip(...args: string[]) {
  return spawnSync('ip', args, { encoding: 'utf8' });
}

function whyNot(): string {
  if (process.platform !== 'linux') return 'network namespaces are Linux only';
  if (process.getuid?.() !== 0) return 'creating network namespaces needs root (CI runs as root)';
  if (spawnSync('ip', ['-V']).status !== 0) return 'iproute2 (`ip`) is not installed';
  const probe = `${tag}-probe`;
  const r = ip('netns', 'add', probe);
  if (r.status !== 0) return `ip netns add failed here: ${r.stderr.trim()}`;
  ip('netns', 'del', probe);
  return '';
}
const why = whyNot();
if (why) console.warn(`[skip] test/reach/lan.test.ts: ${why}`);

// What a guest's browser does, run inside the guest namespace: open the link, post the form with its CSRF token.
const GUEST = `
const url = process.argv[1];
(async () => {
  const page = await fetch(url, { redirect: 'manual' });
  const cookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const post = await fetch(url, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie }, body: new URLSearchParams({ _csrf: csrf, name: 'Ana from the other room', email: 'ana@example.org' }) });
  console.log(JSON.stringify({ get: page.status, post: post.status, location: post.headers.get('location') }));
})().catch((e) => { console.log(JSON.stringify({ error: String(e.cause?.code ?? e) })); });
`;

describe.skipIf(!!why)('L1: "My network" between two network namespaces', () => {
  let serve: ChildProcess | null = null;
  let port = 0;
  const data = tmpDir();

  beforeAll(async () => {
    const steps = [
      ['netns', 'add', NS.host],
      ['netns', 'add', NS.guest],
      ['link', 'add', `${tag}a`, 'type', 'veth', 'peer', 'name', `${tag}b`],
      ['link', 'set', `${tag}a`, 'netns', NS.host],
      ['link', 'set', `${tag}b`, 'netns', NS.guest],
      ['-n', NS.host, 'addr', 'add', `${HOST_IP}/24`, 'dev', `${tag}a`],
      ['-n', NS.guest, 'addr', 'add', `${subnet}.2/24`, 'dev', `${tag}b`],
      ['-n', NS.host, 'link', 'set', `${tag}a`, 'up'],
      ['-n', NS.guest, 'link', 'set', `${tag}b`, 'up'],
      ['-n', NS.host, 'link', 'set', 'lo', 'up'],
      ['-n', NS.guest, 'link', 'set', 'lo', 'up'],
    ];
    for (const s of steps) {
      const r = ip(...s);
      if (r.status !== 0) throw new Error(`ip ${s.join(' ')}: ${r.stderr}`);
    }
    serve = spawn('ip', ['netns', 'exec', NS.host, process.execPath, CLI, '--data', data, '--json', 'serve', '--host', '0.0.0.0', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const info = await new Promise<{ port: number; baseUrl: string }>((resolve, reject) => {
      let out = '';
      let err = '';
      const timer = setTimeout(() => reject(new Error(`serve did not start: ${err}`)), 20_000);
      serve!.stderr!.on('data', (d) => (err += d));
      serve!.stdout!.on('data', (d) => {
        out += d;
        if (!out.includes('\n')) return;
        clearTimeout(timer);
        resolve(JSON.parse(out.slice(0, out.indexOf('\n'))));
      });
    });
    port = info.port;
  });

  afterAll(async () => {
    if (serve && serve.exitCode === null) {
      serve.kill('SIGTERM');
      await new Promise((r) => serve!.once('exit', r));
    }
    // Deleting the namespaces removes the veth pair with them.
    ip('netns', 'del', NS.host);
    ip('netns', 'del', NS.guest);
  });

  it('L1: the link is built from the LAN address, and a guest on another machine of the network redeems it', () => {
    const media = cli(data, 'media', 'add', '--title', 'LAN town hall', '--kind', 'room', '--no-lobby');
    expect(media.code).toBe(0);
    expect(cli(data, 'media', 'set', '--media', '1', '--guest-access', 'on').code).toBe(0);
    const link = cli(data, 'links', 'create', '--media', '1', '--name', 'Everyone').out as { url: string; token: string };
    expect(link.url).toBe(`http://${HOST_IP}:${port}/g/${link.token}`);

    const reach = cli(data, 'reach');
    // The CLI runs outside the namespace, so it can't open 10.200.x.1: it says so instead of pretending.
    expect(reach.out).toMatchObject({ scope: 'network', baseUrl: `http://${HOST_IP}:${port}` });

    const guest = spawnSync('ip', ['netns', 'exec', NS.guest, process.execPath, '-e', GUEST, link.url], { encoding: 'utf8', timeout: 30_000 });
    // Redeemed: in the room, or in its lobby when the room asks for admission.
    const admission = (media.out as { requireAdmission: boolean }).requireAdmission;
    expect(JSON.parse(guest.stdout)).toEqual({ get: 200, post: 303, location: admission ? '/s/lobby' : '/s' });
    const people = cli(data, 'participants', 'list', '--media', '1').out as { name: string; state: string }[];
    expect(people).toEqual([expect.objectContaining({ name: 'Ana from the other room', state: admission ? 'waiting' : 'admitted' })]);
  });

  it('L4: inside the namespace, reach says OK for the LAN address (network scope)', () => {
    const r = spawnSync('ip', ['netns', 'exec', NS.host, process.execPath, CLI, '--data', data, '--json', 'reach'], { encoding: 'utf8' });
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, code: 'OK', scope: 'network', baseUrl: `http://${HOST_IP}:${port}` });
    expect(r.status).toBe(0);
  });
});
