// O4: one source for domain events. The events this process emits for its own
// changes and the events another process's follower replays from the audit
// log are the same, for every audited action.
import { afterEach, describe, expect, it } from 'vitest';
import { type Core, openCore } from '../../src-main/core';
import type { DomainEventName } from '../../src-main/core/events';
import { DOMAIN_EVENT_NAMES } from '../../src-main/core/events';
import { eventsFor } from '../../src-main/core/eventsFor';
import { ACTOR, okInvites, tmpDir } from '../helpers/tmp';

/** Every action the core writes to the audit log. A new one must be added here (and to the scenario). */
const EVERY_AUDITED_ACTION = [
  'media.created',
  'media.updated',
  'guest-access.enabled',
  'guest-access.disabled',
  'media.made-available',
  'media.made-unavailable',
  'link.created',
  'link.deleted',
  'link.rotated',
  'link.edited',
  'invite.created',
  'invite.revoked',
  'invite.role-changed',
  'invite.lobby-changed',
  'invite.email-mismatch',
  'participant.knocked',
  'participant.joined',
  'participant.admitted',
  'participant.denied',
  'participant.removed',
  'participant.left',
  'participant.session-moved',
  'participant.email-blocked',
  'participant.email-unblocked',
  'settings.changed',
].sort();

type Recorded = Array<{ name: DomainEventName; payload: unknown }>;

function record(core: Core): Recorded {
  const out: Recorded = [];
  for (const name of DOMAIN_EVENT_NAMES) core.events.on(name, (payload) => void out.push({ name, payload }));
  return out;
}

/** Every audited action, as the app and the CLI would do it. */
function everyAction(core: Core) {
  const room = core.media.create({ kind: 'room', title: 'Town hall', guestAccess: false, requireAdmission: true }, ACTOR);
  core.media.update(room.id, { title: 'Town hall 2' }, ACTOR);
  core.media.update(room.id, { guestAccess: true }, ACTOR);
  core.media.update(room.id, { guestAccess: false }, ACTOR);
  core.media.update(room.id, { guestAccess: true }, ACTOR);
  core.media.update(room.id, { available: false }, ACTOR);
  core.media.update(room.id, { available: true }, ACTOR);
  const link = core.links.create({ mediaId: room.id, name: 'Everyone', clicks: 10 }, ACTOR);
  core.links.rotate(link.id, ACTOR);
  core.links.edit(link.id, { name: 'Everyone!', clicks: 20 }, ACTOR);
  const token = core.links.get(link.id).token;
  const doomed = core.links.create({ mediaId: room.id, name: 'Doomed' }, ACTOR);
  core.links.delete(doomed.id, ACTOR);
  const [inv, other, revoked] = okInvites(core.invites.createMany({ mediaId: room.id, emails: ['ana@x.co', 'bo@x.co', 'cy@x.co'], role: 'viewer' }, ACTOR));
  core.invites.setRole(inv!.id, 'speaker', ACTOR);
  core.invites.setSkipLobby(other!.id, true, ACTOR);
  core.invites.revoke(revoked!.id, ACTOR);
  const guest = (name: string) => {
    const r = core.access.redeemGuestLink(token, { name, email: `${name.toLowerCase()}@x.co` });
    if (!r.ok) throw new Error(r.reason);
    return r.participant.id;
  };
  const g1 = guest('Dee');
  const g2 = guest('Eve');
  const g3 = guest('Fay');
  core.participants.admit(g1, ACTOR);
  core.participants.deny(g2, ACTOR);
  core.participants.admit(g3, ACTOR);
  core.participants.remove(g3, ACTOR);
  // Deny and block, then unblock: audited, with no events of their own beyond the deny.
  const g4 = guest('Gus');
  core.participants.denyAndBlock(g4, ACTOR);
  core.participants.unblock(room.id, 'gus@x.co', ACTOR);
  // The invitee knocks and is admitted: the Invites list must follow (the defect this fixes).
  const ana = core.access.redeemInvite(core.invites.get(inv!.id).token, { name: 'Ana', email: 'ana@x.co' });
  if (!ana.ok) throw new Error(ana.reason);
  core.participants.admit(ana.participant.id, ACTOR);
  core.participants.leave(ana.participant.id, ACTOR);
  const mismatch = core.access.redeemInvite(core.invites.get(other!.id).token, { name: 'Bo', email: 'not-bo@x.co' });
  if (mismatch.ok) throw new Error('mismatch accepted');
  const bo = core.access.redeemInvite(core.invites.get(other!.id).token, { name: 'Bo', email: 'bo@x.co' });
  if (!bo.ok || bo.participant.state !== 'admitted') throw new Error('skip-lobby invite did not join');
  // Bo joins again from another browser: the session moves, Bo keeps the place.
  const again = core.access.redeemInvite(core.invites.get(other!.id).token, { name: 'Bo', email: 'bo@x.co' });
  if (!again.ok || again.participant.id !== bo.participant.id) throw new Error('session did not move');
  core.settings.set({ baseUrl: 'https://events.example.org' }, ACTOR);
}

