// Issue 22 item 5: the invited moderator's page counts people one way
// everywhere. "People in the room: N" (the stage, and its live update), "In the
// room (N)" over their people list and the list itself all count everyone
// admitted, the moderator too; "Waiting (M)" counts the list under it.
// Real listener on 127.0.0.1, real SQLite.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTOR, Client, guestSetup, type Harness, inviteSetup, openEvents, startHarness } from './helpers';

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ heartbeatMs: 60_000 });
});
afterEach(async () => {
  await h.close();
});

/** The numbers a page shows, each read where it is shown. */
function numbers(page: string) {
  const stage = /People in the room: (\d+)/.exec(page)?.[1];
  const room = /<h3>In the room \((\d+)\)<\/h3>/.exec(page)?.[1];
  const waiting = /<h3>Waiting \((\d+)\)<\/h3>/.exec(page)?.[1];
  const lists = page.split(/<h3>In the room \(\d+\)<\/h3>/);
  const items = (html: string | undefined) => (html ? (/^\s*<ul class="people">([\s\S]*?)<\/ul>/.exec(html)?.[1]?.match(/<li>/g)?.length ?? 0) : 0);
  const waitingHtml = /<h3>Waiting \(\d+\)<\/h3>\s*([\s\S]*?)<h3>In the room/.exec(page)?.[1];
  return {
    stage: stage === undefined ? undefined : Number(stage),
    room: room === undefined ? undefined : Number(room),
    roomListed: items(lists[1]),
    waiting: waiting === undefined ? undefined : Number(waiting),
    waitingListed: items(waitingHtml),
  };
}

describe('issue 22: the invited moderator counts people one way everywhere', () => {
  it('People in the room, In the room (N) and the list agree; Waiting (M) and its list agree; as people come, go in and leave', async () => {
    const { media, link } = guestSetup(h.core, { requireAdmission: true });
    const inv = inviteSetup(h.core, media.id, 'mod@example.com', 'moderator', { skipLobby: true });
    const mod = new Client(h.base);
    expect((await mod.submit(`/i/${inv.token}`, { name: 'Mo', email: 'mod@example.com' })).status).toBe(303);
    const events = await openEvents(mod);
    try {
      const guests: Client[] = [];
      for (const n of [1, 2, 3]) {
        const g = new Client(h.base);
        expect((await g.submit(`/g/${link.token}`, { name: `Guest ${n}`, email: `g${n}@example.com` })).status).toBe(303);
        guests.push(g);
      }
      const check = async (inRoom: number, waiting: number) => {
        const page = (await mod.getText('/s')).text;
        const n = numbers(page);
        expect(n).toEqual({ stage: inRoom, room: inRoom, roomListed: inRoom, waiting, waitingListed: waiting });
        // The people panel's own refresh says the same.
        const part = numbers(`People in the room: ${inRoom}${(await mod.getText('/s/part/people')).text}`);
        expect(part).toEqual(n);
        expect(h.core.participants.counts(media.id)).toMatchObject({ inRoom, waiting });
      };
      await check(1, 3);
      const [a, b] = h.core.participants.list(media.id).filter((p) => p.state === 'waiting');
      h.core.participants.admit(a!.id, ACTOR);
      h.core.participants.admit(b!.id, ACTOR);
      await check(3, 1);
      // The live count sent to open pages is the same number.
      const count = await events.waitFor((e) => e.event === 'count' && e.data.includes('People in the room: 3'));
      expect(count).toBeTruthy();
      h.core.participants.remove(a!.id, ACTOR);
      await check(2, 1);
    } finally {
      events.close();
    }
  });
});
