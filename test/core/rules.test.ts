import { describe, expect, it } from 'vitest';
import { TOKEN_PATTERN } from '../../src-main/core/tokens';
import { ACTOR, manualClock, okInvites, tmpCore } from '../helpers/tmp';

function roomWithAccess(core = tmpCore(), opts: { requireAdmission?: boolean } = {}) {
  const media = core.media.create({ kind: 'room', title: 'Town hall', guestAccess: true, requireAdmission: opts.requireAdmission }, ACTOR);
  return { core, media };
}

describe('media (M1–M3)', () => {
  it('M1: a media entry keeps kind, title, description and a schedule with its time zone', () => {
    const core = tmpCore();
    const m = core.media.create(
      { kind: 'gallery-room', title: 'Launch', description: 'Q4', schedule: { startsAt: '2026-12-01T10:00:00.000Z', endsAt: '2026-12-01T11:00:00.000Z', timeZone: 'Asia/Jerusalem' } },
      ACTOR,
    );
    expect(core.media.get(m.id)).toMatchObject({ kind: 'gallery-room', title: 'Launch', description: 'Q4', schedule: { timeZone: 'Asia/Jerusalem' }, guestAccess: false });
  });

  it('M2: a channel room can neither create, enable nor redeem a guest link, but takes invites', () => {
    const core = tmpCore();
    const m = core.media.create({ kind: 'channel-room', title: 'Channel' }, ACTOR);
    expect(() => core.links.create({ mediaId: m.id, name: 'x' }, ACTOR)).toThrowError(expect.objectContaining({ code: 'GUEST_LINKS_UNSUPPORTED' }));
    expect(() => core.media.update(m.id, { guestAccess: true }, ACTOR)).toThrowError(expect.objectContaining({ code: 'GUEST_LINKS_UNSUPPORTED' }));
    // Even a row forced in behind the core's back does not redeem.
    core.db.prepare("INSERT INTO guest_links (media_id, name, token, created_at) VALUES (?, 'forced', 'forcedtokenforcedtoken01', '2026-01-01')").run(m.id);
    core.db.prepare('UPDATE media SET guest_access = 1 WHERE id = ?').run(m.id);
    expect(core.access.redeemGuestLink('forcedtokenforcedtoken01', { name: 'A', email: 'a@b.co' })).toMatchObject({ ok: false, reason: 'guest-access-off' });
    const [r] = core.invites.createMany({ mediaId: m.id, emails: ['x@y.org'], role: 'viewer' }, ACTOR);
    expect(r!.ok).toBe(true);
  });

  it('M1: the library lists newest first, filters by kind and by text in any script (case and accents aside), and pages', () => {
    const core = tmpCore();
    const titles = ['Town hall', 'ÉTÉ Launch', 'Weekly sync', 'Ünïcode Q&A', 'Вебинар'];
    for (const [i, title] of titles.entries()) core.media.create({ kind: i % 2 ? 'room' : 'media', title, description: i === 2 ? 'launch prep' : '' }, ACTOR);
    expect(core.media.list().map((m) => m.title)).toEqual([...titles].reverse());
    expect(core.media.list({ kind: 'room' }).map((m) => m.title)).toEqual(['Ünïcode Q&A', 'ÉTÉ Launch']);
    expect(core.media.list({ search: ' launch ' }).map((m) => m.title)).toEqual(['Weekly sync', 'ÉTÉ Launch']);
    expect(core.media.list({ search: 'été' }).map((m) => m.title)).toEqual(['ÉTÉ Launch']);
    expect(core.media.list({ search: 'ВЕБ' }).map((m) => m.title)).toEqual(['Вебинар']);
    expect(core.media.list({ search: 'ete launch' }).map((m) => m.title)).toEqual(['ÉTÉ Launch']);
    expect(core.media.list({ search: 'unicode q' }).map((m) => m.title)).toEqual(['Ünïcode Q&A']);
    expect(core.media.list({ search: '%' })).toEqual([]);
    expect(core.media.list({ limit: 2 }).map((m) => m.title)).toEqual(['Вебинар', 'Ünïcode Q&A']);
    expect(core.media.list({ limit: 2, offset: 4 }).map((m) => m.title)).toEqual(['Town hall']);
    expect(core.media.count()).toBe(5);
    expect(core.media.count({ kind: 'media', search: 'a' })).toBe(2); // not the Cyrillic а of Вебинар
  });

  it('M3: an unavailable media entry redeems no link', () => {
    const { core, media } = roomWithAccess();
    const link = core.links.create({ mediaId: media.id, name: 'L' }, ACTOR);
    const [inv] = okInvites(core.invites.createMany({ mediaId: media.id, emails: ['a@b.co'], role: 'viewer' }, ACTOR));
    core.media.update(media.id, { available: false }, ACTOR);
    expect(core.access.redeemGuestLink(link.token, { name: 'A', email: 'x@y.co' })).toMatchObject({ ok: false, reason: 'media-unavailable' });
    expect(core.access.redeemInvite(inv!.token, { email: 'a@b.co', name: 'A' })).toMatchObject({ ok: false, reason: 'media-unavailable' });
    expect(core.links.get(link.id).state).toBe('media-unavailable');
  });
});

