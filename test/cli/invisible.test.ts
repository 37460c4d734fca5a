// S6 through the CLI: an email with an invisible or direction-changing
// character is refused with its code and sentence, shown escaped.
import { describe, expect, it } from 'vitest';
import { tmpDir } from '../helpers/tmp';
import { runCli } from './inProcess';

describe('S6: invites create from the CLI', () => {
  it('S6: an address with U+202E is refused with EMAIL_INVISIBLE_CHARACTER; the good one goes through', async () => {
    const d = tmpDir();
    const m = await runCli(d, 'media', 'add', '--title', 'Room', '--kind', 'room');
    expect(m.status, m.stderr).toBe(0);
    const r = await runCli(d, '--json', 'invites', 'create', '--media', '1', '--email', 'ana\u202e@example.org', '--email', 'bo@example.org', '--role', 'viewer');
    expect(r.status).toBe(0);
    const results = JSON.parse(r.stdout) as { ok: boolean; error?: { code: string; message: string } }[];
    expect(results.map((x) => x.ok)).toEqual([false, true]);
    expect(results[0]!.error).toMatchObject({ code: 'EMAIL_INVISIBLE_CHARACTER', message: expect.stringContaining('invisible or direction-changing character (U+202E)') });
    // The terminal never receives the raw override.
    expect(r.stdout).not.toContain('\u202e');
    const human = await runCli(d, 'invites', 'create', '--media', '1', '--email', 'cy\u200b@example.org', '--role', 'viewer');
    expect(human.status).toBe(1);
    expect(human.stdout + human.stderr).toContain('U+200B');
    expect(human.stdout + human.stderr).not.toContain('\u200b');
  });
});
