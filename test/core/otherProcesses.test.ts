// P3/O2: two processes on one file. What one commits reaches the other's
// emitter as the domain events it would have emitted itself; nothing twice.
import { afterEach, describe, expect, it } from 'vitest';
import { type Core, openCore } from '../../src-main/core';
import type { DomainEventName } from '../../src-main/core/events';
import { ACTOR, tmpDir } from '../helpers/tmp';

const open: Core[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

function pair() {
  const dataDir = tmpDir();
  const app = openCore({ dataDir });
  const cli = openCore({ dataDir });
  open.push(app, cli);
  const seen: string[] = [];
  for (const name of ['media.changed', 'link.changed', 'invite.changed', 'participant.changed'] as DomainEventName[]) {
    app.events.on(name, (e) => seen.push(`${name} ${JSON.stringify(e)}`));
  }
  app.followOtherProcesses(20);
  return { app, cli, seen };
}

const tick = (ms = 80) => new Promise((r) => setTimeout(r, ms));

describe('changes made by another process (P3)', () => {
  it('P3: an admit, a new link and a redemption in another process become events here', async () => {
    const { app, cli, seen } = pair();
    const media = app.media.create({ kind: 'room', title: 'Town hall', guestAccess: true, requireAdmission: true }, ACTOR);
    const link = app.links.create({ mediaId: media.id, name: 'Everyone' }, ACTOR);
    const r = app.access.redeemGuestLink(link.token, { name: 'Ada', email: 'ada@x.co' });
    if (!r.ok) throw new Error('redeem failed');
    await tick();
    seen.length = 0; // this process's own events went out when it wrote; none come back

    cli.participants.admit(r.participant.id, ACTOR);
    const second = cli.links.create({ mediaId: media.id, name: 'Speakers' }, ACTOR);
    const r2 = cli.access.redeemGuestLink(second.token, { name: 'Bo', email: 'bo@x.co' });
    if (!r2.ok) throw new Error('redeem failed');
    await tick();
    expect(seen).toEqual([
      `participant.changed ${JSON.stringify({ mediaId: media.id, participantId: r.participant.id, state: 'admitted', change: 'admitted' })}`,
      `link.changed ${JSON.stringify({ mediaId: media.id, linkId: second.id, change: 'created' })}`,
      `participant.changed ${JSON.stringify({ mediaId: media.id, participantId: r2.participant.id, state: 'waiting', change: 'waiting' })}`,
      `link.changed ${JSON.stringify({ mediaId: media.id, linkId: second.id, change: 'used' })}`,
    ]);
  });

  it('P3: writes of both processes interleaved: each foreign one once, none of our own', async () => {
    const { app, cli, seen } = pair();
    const media = app.media.create({ kind: 'room', title: 'Room' }, ACTOR);
    await tick();
    seen.length = 0;
    for (let i = 0; i < 5; i++) {
      app.invites.createMany({ mediaId: media.id, emails: [`app${i}@x.co`], role: 'viewer' }, ACTOR);
      cli.invites.createMany({ mediaId: media.id, emails: [`cli${i}@x.co`], role: 'viewer' }, ACTOR);
    }
    seen.length = 0; // the app's own five went out synchronously
    await tick();
    const foreign = cli.invites.list(media.id).filter((i) => i.email.startsWith('cli')).map((i) => i.id);
    expect(seen).toEqual(foreign.map((inviteId) => `invite.changed ${JSON.stringify({ mediaId: media.id, inviteId, change: 'created' })}`));
    seen.length = 0;
    await tick();
    expect(seen).toEqual([]);
  });

  it('a core that follows nothing keeps no list of its own entries', async () => {
    const core = openCore({ dataDir: tmpDir() });
    open.push(core);
    core.media.create({ kind: 'room', title: 'Room' }, ACTOR);
    expect(core.ctx.forgetOwnAudit(1)).toBe(false);
  });
});
