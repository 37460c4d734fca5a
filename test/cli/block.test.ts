// "Deny and block" from a terminal (issue 13, lobby abuse): the CLI runs the
// same operations as the console: block a waiting guest, list the blocked
// emails (times in the media's zone), unblock one. The CLI's own `main` on a
// real SQLite file.
import { describe, expect, it } from 'vitest';
import { runCli as run } from './inProcess';
import { ACTOR, tmpCore, tmpDir } from '../helpers/tmp';

describe('participants block / blocked / unblock', () => {
  it('lobby abuse: the CLI denies and blocks, lists the email in the media\'s zone, and unblocks it so it may knock again', async () => {
    const dataDir = tmpDir();
    const core = tmpCore({ dataDir });
    const room = core.media.create(
      { kind: 'room', title: 'Room', guestAccess: true, requireAdmission: true, schedule: { startsAt: '2093-06-10T04:30:00.000Z', endsAt: '2093-06-10T05:30:00.000Z', timeZone: 'Asia/Kolkata' } },
      ACTOR,
    );
    const link = core.links.create({ mediaId: room.id, name: 'All' }, ACTOR);
    const knock = () => core.access.redeemGuestLink(link.token, { name: 'Troll', email: 'troll@example.com' });
    const p = knock();
    if (!p.ok) throw new Error('knock failed');

    const blocked = await run(dataDir, 'participants', 'block', '--participant', String(p.participant.id));
    expect(blocked.status).toBe(0);
    expect(blocked.stdout).toMatch(/denied\s+Troll/);
    expect(knock()).toMatchObject({ ok: false, reason: 'denied-by-moderator' });

    const list = await run(dataDir, 'participants', 'blocked', '--media', String(room.id));
    expect(list.stdout).toContain('BLOCKED (Asia/Kolkata)');
    expect(list.stdout).toContain('troll@example.com');

    const un = await run(dataDir, 'participants', 'unblock', '--media', String(room.id), '--email', 'TROLL@example.com');
    expect(un.status).toBe(0);
    expect(un.stdout).toBe('No email is blocked for this media entry.\n');
    expect(knock()).toMatchObject({ ok: true });

    const bad = await run(dataDir, 'participants', 'unblock', '--media', String(room.id), '--email', 'not an email');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('EMAIL_INVALID');
    core.close();
  });
});
