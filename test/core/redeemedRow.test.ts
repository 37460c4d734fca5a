// Issue 23 hot path: a redemption hands back the new participant built from
// what it wrote (not read back with RETURNING). It must be the stored row,
// whichever way the person came in and whatever the schema's defaults are.
import { afterEach, describe, expect, it } from 'vitest';
import { ACTOR, coreTracker, tmpDir } from '../helpers/tmp';

const cores = coreTracker();
afterEach(() => cores.closeAll());

describe('the participant a redemption hands back', () => {
  it('is the row as stored: by guest link (straight in, and waiting) and by invite', () => {
    const core = cores.open(tmpDir());
    const open = core.media.create({ kind: 'room', title: 'Open room', guestAccess: true, requireAdmission: false }, ACTOR);
    const lobby = core.media.create({ kind: 'room', title: 'Lobby room', guestAccess: true, requireAdmission: true }, ACTOR);
    const results = [
      core.access.redeemGuestLink(core.links.create({ mediaId: open.id, name: 'Everyone' }, ACTOR).token, { name: 'Ada', email: 'ada@example.org', browserId: 'b1' }),
      core.access.redeemGuestLink(core.links.create({ mediaId: lobby.id, name: 'Front door' }, ACTOR).token, { name: 'Bo', email: 'bo@example.org' }),
    ];
    const [invite] = core.invites.createMany({ mediaId: lobby.id, emails: ['cy@example.org'], role: 'speaker' }, ACTOR);
    if (!invite?.ok) throw new Error('invite');
    results.push(core.access.redeemInvite(invite.invite.token, { name: 'Cy', email: 'cy@example.org', browserId: 'b3' }));
    expect(results.map((r) => (r.ok ? r.participant.state : r.reason))).toEqual(['admitted', 'waiting', 'waiting']);
    for (const r of results) {
      if (!r.ok) throw new Error(r.reason);
      expect(r.participant).toEqual(core.participants.get(r.participant.id));
    }
  });
});
