// P3 across processes: the moderator admits and removes from the CLI while
// the guest's page is open on the listener; the page follows, no refresh.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Client, guestSetup, type Harness, openEvents, startHarness } from './helpers';

const BIN = path.resolve('bin/guestlist.cjs');
let h: Harness;
afterEach(async () => h?.close());

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, '--data', h.core.dataDir, '--json', ...args], { encoding: 'utf8', env: { ...process.env, GUESTLIST_DATA_DIR: '' } });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe('a guest page follows what the CLI does (P3)', () => {
  it('P3: admitted from the CLI, the lobby moves on live; removed from the CLI, the session says so', async () => {
    h = await startHarness();
    const { link } = guestSetup(h.core, { requireAdmission: true });
    const guest = new Client(h.base);
    expect((await guest.submit(`/g/${link.token}`, { name: 'Ada', email: 'ada@example.com' })).headers.get('location')).toBe('/s/lobby');
    const sse = await openEvents(guest);
    await sse.waitFor((e) => e.event === 'state' && JSON.parse(e.data).state === 'waiting');
    const [p] = h.core.participants.list(link.mediaId);

    cli('participants', 'admit', '--participant', String(p!.id));
    await sse.waitFor((e) => e.event === 'state' && JSON.parse(e.data).state === 'admitted');
    cli('participants', 'remove', '--participant', String(p!.id));
    await sse.waitFor((e) => e.event === 'state' && JSON.parse(e.data).state === 'removed');
    sse.close();
  });
});
