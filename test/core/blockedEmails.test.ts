// "Deny and block" (issue 13, lobby abuse): the moderator can see which
// emails are blocked for a media entry and unblock one, after which that
// email may ask to join again. Real core on a temp SQLite file.
import { describe, expect, it } from 'vitest';
import { ACTOR, tmpCore } from '../helpers/tmp';

function world() {
  const core = tmpCore();
  const room = core.media.create({ kind: 'room', title: 'Room', guestAccess: true, requireAdmission: true }, ACTOR);
  const link = core.links.create({ mediaId: room.id, name: 'All' }, ACTOR);
  const knock = (email: string) => core.access.redeemGuestLink(link.token, { name: 'Someone', email });
  return { core, room: room.id, knock };
}

describe('blocked emails of a media entry', () => {
  it('lobby abuse: a blocked email is listed, refused at its next knock, and after Unblock may knock again', () => {
    const { core, room, knock } = world();
    const first = knock('troll@example.com');
    if (!first.ok) throw new Error('knock failed');
    core.participants.denyAndBlock(first.participant.id, ACTOR);
    expect(core.participants.blockedEmails(room).map((b) => b.email)).toEqual(['troll@example.com']);
    expect(knock('troll@example.com')).toMatchObject({ ok: false, reason: 'denied-by-moderator' });

    // Unblocking takes the email as typed, in any case.
    expect(core.participants.unblock(room, 'Troll@Example.com', ACTOR)).toEqual([]);
    expect(core.participants.isBlocked(room, 'troll@example.com', 'guest-link')).toBe(false);
    expect(knock('troll@example.com')).toMatchObject({ ok: true });
    const audit = core.audit.list(room).map((e) => e.action);
    expect(audit).toContain('participant.email-unblocked');
    core.close();
  });

  it('lobby abuse: unblocking an email that is not blocked changes nothing and is not audited', () => {
    const { core, room } = world();
    const before = core.audit.list(room).length;
    expect(core.participants.unblock(room, 'nobody@example.com', ACTOR)).toEqual([]);
    expect(core.audit.list(room)).toHaveLength(before);
    core.close();
  });

  it('blocks belong to one media entry: another entry\'s list doesn\'t show them', () => {
    const { core, room, knock } = world();
    const p = knock('spam@example.com');
    if (!p.ok) throw new Error('knock failed');
    core.participants.denyAndBlock(p.participant.id, ACTOR);
    const other = core.media.create({ kind: 'room', title: 'Other' }, ACTOR);
    expect(core.participants.blockedEmails(other.id)).toEqual([]);
    expect(core.participants.blockedEmails(room)).toHaveLength(1);
    core.close();
  });
});
