// S1/S5, issue 23 hot path: session secrets carry a time-ordered prefix, and
// the participants table keeps their hash under it, so new sessions go to the
// end of the session index. The secret stays 192 random bits; a secret issued
// before the prefix existed (its hash alone in the table) still works.
import { afterEach, describe, expect, it } from 'vitest';
import { hashSecret, newSessionSecret, sessionKey } from '../../src-main/core/tokens';
import { ACTOR, coreTracker, tmpDir } from '../helpers/tmp';

const cores = coreTracker();
afterEach(() => cores.closeAll());

describe('S5: session secrets and what the table keeps of them', () => {
  it('a secret is a base-36 issue time, a dot and 32 URL-safe random characters; later secrets sort after earlier ones', () => {
    const a = newSessionSecret(Date.parse('2026-12-07T10:00:00Z'));
    const b = newSessionSecret(Date.parse('2026-12-07T10:00:00.001Z'));
    expect(a).toMatch(/^[0-9a-z]{9}\.[A-Za-z0-9_-]{32}$/);
    expect(a.split('.')[1]).not.toBe(b.split('.')[1]);
    expect(sessionKey(a)! < sessionKey(b)!).toBe(true);
    expect(sessionKey(a)).toBe(`${a.split('.')[0]}.${hashSecret(a)}`);
  });

  it('an old secret (a bare token) is kept as its hash alone; junk has no key', () => {
    expect(sessionKey('A'.repeat(32))).toBe(hashSecret('A'.repeat(32)));
    for (const junk of ['', 'short', 'x'.repeat(200), '0000000ab.has spaces in it padded to 32 chars', '../etc/passwd', "0' OR '1'='1"]) expect(sessionKey(junk)).toBeNull();
  });

  it('a redemption issues a prefixed secret that opens its session; a session stored before the prefix existed still opens', () => {
    const core = cores.open(tmpDir());
    const m = core.media.create({ kind: 'room', title: 'Town hall', guestAccess: true }, ACTOR);
    const link = core.links.create({ mediaId: m.id, name: 'Everyone' }, ACTOR);
    const r = core.access.redeemGuestLink(link.token, { name: 'Ada', email: 'ada@example.org', browserId: 'b1' });
    if (!r.ok) throw new Error(r.reason);
    expect(r.secret).toMatch(/^[0-9a-z]{9}\./);
    expect(core.access.session(r.secret, 'b1')?.participant.id).toBe(r.participant.id);
    expect(core.access.session(`${r.secret.slice(0, 9)}.${'A'.repeat(32)}`, 'b1')).toBeNull();
    // As an older version wrote it: the secret a bare token, the table its hash.
    const legacy = 'L'.repeat(32);
    core.db.prepare('UPDATE participants SET session_hash = ? WHERE id = ?').run(hashSecret(legacy), r.participant.id);
    expect(core.access.session(legacy, 'b1')?.participant.id).toBe(r.participant.id);
    expect(core.access.session(r.secret, 'b1')).toBeNull();
  });
});
