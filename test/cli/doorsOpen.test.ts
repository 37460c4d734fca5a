// M1: the doors (minutes before a scheduled start) and the denied page's
// contact line are set from the CLI (`media add|set --doors-open N --contact T`),
// through the api schema like the app's dialog.
import { describe, expect, it } from 'vitest';
import { callOperation } from '../../src-main/api/table';
import { tmpCore, tmpDir, ACTOR } from '../helpers/tmp';
import { runCli } from './inProcess';

describe('M1: doorsOpenMinutes and contact', () => {
  it('M1: media add --doors-open N --contact T keeps them; media set changes them; the human output says so', async () => {
    const d = tmpDir();
    const add = await runCli(d, '--json', 'media', 'add', '--title', 'Town hall', '--kind', 'room', '--starts', '2027-12-01T10:00:00Z', '--ends', '2027-12-01T11:00:00Z', '--tz', 'Europe/Paris', '--doors-open', '45', '--contact', 'ops@example.org');
    expect(add.status, add.stderr).toBe(0);
    expect(JSON.parse(add.stdout)).toMatchObject({ doorsOpenMinutes: 45, contact: 'ops@example.org' });
    const set = await runCli(d, '--json', 'media', 'set', '--media', '1', '--doors-open', '0', '--contact', 'Ask Dana at the desk');
    expect(set.status, set.stderr).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({ doorsOpenMinutes: 0, contact: 'Ask Dana at the desk' });
    const shown = await runCli(d, 'media', 'show', '--media', '1');
    expect(shown.stdout).toContain('doors open 0 min before the start');
    expect(shown.stdout).toContain('contact: Ask Dana at the desk');
  });

  it('M1: without --doors-open the doors open 15 minutes before; a bad number is refused and writes nothing', async () => {
    const d = tmpDir();
    const add = await runCli(d, '--json', 'media', 'add', '--title', 'Town hall', '--kind', 'room');
    expect(JSON.parse(add.stdout).doorsOpenMinutes).toBe(15);
    for (const bad of ['-1', '1441', '2.5', 'soon']) {
      const r = await runCli(d, '--json', 'media', 'set', '--media', '1', '--doors-open', bad);
      expect(r.status, bad).not.toBe(0);
      expect(r.stderr, bad).toMatch(/INVALID_INPUT.*doorsOpenMinutes|--doors-open/);
    }
    expect(JSON.parse((await runCli(d, '--json', 'media', 'show', '--media', '1')).stdout).doorsOpenMinutes).toBe(15);
  });

  it('M1: the api schema takes doorsOpenMinutes and contact on create and update, and refuses control characters in the contact', async () => {
    const core = tmpCore();
    const r = await callOperation(core, 'media.create', { kind: 'room', title: 'T', doorsOpenMinutes: 5, contact: 'a@b.org' }, ACTOR);
    expect(r).toMatchObject({ ok: true, value: { doorsOpenMinutes: 5, contact: 'a@b.org' } });
    const bad = await callOperation(core, 'media.update', { mediaId: 1, contact: 'x\u001b[31m' }, ACTOR);
    expect(bad.ok).toBe(false);
    core.close();
  });
});
