// The hot path keeps settings in memory while a process follows the others
// (core.followOtherProcesses): its own changes apply at once, another
// process's as soon as the follower reads its 'settings.changed' entry.
import { afterEach, describe, expect, it } from 'vitest';
import { ACTOR, coreTracker, tmpDir, until } from '../helpers/tmp';

const cores = coreTracker();
afterEach(() => cores.closeAll());
const core = (dataDir: string, now?: () => Date) => cores.open(dataDir, now);

describe('settings in memory while following', () => {
  it('a change made here is read at once; one made by another process within the follow interval', async () => {
    const dir = tmpDir();
    const serving = core(dir);
    serving.followOtherProcesses(50);
    expect(serving.settings.explicitBaseUrl()).toBeNull();
    serving.settings.set({ baseUrl: 'https://a.example.org' }, ACTOR);
    expect(serving.settings.explicitBaseUrl()).toBe('https://a.example.org');

    const cli = core(dir);
    cli.settings.set({ baseUrl: 'https://b.example.org' }, ACTOR);
    expect(await until(() => serving.settings.explicitBaseUrl() === 'https://b.example.org')).toBe(true);
    cli.settings.set({ inviteSkipLobbyDefault: true }, ACTOR);
    expect(await until(() => serving.settings.get().inviteSkipLobbyDefault)).toBe(true);
  });

  it('while following, the value comes from memory (a write that skips set() and its audit entry is not seen); not following, from the file', async () => {
    const dir = tmpDir();
    const serving = core(dir);
    serving.followOtherProcesses(50);
    expect(serving.settings.explicitBaseUrl()).toBeNull();
    const other = core(dir);
    other.db.prepare("INSERT INTO settings (key, value) VALUES ('base_url', 'https://sneaky.example.org')").run();
    await new Promise((r) => setTimeout(r, 200));
    expect(serving.settings.explicitBaseUrl()).toBeNull();
    // The CLI (not following) reads the file each time.
    expect(other.settings.explicitBaseUrl()).toBe('https://sneaky.example.org');
  });
});

describe('browser IDs from a pool of random bytes', () => {
  it('1,000 IDs (across pool refills) are all different and all verify', async () => {
    const crypto = await import('node:crypto');
    const { BrowserIds } = await import('../../src-main/listener/security');
    const ids = new BrowserIds(crypto.randomBytes(32));
    const issued = Array.from({ length: 1000 }, () => ids.issue());
    expect(new Set(issued).size).toBe(1000);
    expect(new Set(issued.map((id) => id.split('.')[0])).size).toBe(1000);
    expect(issued.every((id) => ids.verify(id))).toBe(true);
  });
});
