// Issue "A newcomer's first day" (CLI manners): participants list reads a page
// at a time and counts; usage mistakes exit 2 with the usage line; every
// subcommand has its own --help; config set says what it did. Real SQLite
// files in temp folders. (--tz: timeZones.test.ts; a closed pipe: pipe.test.ts.)
import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from '../../src-main/cli/index';
import { openCore } from '../../src-main/core';
import { fingerprint } from '../helpers/seed';
import { ACTOR, tmpCore, tmpDir } from '../helpers/tmp';
import { runCli as run, runCliWithStdin } from './inProcess';

/** A room with `waiting` people knocking and `inRoom` admitted, made through the core. */
function room(waiting: number, inRoom: number, names = (i: number) => `Guest ${i}`) {
  const dataDir = tmpDir();
  const core = tmpCore({ dataDir });
  const media = core.media.create({ kind: 'room', title: 'Town hall', guestAccess: true, requireAdmission: true }, ACTOR);
  const link = core.links.create({ mediaId: media.id, name: 'Everyone' }, ACTOR);
  const ids: number[] = [];
  // One outer transaction: the same writes, without a commit per guest (5,000 knocks in well under a second).
  core.db.transaction(() => {
    for (let i = 1; i <= waiting + inRoom; i++) {
      const r = core.access.redeemGuestLink(link.token, { name: names(i), email: `guest${i}@example.org` });
      if (!r.ok) throw new Error('knock refused');
      ids.push(r.participant.id);
    }
    for (const id of ids.slice(waiting)) core.participants.admit(id, ACTOR);
  })();
  core.close();
  return { dataDir, mediaId: String(media.id), waitingIds: ids.slice(0, waiting), roomIds: ids.slice(waiting) };
}

describe('P1: participants list reads a page at a time, filters and counts, with the console\'s operations', () => {
  it('P1: --limit and --after walk Waiting then In the room with the keyset cursor, everyone once, in the console\'s order', async () => {
    const s = room(7, 6);
    const seen: number[] = [];
    let after: string | undefined;
    for (let page = 0; page < 20; page++) {
      const r = await run(s.dataDir, '--json', 'participants', 'list', '--media', s.mediaId, '--limit', '4', ...(after ? ['--after', after] : []));
      expect(r.status, r.stderr).toBe(0);
      const v = JSON.parse(r.stdout) as { participants: { id: number }[]; next: string | null };
      expect(v.participants.length).toBeLessThanOrEqual(4);
      seen.push(...v.participants.map((p) => p.id));
      if (!v.next) break;
      after = v.next;
    }
    expect(seen).toEqual([...s.waitingIds, ...s.roomIds]);
    // People: the table, then where the next page starts.
    const human = await run(s.dataDir, 'participants', 'list', '--media', s.mediaId, '--limit', '7');
    expect(human.stdout).toMatch(/Next page: --after room\n$/);
    expect(human.stdout.split('\n').filter((l) => /^\d+\s+waiting/.test(l))).toHaveLength(7);
  });

  it('P1: --state and --search narrow the list in SQL; --count prints only the number', async () => {
    const s = room(5, 4, (i) => (i % 2 ? `Ana ${i}` : `Bo ${i}`));
    const waiting = await run(s.dataDir, '--json', 'participants', 'list', '--media', s.mediaId, '--state', 'waiting');
    expect(JSON.parse(waiting.stdout).participants.map((p: { id: number }) => p.id)).toEqual(s.waitingIds);
    const anaInRoom = await run(s.dataDir, '--json', 'participants', 'list', '--media', s.mediaId, '--state', 'room', '--search', 'ana');
    expect(JSON.parse(anaInRoom.stdout).participants.map((p: { name: string }) => p.name)).toEqual(['Ana 7', 'Ana 9']);
    expect((await run(s.dataDir, 'participants', 'list', '--media', s.mediaId, '--count')).stdout).toBe('9\n');
    expect((await run(s.dataDir, 'participants', 'list', '--media', s.mediaId, '--count', '--state', 'room')).stdout).toBe('4\n');
    expect((await run(s.dataDir, 'participants', 'list', '--media', s.mediaId, '--count', '--search', 'bo')).stdout).toBe('4\n');
    expect((await run(s.dataDir, 'participants', 'list', '--media', s.mediaId, '--count', '--state', 'room', '--search', 'ana')).stdout).toBe('2\n');
    expect((await run(s.dataDir, '--json', 'participants', 'list', '--media', s.mediaId, '--count', '--state', 'waiting', '--search', 'ana')).stdout.trim()).toBe('3');
    expect((await run(s.dataDir, 'participants', 'list', '--media', s.mediaId, '--search', 'nobody-here')).stdout).toBe('Nobody matches.\n');
    // The old list (no paging flags) is unchanged, and --all does not mix with paging.
    expect(JSON.parse((await run(s.dataDir, '--json', 'participants', 'list', '--media', s.mediaId)).stdout)).toHaveLength(9);
    expect((await run(s.dataDir, 'participants', 'list', '--media', s.mediaId, '--all', '--limit', '2')).status).toBe(2);
    expect((await run(s.dataDir, 'participants', 'list', '--media', s.mediaId, '--after', 'nowhere')).status).toBe(2);
    expect((await run(s.dataDir, 'participants', 'list', '--media', s.mediaId, '--state', 'left')).status).toBe(2);
  });

});

