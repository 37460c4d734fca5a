// P5 over real HTTP: who is really here, as the listener sees their pages.
import { afterEach, describe, expect, it } from 'vitest';
import { ACTOR, Client, guestSetup, type Harness, openEvents, startHarness } from './helpers';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const until = async (pred: () => boolean, ms = 5000) => {
  const start = Date.now();
  while (!pred()) {
    if (Date.now() - start > ms) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe('P5: presence in the lobby and the room', () => {
  it('P5: a waiting guest whose lobby page is gone past the grace period becomes "left"; one whose page is open stays', async () => {
    h = await startHarness({ lobbyGraceMs: 300 });
    const { link, media } = guestSetup(h.core, { requireAdmission: true });
    const gone = new Client(h.base);
    const stays = new Client(h.base);
    await gone.submit(`/g/${link.token}`, { name: 'Gone', email: 'gone@example.com' });
    await stays.submit(`/g/${link.token}`, { name: 'Stays', email: 'stays@example.com' });
    const goneSse = await openEvents(gone);
    const staysSse = await openEvents(stays);
    await goneSse.waitFor((e) => e.event === 'state');
    await staysSse.waitFor((e) => e.event === 'state');
    const [g, s] = h.core.participants.list(media.id);
    await until(() => h!.core.participants.get(g!.id).pageOpen && h!.core.participants.get(s!.id).pageOpen);
    goneSse.close();
    await until(() => !h!.core.participants.get(g!.id).pageOpen);
    // Inside the grace period the closed tab still waits (a reload or a flaky network gets its place back).
    expect(h.core.participants.get(g!.id).state).toBe('waiting');
    await until(() => h!.core.participants.get(g!.id).state === 'left', 3000);
    expect(h.core.participants.get(g!.id).leftReason).toBe('page-closed');
    expect(h.core.participants.get(s!.id).state).toBe('waiting');
    // "Admit all" no longer admits the closed tab.
    expect(h.core.participants.admitAllReport(media.id, ACTOR)).toEqual({ admitted: 1, refused: 0 });
    staysSse.close();
  });

  it('P5: an admit refused because guest access was turned off shows that denial in the guest\'s open lobby, live', async () => {
    h = await startHarness();
    const { link, media } = guestSetup(h.core, { requireAdmission: true });
    const c = new Client(h.base);
    await c.submit(`/g/${link.token}`, { name: 'Ada', email: 'ada@example.com' });
    const sse = await openEvents(c);
    await sse.waitFor((e) => e.event === 'state' && JSON.parse(e.data).state === 'waiting');
    const [p] = h.core.participants.list(media.id);
    h.core.media.update(media.id, { guestAccess: false }, ACTOR);
    expect(() => h!.core.participants.admit(p!.id, ACTOR)).toThrowError(expect.objectContaining({ code: 'ADMIT_CLOSED' }));
    await sse.waitFor((e) => e.event === 'state' && JSON.parse(e.data).state === 'left');
    sse.close();
    // The lobby script then loads /s: the denial for guest access off, not "you left".
    const page = await c.getText('/s');
    expect(page.res.status).toBe(403);
    expect(page.text).toContain('data-reason="guest-access-off"');
  });

  it('P5: an admitted guest refused at refresh becomes "left" with the reason, and stays refused', async () => {
    h = await startHarness();
    const { link, media } = guestSetup(h.core, { requireAdmission: false });
    const c = new Client(h.base);
    await c.submit(`/g/${link.token}`, { name: 'Ada', email: 'ada@example.com' });
    expect((await c.get('/s')).status).toBe(200);
    h.core.links.delete(link.id, ACTOR);
    const reload = await c.getText('/s');
    expect(reload.text).toContain('data-reason="link-deleted"');
    const [p] = h.core.participants.byIds(media.id, [1]);
    expect(p).toMatchObject({ state: 'left', leftReason: 'link-deleted' });
    expect(h.core.participants.countAdmitted(media.id)).toBe(0);
    const again = await c.getText('/s');
    expect(again.text).toContain('data-reason="link-deleted"');
  });
});
