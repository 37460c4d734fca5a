// A closed pipe (`guestlist participants list … | head -1`) ends the command
// quietly: no EPIPE stack trace. A real child process piped into head, on a
// real SQLite file of 5,000 waiting guests (about 780 KB of table).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTOR, tmpCore, tmpDir } from '../helpers/tmp';

const BIN = path.resolve('bin/guestlist.cjs');

/** A room with `n` guests waiting, knocked through the core (in one outer transaction: no commit per guest). */
function lobby(n: number) {
  const dataDir = tmpDir();
  const core = tmpCore({ dataDir });
  const media = core.media.create({ kind: 'room', title: 'Town hall', guestAccess: true, requireAdmission: true }, ACTOR);
  const link = core.links.create({ mediaId: media.id, name: 'Everyone' }, ACTOR);
  core.db.transaction(() => {
    for (let i = 1; i <= n; i++) if (!core.access.redeemGuestLink(link.token, { name: `Guest ${i}`, email: `guest${i}@example.org` }).ok) throw new Error('knock refused');
  })();
  core.close();
  return { dataDir, mediaId: String(media.id) };
}

describe('a closed pipe', () => {
  it('a closed pipe (participants list on 5,000 people | head -1) ends quietly: no EPIPE, no stack trace', () => {
    const s = lobby(5000);
    const r = spawnSync('bash', ['-c', '"$0" "$1" --data "$2" participants list --media "$3" | head -1; echo "status=${PIPESTATUS[0]}" >&2', process.execPath, BIN, s.dataDir, s.mediaId], {
      encoding: 'utf8',
      env: { ...process.env, GUESTLIST_DATA_DIR: '' },
    });
    expect(r.stdout.split('\n')[0]).toMatch(/^ID\s+STATE\s+NAME/);
    expect(r.stderr).not.toMatch(/EPIPE|Error|\n\s+at /);
    expect(r.stderr.trim()).toBe('status=0');
  }, 60_000);
});
