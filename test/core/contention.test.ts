import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../src-main/core';
import { ACTOR, tmpDir } from '../helpers/tmp';

function runWorker(dataDir: string, token: string, count: number, tag: string): Promise<{ accepted: number[]; refused: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('test/fixtures/redeem-worker.ts'), dataDir, token, String(count), tag], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`worker ${tag} exited ${code}: ${err}`))));
  });
}

describe('G4 under contention', () => {
  it('G4: six processes racing for the last clicks never exceed the limit, and every accepted use has its participant', async () => {
    const dir = tmpDir();
    const core = openCore({ dataDir: dir });
    const media = core.media.create({ kind: 'room', title: 'Webinar', guestAccess: true }, ACTOR);
    const link = core.links.create({ mediaId: media.id, name: 'Everyone', clicks: 60 }, ACTOR);
    core.close();

    const results = await Promise.all(['a', 'b', 'c', 'd', 'e', 'f'].map((tag) => runWorker(dir, link.token, 25, tag)));
    const accepted = results.flatMap((r) => r.accepted);
    const refused = results.reduce((n, r) => n + r.refused, 0);

    const after = openCore({ dataDir: dir });
    expect(accepted).toHaveLength(60);
    expect(refused).toBe(6 * 25 - 60);
    expect(after.links.get(link.id).uses).toBe(60);
    const rows = after.db.prepare('SELECT id FROM participants WHERE guest_link_id = ? ORDER BY id').all(link.id) as { id: number }[];
    expect(rows.map((r) => r.id)).toEqual([...accepted].sort((x, y) => x - y));
    expect(after.db.pragma('integrity_check', { simple: true })).toBe('ok');
    after.close();
  });
});