describe('guest links (G1–G9)', () => {
  it('G1: with guest access off no guest link admits, and guests already in stay', () => {
    const { core, media } = roomWithAccess();
    const link = core.links.create({ mediaId: media.id, name: 'L' }, ACTOR);
    const inside = core.access.redeemGuestLink(link.token, { name: 'In', email: 'in@x.co' });
    expect(inside.ok).toBe(true);
    core.media.update(media.id, { guestAccess: false }, ACTOR);
    expect(core.access.redeemGuestLink(link.token, { name: 'Late', email: 'late@x.co' })).toMatchObject({ ok: false, reason: 'guest-access-off' });
    expect(inside.ok && core.participants.get(inside.participant.id).state).toBe('admitted');
  });

  it('G2: a 4th guest link is refused; deleted links do not count', () => {
    const { core, media } = roomWithAccess();
    const links = [1, 2, 3].map((i) => core.links.create({ mediaId: media.id, name: `L${i}` }, ACTOR));
    expect(() => core.links.create({ mediaId: media.id, name: 'L4' }, ACTOR)).toThrowError(expect.objectContaining({ code: 'GUEST_LINK_LIMIT' }));
    expect(core.links.list(media.id)).toHaveLength(3);
    core.links.delete(links[0]!.id, ACTOR);
    expect(core.links.create({ mediaId: media.id, name: 'L4' }, ACTOR).name).toBe('L4');
  });

  it('G3: the expiry is the creation time plus the days; empty means never', () => {
    const clock = manualClock('2026-04-16T12:00:00.000Z');
    const { core, media } = roomWithAccess(tmpCore({ now: clock.now }));
    const week = core.links.create({ mediaId: media.id, name: 'week', days: 7 }, ACTOR);
    const forever = core.links.create({ mediaId: media.id, name: 'forever' }, ACTOR);
    expect(week.expiresAt).toBe('2026-04-23T12:00:00.000Z');
    expect(forever.expiresAt).toBeNull();
    expect(week.maxUses).toBeNull();
    clock.advanceDays(7);
    expect(core.links.get(week.id).state).toBe('expired');
    expect(core.access.redeemGuestLink(week.token, { name: 'A', email: 'a@b.co' })).toMatchObject({ ok: false, reason: 'link-expired' });
    expect(core.access.redeemGuestLink(forever.token, { name: 'A', email: 'a@b.co' }).ok).toBe(true);
  });

  it('G4: a use is counted on an accepted submit, not on viewing; the limit is never exceeded', () => {
    const { core, media } = roomWithAccess();
    const link = core.links.create({ mediaId: media.id, name: 'two', clicks: 2 }, ACTOR);
    for (let i = 0; i < 5; i++) expect(core.access.guestLinkAccess(link.token).ok).toBe(true);
    expect(core.links.get(link.id).uses).toBe(0);
    expect(core.access.redeemGuestLink(link.token, { name: '', email: 'bad' })).toMatchObject({ ok: false, reason: 'invalid-form' });
    expect(core.links.get(link.id).uses).toBe(0);
    expect(core.access.redeemGuestLink(link.token, { name: 'A', email: 'a@b.co' }).ok).toBe(true);
    expect(core.access.redeemGuestLink(link.token, { name: 'B', email: 'b@b.co' }).ok).toBe(true);
    expect(core.access.redeemGuestLink(link.token, { name: 'C', email: 'c@b.co' })).toMatchObject({ ok: false, reason: 'no-clicks-left' });
    expect(core.links.get(link.id)).toMatchObject({ uses: 2, state: 'no-clicks-left' });
    expect(() => core.db.prepare('UPDATE guest_links SET uses = 3 WHERE id = ?').run(link.id)).toThrow(/CHECK/);
  });

  it('G5: the list shows name, expiry, clicks used and limit', () => {
    const { core, media } = roomWithAccess();
    core.links.create({ mediaId: media.id, name: 'Kaltura Room' }, ACTOR);
    core.links.create({ mediaId: media.id, name: 'Limited', clicks: 10, days: 3 }, ACTOR);
    const [a, b] = core.links.list(media.id);
    expect(a).toMatchObject({ name: 'Kaltura Room', expiresAt: null, uses: 0, maxUses: null, state: 'active' });
    expect(b).toMatchObject({ name: 'Limited', uses: 0, maxUses: 10 });
    expect(b!.expiresAt).not.toBeNull();
  });

  it('G6: the URL is built from the configured public base URL', () => {
    const { core, media } = roomWithAccess();
    const link = core.links.create({ mediaId: media.id, name: 'L' }, ACTOR);
    core.settings.set({ baseUrl: 'https://events.example.org/guest/' }, ACTOR);
    expect(core.links.get(link.id).url).toBe(`https://events.example.org/guest/g/${link.token}`);
  });

  it('G7: delete is immediate and final; guests already in stay', () => {
    const { core, media } = roomWithAccess();
    const link = core.links.create({ mediaId: media.id, name: 'L' }, ACTOR);
    const inside = core.access.redeemGuestLink(link.token, { name: 'In', email: 'in@x.co' });
    core.links.delete(link.id, ACTOR);
    expect(core.access.redeemGuestLink(link.token, { name: 'B', email: 'b@x.co' })).toMatchObject({ ok: false, reason: 'link-deleted' });
    expect(() => core.links.delete(link.id, ACTOR)).toThrowError(expect.objectContaining({ code: 'LINK_DELETED' }));
    expect(() => core.links.rotate(link.id, ACTOR)).toThrowError(expect.objectContaining({ code: 'LINK_DELETED' }));
    expect(core.links.list(media.id)).toHaveLength(0);
    expect(inside.ok && core.participants.get(inside.participant.id).state).toBe('admitted');
    // P4: a fresh load through the deleted link is denied.
    expect(inside.ok && core.access.sessionDenial(inside.participant)).toMatchObject({ reason: 'link-deleted' });
  });

  it('G7: a rotated link keeps its uses, and the old URL denies as deleted', () => {
    const { core, media } = roomWithAccess();
    const link = core.links.create({ mediaId: media.id, name: 'L', clicks: 5 }, ACTOR);
    core.access.redeemGuestLink(link.token, { name: 'A', email: 'a@x.co' });
    const rotated = core.links.rotate(link.id, ACTOR);
    expect(rotated.token).not.toBe(link.token);
    expect(rotated.uses).toBe(1);
    expect(core.access.guestLinkAccess(link.token)).toMatchObject({ ok: false, reason: 'link-deleted', media: { id: media.id } });
    expect(core.access.redeemGuestLink(rotated.token, { name: 'B', email: 'b@x.co' }).ok).toBe(true);
  });

  it('G8: a guest link carries no role: everyone who comes through it is a guest', () => {
    const { core, media } = roomWithAccess();
    const link = core.links.create({ mediaId: media.id, name: 'L' }, ACTOR);
    const r = core.access.redeemGuestLink(link.token, { name: 'A', email: 'a@x.co' });
    expect(r.ok && r.participant.role).toBe('guest');
  });

  it('G9: name and email are required, the email checked for form; lobby or straight in', () => {
    const lobby = roomWithAccess(tmpCore(), { requireAdmission: true });
    const link = lobby.core.links.create({ mediaId: lobby.media.id, name: 'L' }, ACTOR);
    expect(lobby.core.access.redeemGuestLink(link.token, { name: ' ', email: 'a@x.co' })).toMatchObject({ reason: 'invalid-form', fields: { name: 'name-required' } });
    expect(lobby.core.access.redeemGuestLink(link.token, { name: 'A', email: 'not-an-email' })).toMatchObject({ reason: 'invalid-form', fields: { email: 'email-invalid' } });
    const waiting = lobby.core.access.redeemGuestLink(link.token, { name: '  Ann  ', email: ' Ann@Example.COM ' });
    expect(waiting.ok && waiting.participant).toMatchObject({ state: 'waiting', name: 'Ann', email: 'ann@example.com' });
    const open = roomWithAccess();
    const link2 = open.core.links.create({ mediaId: open.media.id, name: 'L' }, ACTOR);
    const inside = open.core.access.redeemGuestLink(link2.token, { name: 'B', email: 'b@x.co' });
    expect(inside.ok && inside.participant.state).toBe('admitted');
  });

  it('S1: tokens are random, URL-safe and at least 128 bits', () => {
    const { core, media } = roomWithAccess();
    const tokens = new Set<string>();
    for (let i = 0; i < 3; i++) tokens.add(core.links.create({ mediaId: media.id, name: `L${i}` }, ACTOR).token);
    for (const r of core.invites.createMany({ mediaId: media.id, emails: ['a@x.co', 'b@x.co'], role: 'viewer' }, ACTOR)) if (r.ok) tokens.add(r.invite.token);
    expect(tokens.size).toBe(5);
    for (const t of tokens) {
      expect(t).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(TOKEN_PATTERN.test(t)).toBe(true);
      expect(Buffer.from(t, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
    }
  });
});

describe('invites (I1–I5)', () => {
  it('I1/I4: each address gets its own invite and role; invalid and duplicate ones are reported, the rest go through', () => {
    const { core, media } = roomWithAccess();
    const results = core.invites.createMany({ mediaId: media.id, emails: ['a@x.co\nnope\nA@X.co', 'Jane Doe <jane@x.co>; b@x.co'], role: 'speaker' }, ACTOR);
    expect(results.map((r) => (r.ok ? `ok ${r.invite.email}` : `${r.error.code} ${r.input}`))).toEqual([
      'ok a@x.co',
      'EMAIL_INVALID nope',
      'EMAIL_DUPLICATE A@X.co',
      'ok jane@x.co',
      'ok b@x.co',
    ]);
    expect(core.invites.list(media.id).map((i) => [i.email, i.role, i.displayName])).toEqual([
      ['a@x.co', 'speaker', null],
      ['jane@x.co', 'speaker', 'Jane Doe'],
      ['b@x.co', 'speaker', null],
    ]);
    const again = core.invites.createMany({ mediaId: media.id, emails: ['a@x.co'], role: 'viewer' }, ACTOR);
    expect(again[0]).toMatchObject({ ok: false, error: { code: 'EMAIL_ALREADY_INVITED' } });
  });

  it('I2: only the invited address gets in; a mismatch is refused and recorded; a locked name wins', () => {
    const { core, media } = roomWithAccess();
    const [invite] = okInvites(core.invites.createMany({ mediaId: media.id, emails: ['Jane Doe <jane@x.co>'], role: 'speaker', lockName: true }, ACTOR));
    const r = { invite: invite! };
    expect(core.access.redeemInvite(r.invite.token, { email: 'eve@x.co', name: 'Eve' })).toMatchObject({ ok: false, reason: 'email-mismatch' });
    expect(core.invites.get(r.invite.id).mismatches).toBe(1);
    expect(core.audit.list(media.id).some((e) => e.action === 'invite.email-mismatch')).toBe(true);
    const ok = core.access.redeemInvite(r.invite.token, { email: 'JANE@x.co', name: 'Someone else' });
    expect(ok.ok && ok.participant).toMatchObject({ name: 'Jane Doe', role: 'speaker', state: 'admitted' });
  });

  it('I3: status moves pending → joined, and revoked / expired show as such', () => {
    const clock = manualClock();
    const { core, media } = roomWithAccess(tmpCore({ now: clock.now }), { requireAdmission: true });
    const [ia, ib, ic] = okInvites(
      core.invites.createMany({ mediaId: media.id, emails: ['a@x.co', 'b@x.co'], role: 'viewer' }, ACTOR).concat(
        core.invites.createMany({ mediaId: media.id, emails: ['c@x.co'], role: 'viewer', days: 1 }, ACTOR),
      ),
    );
    const [a, b, c] = [{ invite: ia! }, { invite: ib! }, { invite: ic! }];
    expect(core.invites.get(a.invite.id).status).toBe('pending');
    const r = core.access.redeemInvite(a.invite.token, { email: 'a@x.co', name: 'A' });
    expect(core.invites.get(a.invite.id).status).toBe('pending'); // still in the lobby
    core.participants.admit(r.ok ? r.participant.id : -1, ACTOR);
    expect(core.invites.get(a.invite.id)).toMatchObject({ status: 'joined' });
    expect(core.invites.get(a.invite.id).lastJoinedAt).not.toBeNull();
    core.invites.revoke(b.invite.id, ACTOR);
    expect(core.invites.get(b.invite.id).status).toBe('revoked');
    expect(core.access.redeemInvite(b.invite.token, { email: 'b@x.co', name: 'B' })).toMatchObject({ ok: false, reason: 'invite-revoked' });
    clock.advanceDays(2);
    expect(core.invites.get(c.invite.id).status).toBe('expired');
    expect(core.access.redeemInvite(c.invite.token, { email: 'c@x.co', name: 'C' })).toMatchObject({ ok: false, reason: 'link-expired' });
  });

  it('I5: the role can change, and skipping the lobby defaults from the setting', () => {
    const { core, media } = roomWithAccess(tmpCore(), { requireAdmission: true });
    const [ia] = okInvites(core.invites.createMany({ mediaId: media.id, emails: ['a@x.co'], role: 'viewer' }, ACTOR));
    core.settings.set({ inviteSkipLobbyDefault: true }, ACTOR);
    const [ib] = okInvites(core.invites.createMany({ mediaId: media.id, emails: ['b@x.co'], role: 'viewer' }, ACTOR));
    const [a, b] = [{ invite: ia! }, { invite: ib! }];
    expect(a.invite.skipLobby).toBe(false);
    expect(b.invite.skipLobby).toBe(true);
    expect(core.invites.setRole(a.invite.id, 'moderator', ACTOR).role).toBe('moderator');
    const ra = core.access.redeemInvite(a.invite.token, { email: 'a@x.co', name: 'A' });
    const rb = core.access.redeemInvite(b.invite.token, { email: 'b@x.co', name: 'B' });
    expect(ra.ok && ra.participant).toMatchObject({ role: 'moderator', state: 'waiting' });
    expect(rb.ok && rb.participant.state).toBe('admitted');
  });
});

describe('participants (P1, P2) and audit (O3)', () => {
  it('P1/P2: lists who waits and who is in, with how they came in; admit, deny, admit all, remove', () => {
    const { core, media } = roomWithAccess(tmpCore(), { requireAdmission: true });
    const link = core.links.create({ mediaId: media.id, name: 'Guest speakers' }, ACTOR);
    const ids = ['a', 'b', 'c', 'd'].map((n) => {
      const r = core.access.redeemGuestLink(link.token, { name: n.toUpperCase(), email: `${n}@x.co` });
      if (!r.ok) throw new Error('redeem failed');
      return r.participant.id;
    });
    expect(core.participants.list(media.id).map((p) => [p.name, p.state, p.source])).toEqual(
      ['A', 'B', 'C', 'D'].map((n) => [n, 'waiting', { kind: 'guest-link', linkId: link.id, linkName: 'Guest speakers' }]),
    );
    core.participants.admit(ids[0]!, ACTOR);
    core.participants.deny(ids[1]!, ACTOR);
    expect(() => core.participants.admit(ids[1]!, ACTOR)).toThrowError(expect.objectContaining({ code: 'PARTICIPANT_STATE' }));
    expect(core.participants.admitAll(media.id, ACTOR)).toBe(2);
    core.participants.remove(ids[3]!, ACTOR);
    expect(core.participants.list(media.id).map((p) => [p.name, p.state])).toEqual([
      ['A', 'admitted'],
      ['C', 'admitted'],
    ]);
    expect(core.participants.get(ids[0]!).joinedAt).not.toBeNull();
  });

  it('P3: participants by ID come back in any state, and only from the media entry asked about', () => {
    const core = tmpCore();
    const { media } = roomWithAccess(core, { requireAdmission: true });
    const { media: other } = roomWithAccess(core, { requireAdmission: true });
    const link = core.links.create({ mediaId: media.id, name: 'L' }, ACTOR);
    const otherLink = core.links.create({ mediaId: other.id, name: 'O' }, ACTOR);
    const redeem = (token: string, n: string) => {
      const r = core.access.redeemGuestLink(token, { name: n, email: `${n}@x.co` });
      if (!r.ok) throw new Error('redeem failed');
      return r.participant.id;
    };
    const [a, b, c] = [redeem(link.token, 'a'), redeem(link.token, 'b'), redeem(link.token, 'c')];
    const stranger = redeem(otherLink.token, 's');
    core.participants.deny(b, ACTOR);
    core.participants.admit(c, ACTOR);
    expect(core.participants.byIds(media.id, [c, b, a, stranger, 9999]).map((p) => [p.id, p.state])).toEqual([
      [a, 'waiting'],
      [b, 'denied'],
      [c, 'admitted'],
    ]);
    expect(() => core.participants.byIds(9999, [a])).toThrowError(expect.objectContaining({ code: 'MEDIA_NOT_FOUND' }));
  });

  it('O3: the audit log records who created, changed, turned off, deleted, admitted, denied and removed', () => {
    const { core, media } = roomWithAccess(tmpCore(), { requireAdmission: true });
    const link = core.links.create({ mediaId: media.id, name: 'L' }, ACTOR);
    const a = core.access.redeemGuestLink(link.token, { name: 'A', email: 'a@x.co' });
    const b = core.access.redeemGuestLink(link.token, { name: 'B', email: 'b@x.co' });
    if (!a.ok || !b.ok) throw new Error('redeem failed');
    core.participants.admit(a.participant.id, ACTOR);
    core.participants.deny(b.participant.id, ACTOR);
    core.participants.remove(a.participant.id, ACTOR);
    core.media.update(media.id, { guestAccess: false }, ACTOR);
    core.links.delete(link.id, ACTOR);
    const [inv] = okInvites(core.invites.createMany({ mediaId: media.id, emails: ['i@x.co'], role: 'viewer' }, ACTOR));
    core.invites.setRole(inv!.id, 'speaker', ACTOR);
    core.invites.revoke(inv!.id, ACTOR);
    const actions = core.audit.list(media.id).map((e) => `${e.actor}: ${e.action}`);
    expect(actions).toEqual([
      `${ACTOR}: media.created`,
      `${ACTOR}: link.created`,
      'guest:a@x.co: participant.knocked',
      'guest:b@x.co: participant.knocked',
      `${ACTOR}: participant.admitted`,
      `${ACTOR}: participant.denied`,
      `${ACTOR}: participant.removed`,
      `${ACTOR}: guest-access.disabled`,
      `${ACTOR}: link.deleted`,
      `${ACTOR}: invite.created`,
      `${ACTOR}: invite.role-changed`,
      `${ACTOR}: invite.revoked`,
    ]);
  });

  it('domain events go out after the change is committed, and not for a refused one', () => {
    const { core, media } = roomWithAccess();
    const seen: string[] = [];
    core.events.on('link.changed', (e) => seen.push(`${e.change}:${core.links.list(media.id).length}`));
    core.links.create({ mediaId: media.id, name: 'L1' }, ACTOR);
    core.links.create({ mediaId: media.id, name: 'L2' }, ACTOR);
    core.links.create({ mediaId: media.id, name: 'L3' }, ACTOR);
    expect(() => core.links.create({ mediaId: media.id, name: 'L4' }, ACTOR)).toThrow();
    expect(seen).toEqual(['created:1', 'created:2', 'created:3']);
  });
});

describe('a true list of who is here (P5)', () => {
  const knock = (core: ReturnType<typeof tmpCore>, token: string, name = 'Ana', email = 'ana@x.co') => {
    const r = core.access.redeemGuestLink(token, { name, email });
    if (!r.ok) throw new Error(`knock refused: ${r.reason}`);
    return r.participant;
  };

  it('P5: a waiting guest whose way in has closed cannot be admitted; the moderator is told why and they become "left" with the reason', () => {
    const cases: [string, (core: ReturnType<typeof tmpCore>, mediaId: number, linkId: number, clock: ReturnType<typeof manualClock>) => void, string, RegExp][] = [
      ['guest access off', (core, m) => core.media.update(m, { guestAccess: false }, ACTOR), 'guest-access-off', /guest access is turned off/],
      ['link deleted', (core, _m, l) => core.links.delete(l, ACTOR), 'link-deleted', /was deleted/],
      ['link expired', (_c, _m, _l, clock) => clock.advanceDays(3), 'link-expired', /has expired/],
      ['media unavailable', (core, m) => core.media.update(m, { available: false }, ACTOR), 'media-unavailable', /unavailable/],
    ];
    for (const [label, close, reason, sentence] of cases) {
      const clock = manualClock();
      const { core, media } = roomWithAccess(tmpCore({ now: clock.now }), { requireAdmission: true });
      const link = core.links.create({ mediaId: media.id, name: 'L', days: 2 }, ACTOR);
      const p = knock(core, link.token);
      close(core, media.id, link.id, clock);
      expect(() => core.participants.admit(p.id, ACTOR), label).toThrowError(expect.objectContaining({ code: 'ADMIT_CLOSED', message: expect.stringMatching(sentence) }));
      expect(core.participants.get(p.id), label).toMatchObject({ state: 'left', leftReason: reason });
      expect(core.participants.list(media.id), label).toEqual([]);
      expect(core.participants.countAdmitted(media.id)).toBe(0);
    }
  });

  it('P5: a waiting invitee whose invite was revoked cannot be admitted', () => {
    const { core, media } = roomWithAccess(undefined, { requireAdmission: true });
    const [inv] = okInvites(core.invites.createMany({ mediaId: media.id, emails: ['bo@x.co'], role: 'viewer' }, ACTOR));
    const r = core.access.redeemInvite(inv!.token, { email: 'bo@x.co', name: 'Bo' });
    if (!r.ok) throw new Error('invite refused');
    core.invites.revoke(inv!.id, ACTOR);
    expect(() => core.participants.admit(r.participant.id, ACTOR)).toThrowError(expect.objectContaining({ code: 'ADMIT_CLOSED', message: expect.stringMatching(/^Bo can't be admitted: their invite was revoked\./) }));
    expect(core.participants.get(r.participant.id)).toMatchObject({ state: 'left', leftReason: 'invite-revoked' });
  });

  it('P5: the guest who used the last click can still be admitted (their own click is not a closed way in)', () => {
    const { core, media } = roomWithAccess(undefined, { requireAdmission: true });
    const link = core.links.create({ mediaId: media.id, name: 'One', clicks: 1 }, ACTOR);
    const p = knock(core, link.token);
    expect(core.links.get(link.id).state).toBe('no-clicks-left');
    expect(core.participants.admit(p.id, ACTOR).state).toBe('admitted');
  });

  it('P5: "Admit all" admits only those whose way in is open, and marks the others as left with the reason', () => {
    const { core, media } = roomWithAccess(undefined, { requireAdmission: true });
    const open = core.links.create({ mediaId: media.id, name: 'Open' }, ACTOR);
    const doomed = core.links.create({ mediaId: media.id, name: 'Doomed' }, ACTOR);
    const a = knock(core, open.token, 'A', 'a@x.co');
    const b = knock(core, doomed.token, 'B', 'b@x.co');
    core.links.delete(doomed.id, ACTOR);
    expect(core.participants.admitAllReport(media.id, ACTOR)).toEqual({ admitted: 1, refused: 1 });
    expect(core.participants.get(a.id).state).toBe('admitted');
    expect(core.participants.get(b.id)).toMatchObject({ state: 'left', leftReason: 'link-deleted' });
  });

  it('P5: an admitted guest refused at refresh becomes "left" with the reason, and Link activity counts them as left', () => {
    const { core, media } = roomWithAccess();
    const link = core.links.create({ mediaId: media.id, name: 'L' }, ACTOR);
    const p = knock(core, link.token);
    expect(core.participants.get(p.id).state).toBe('admitted');
    core.media.update(media.id, { guestAccess: false }, ACTOR);
    expect(core.access.refuseAtRefresh(core.participants.get(p.id))).toMatchObject({ ok: false, reason: 'guest-access-off' });
    expect(core.participants.get(p.id)).toMatchObject({ state: 'left', leftReason: 'guest-access-off' });
    expect(core.participants.countAdmitted(media.id)).toBe(0);
    expect(core.participants.funnel(media.id)[0]).toMatchObject({ admitted: 0, left: 1 });
    expect(core.audit.list(media.id).at(-1)).toMatchObject({ action: 'participant.left', actor: 'system', details: { reason: 'guest-access-off' } });
  });

  it('P5: whether a page is open is kept per participant, written only when it changes', () => {
    const { core, media } = roomWithAccess();
    const link = core.links.create({ mediaId: media.id, name: 'L' }, ACTOR);
    const p = knock(core, link.token);
    const seen: string[] = [];
    core.events.on('participant.changed', (e) => seen.push(e.change));
    core.participants.setPagesOpen([[p.id, true]]);
    core.participants.setPagesOpen([[p.id, true]]);
    expect(core.participants.get(p.id).pageOpen).toBe(true);
    core.participants.setPagesOpen([[p.id, false]]);
    expect(core.participants.get(p.id).pageOpen).toBe(false);
    expect(seen).toEqual(['presence', 'presence']);
  });
});

describe('editing a guest link in place (G11)', () => {
  it('G11: rename, re-limit and change the duration; the URL stays, each edit is audited', () => {
    const clock = manualClock();
    const { core, media } = roomWithAccess(tmpCore({ now: clock.now }));
    const link = core.links.create({ mediaId: media.id, name: 'Speakers', clicks: 5, days: 7 }, ACTOR);
    const edited = core.links.edit(link.id, { name: '  Panel  '.trim(), clicks: 10, days: 14 }, ACTOR);
    expect(edited).toMatchObject({ id: link.id, name: 'Panel', maxUses: 10, url: link.url, token: link.token });
    expect(Date.parse(edited.expiresAt!) - Date.parse(link.createdAt)).toBe(14 * 24 * 60 * 60 * 1000);
    expect(core.links.edit(link.id, { clicks: null, days: null }, ACTOR)).toMatchObject({ maxUses: null, expiresAt: null, name: 'Panel' });
    const entries = core.audit.list(media.id).filter((e) => e.action === 'link.edited');
    expect(entries).toHaveLength(2);
    expect(entries[0]!.details).toMatchObject({ name: 'Panel', before: { name: 'Speakers', clicks: 5, days: 7 }, after: { name: 'Panel', clicks: 10, days: 14 } });
  });

  it('G11: a used-up link becomes active again when its limit is raised; an expired one when its duration is', () => {
    const clock = manualClock();
    const { core, media } = roomWithAccess(tmpCore({ now: clock.now }));
    const link = core.links.create({ mediaId: media.id, name: 'L', clicks: 1, days: 1 }, ACTOR);
    expect(core.access.redeemGuestLink(link.token, { name: 'A', email: 'a@x.co' }).ok).toBe(true);
    expect(core.links.get(link.id).state).toBe('no-clicks-left');
    expect(core.links.edit(link.id, { clicks: 2 }, ACTOR).state).toBe('active');
    expect(core.access.redeemGuestLink(link.token, { name: 'B', email: 'b@x.co' }).ok).toBe(true);
    clock.advanceDays(2);
    expect(core.links.get(link.id).state).toBe('expired');
    expect(core.links.edit(link.id, { days: 5, clicks: 3 }, ACTOR).state).toBe('active');
    expect(core.access.redeemGuestLink(link.token, { name: 'C', email: 'c@x.co' }).ok).toBe(true);
  });

  it('G11: a limit under the clicks already used is refused, and nothing changes', () => {
    const { core, media } = roomWithAccess();
    const link = core.links.create({ mediaId: media.id, name: 'L', clicks: 5 }, ACTOR);
    for (const e of ['a@x.co', 'b@x.co']) core.access.redeemGuestLink(link.token, { name: 'G', email: e });
    expect(() => core.links.edit(link.id, { clicks: 1, name: 'New' }, ACTOR)).toThrowError(
      expect.objectContaining({ code: 'CLICKS_BELOW_USES', message: expect.stringMatching(/already been used 2 times/) }),
    );
    expect(core.links.get(link.id)).toMatchObject({ name: 'L', maxUses: 5 });
    expect(core.links.edit(link.id, { clicks: 2 }, ACTOR).state).toBe('no-clicks-left');
  });
});

describe('the Invite users parser (I4)', () => {
  it('I4: one address per line or separated by commas or semicolons, "Name <email>" keeps the name; a line that is not an address is one entry, quoted whole', async () => {
    const { parsePastedAddresses } = await import('../../src-main/core/email');
    const parsed = parsePastedAddresses('ana@x.co, Bo Li <bo@x.co>;cy@x.co\nnot an email\n\ne1@x.co e2@x.co');
    expect(parsed.map((p) => [p.input, p.email, p.displayName])).toEqual([
      ['ana@x.co', 'ana@x.co', null],
      ['Bo Li <bo@x.co>', 'bo@x.co', 'Bo Li'],
      ['cy@x.co', 'cy@x.co', null],
      ['not an email', 'not an email', null],
      ['e1@x.co', 'e1@x.co', null],
      ['e2@x.co', 'e2@x.co', null],
    ]);
  });

  it('I4: "not an email" is one invalid entry, not three', () => {
    const { core, media } = roomWithAccess();
    const results = core.invites.createMany({ mediaId: media.id, emails: ['not an email\nana@x.co'], role: 'viewer' }, ACTOR);
    expect(results.map((r) => [r.input, r.ok])).toEqual([
      ['not an email', false],
      ['ana@x.co', true],
    ]);
    expect(results[0]).toMatchObject({ error: { code: 'EMAIL_INVALID', message: '“not an email” is not a valid email address.' } });
  });
});