let cores: Core[] = [];
afterEach(() => {
  for (const c of cores) c.close();
  cores = [];
});

describe('O4: one source for events (eventsFor)', () => {
  it('O4: the events replayed by another process equal the events emitted locally, for every audited action', async () => {
    const dir = tmpDir();
    const local = openCore({ dataDir: dir });
    const follower = openCore({ dataDir: dir });
    cores.push(local, follower);
    follower.followOtherProcesses(20);
    const emitted = record(local);
    const replayed = record(follower);

    everyAction(local);

    const actions = [...new Set((local.db.prepare('SELECT action FROM audit_log').all() as { action: string }[]).map((r) => r.action))].sort();
    expect(actions).toEqual(EVERY_AUDITED_ACTION);
    // Hand raises and chat aren't audited: they don't cross processes, and aren't part of this comparison.
    await expect.poll(() => replayed.length, { timeout: 5000 }).toBe(emitted.length);
    expect(replayed).toEqual(emitted);
    expect(emitted.length).toBeGreaterThan(EVERY_AUDITED_ACTION.length);
  });

  it('O4: an invitee admitted from another process (the CLI) refreshes the app\'s Invites list (invite.changed "used")', async () => {
    const dir = tmpDir();
    const app = openCore({ dataDir: dir });
    const cli = openCore({ dataDir: dir });
    cores.push(app, cli);
    const room = app.media.create({ kind: 'room', title: 'Room', guestAccess: true, requireAdmission: true }, ACTOR);
    const [inv] = okInvites(app.invites.createMany({ mediaId: room.id, emails: ['ana@x.co'], role: 'speaker' }, ACTOR));
    const r = app.access.redeemInvite(inv!.token, { name: 'Ana', email: 'ana@x.co' });
    if (!r.ok) throw new Error(r.reason);
    app.followOtherProcesses(20);
    const seen = record(app);
    cli.participants.admit(r.participant.id, 'cli');
    await expect.poll(() => seen.find((e) => e.name === 'invite.changed'), { timeout: 5000 }).toEqual({ name: 'invite.changed', payload: { mediaId: room.id, inviteId: inv!.id, change: 'used' } });
  });

  it('eventsFor ignores entries without a media entry or subject, and unknown actions', () => {
    expect(eventsFor({ mediaId: null, action: 'settings.changed', subjectType: 'settings', subjectId: null, details: {} })).toEqual([]);
    expect(eventsFor({ mediaId: 1, action: 'something.new', subjectType: 'thing', subjectId: 2, details: {} })).toEqual([]);
    expect(eventsFor({ mediaId: 1, action: 'participant.knocked', subjectType: 'participant', subjectId: 2, details: { linkId: 'x' } })).toEqual([
      { name: 'participant.changed', payload: { mediaId: 1, participantId: 2, state: 'waiting', change: 'waiting' } },
    ]);
  });
});