describe('CLI manners: exit codes, usage lines, help, sentences', () => {
  it('a usage mistake (--media abc, an unknown flag, a missing value, a flag twice) exits 2 with the command\'s usage line; nothing is written', async () => {
    const d = tmpDir();
    await run(d, 'media', 'add', '--title', 'Room', '--kind', 'room');
    const core = openCore({ dataDir: d });
    const before = fingerprint(core.db);
    core.close();
    for (const args of [
      ['links', 'create', '--media', 'abc', '--name', 'x'],
      ['links', 'create', '--media', '1', '--name', 'x', '--bogus'],
      ['links', 'create', '--media', '1', '--name'],
      ['links', 'create', '--media', '1', '--name', 'x', '--name', 'y'],
      ['links', 'create', '--media', '1', '--name', 'x', 'stray'],
    ]) {
      const r = await run(d, ...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toContain('Usage: guestlist [--data DIR] [--json] links create --media ID --name NAME');
      const json = await run(d, '--json', ...args);
      expect(JSON.parse(json.stderr.trim())).toMatchObject({ code: 'INVALID_INPUT', usage: expect.stringContaining('links create --media ID') });
    }
    const after = openCore({ dataDir: d });
    expect(fingerprint(after.db)).toEqual(before);
    after.close();
  });

  it('an unknown subcommand of a group exits 2 and lists the group\'s commands; the group alone lists them with exit 0', async () => {
    const d = tmpDir();
    const wrong = await run(d, 'links', 'frobnicate');
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('Unknown command “links frobnicate”');
    expect(wrong.stderr).toContain('links create --media ID');
    const group = await run(d, 'links');
    expect(group.status).toBe(0);
    expect(group.stdout).toContain('links create --media ID');
  });

  it('a valid request that fails exits 1, without a usage line', async () => {
    const d = tmpDir();
    const r = await run(d, 'links', 'list', '--media', '42');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error \[MEDIA_NOT_FOUND\]/);
    expect(r.stderr).not.toContain('Usage:');
  });

  it('every subcommand\'s --help shows that subcommand\'s help, and runs nothing', async () => {
    const d = tmpDir();
    expect(COMMAND_NAMES.length).toBeGreaterThan(20);
    for (const name of COMMAND_NAMES) {
      const r = await run(d, ...name.split(' '), '--help');
      expect(r.status, name).toBe(0);
      expect(r.stdout.split('\n')[0], name).toMatch(new RegExp(`^Usage: guestlist \\[--data DIR\\] \\[--json\\] ${name}( |$)`));
    }
    expect((await run(d, 'participants', 'list', '--help')).stdout).toContain('--after CURSOR');
    expect((await run(d, '--json', 'media', 'list')).stdout.trim()).toBe('[]');
  });

  it('config set prints a sentence; --json prints the settings', async () => {
    const d = tmpDir();
    expect((await run(d, 'config', 'set', 'base-url', 'https://events.example.org')).stdout).toBe('Links now start with https://events.example.org.\n');
    expect((await run(d, 'config', 'set', 'base-url', 'auto')).stdout).toMatch(/^Links now follow the address the listener serves \(now http:\/\/127\.0\.0\.1:\d+\)\.\n$/);
    expect((await run(d, 'config', 'set', 'invite-skip-lobby', 'yes')).stdout).toBe('New invites now skip the lobby.\n');
    expect((await run(d, 'config', 'set', 'invite-skip-lobby', 'no')).stdout).toBe('New invites now wait in the lobby.\n');
    expect(JSON.parse((await run(d, '--json', 'config', 'set', 'invite-skip-lobby', 'yes')).stdout)).toMatchObject({ inviteSkipLobbyDefault: true });
  });

  it('V6: config set turn-server and turn-secret --stdin; the secret is never printed, and a server without it is refused', async () => {
    const d = tmpDir();
    const secret = 'c0turn-static-auth-s3cret';
    const refused = await run(d, 'config', 'set', 'turn-server', 'turn:turn.example.org:3478');
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('A TURN server needs its shared secret');
    expect((await run(d, 'config', 'set', 'turn-server', 'turn.example.org:3478')).stderr).toContain('The TURN server must be turn:host:port or turns:host:port');
    expect((await run(d, 'config', 'set', 'turn-secret', secret)).stderr).toContain('Use: guestlist config set turn-secret --stdin');
    const saved = await runCliWithStdin(d, `${secret}\n`, 'config', 'set', 'turn-secret', '--stdin');
    expect(saved).toMatchObject({ status: 0, stdout: 'The TURN server’s shared secret was saved (it is never shown, and never leaves this computer).\n' });
    expect((await run(d, 'config', 'set', 'turn-server', 'turns:turn.example.org:5349')).stdout).toBe(
      'Live media now use the TURN server turns:turn.example.org:5349; pages get credentials valid 12 hours, Janus 30 days.\n',
    );
    const json = await run(d, '--json', 'config', 'set', 'turn-server', 'turn:turn.example.org:3478?transport=tcp');
    expect(JSON.parse(json.stdout)).toMatchObject({ turnServer: 'turn:turn.example.org:3478?transport=tcp', turnSecretSet: true });
    expect(json.stdout + saved.stdout + saved.stderr).not.toContain(secret);
    expect((await run(d, 'config', 'set', 'turn-server', 'none')).stdout).toBe('Live media use no TURN server.\n');
    expect((await runCliWithStdin(d, '', 'config', 'set', 'turn-secret', '--stdin')).stdout).toBe('The TURN server’s shared secret was removed.\n');
    expect((await run(d, 'config', 'set', '--help')).stdout).toContain('config set turn-secret --stdin');
    expect((await run(d, 'config', 'set', 'turn', 'x')).stderr).toContain('stun-server, turn-server, turn-secret,');
  });
});
