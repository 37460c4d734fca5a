// Issue 23 hot path, G4/G9: the entry page's view of a guest link
// (access.guestLinkView) keeps the link and media rows it read while this
// process follows the others. It must never show what is no longer true for
// longer than the follow interval: a write here is seen at once, another
// process's commit as soon as the follower sees it; time-based states
// (expiry) are worked out on every call; and a submit never uses it.
import { afterEach, describe, expect, it } from 'vitest';
import { ACTOR, coreTracker, tmpDir, until } from '../helpers/tmp';

const cores = coreTracker();
afterEach(() => cores.closeAll());
const core = (dataDir: string, now?: () => Date) => cores.open(dataDir, now);
const reasonOf = (a: { ok: boolean; reason?: string }) => (a.ok ? 'ok' : a.reason);

describe('the entry page view of a guest link', () => {
  it('a change made in this process shows at once (guest access off, link deleted, clicks used up)', () => {
    const serving = core(tmpDir());
    serving.followOtherProcesses(60_000); // the follower never ticks in this test
    const m = serving.media.create({ kind: 'room', title: 'Town hall', guestAccess: true }, ACTOR);
    const link = serving.links.create({ mediaId: m.id, name: 'Everyone', clicks: 1 }, ACTOR);
    const other = serving.links.create({ mediaId: m.id, name: 'Press' }, ACTOR);
    expect(reasonOf(serving.access.guestLinkView(link.token))).toBe('ok');
    expect(reasonOf(serving.access.guestLinkView(link.token))).toBe('ok'); // kept

    const r = serving.access.redeemGuestLink(link.token, { name: 'Ada', email: 'ada@example.org' });
    expect(r.ok).toBe(true);
    expect(reasonOf(serving.access.guestLinkView(link.token))).toBe('no-clicks-left');

    serving.links.delete(other.id, ACTOR);
    expect(reasonOf(serving.access.guestLinkView(other.token))).toBe('link-deleted');

    const third = serving.links.create({ mediaId: m.id, name: 'Third' }, ACTOR);
    expect(reasonOf(serving.access.guestLinkView(third.token))).toBe('ok');
    serving.media.update(m.id, { guestAccess: false }, ACTOR);
    expect(reasonOf(serving.access.guestLinkView(third.token))).toBe('guest-access-off');
  });

  it("another process's change shows once the follower has seen it, and a submit refuses at once", async () => {
    const dir = tmpDir();
    const serving = core(dir);
    serving.followOtherProcesses(50);
    const m = serving.media.create({ kind: 'room', title: 'Town hall', guestAccess: true }, ACTOR);
    const link = serving.links.create({ mediaId: m.id, name: 'Everyone' }, ACTOR);
    expect(reasonOf(serving.access.guestLinkView(link.token))).toBe('ok');

    const cli = core(dir);
    cli.media.update(m.id, { guestAccess: false }, ACTOR);
    // No write here: only the follower can tell this process.
    expect(await until(() => reasonOf(serving.access.guestLinkView(link.token)) === 'guest-access-off', 2000)).toBe(true);
    cli.media.update(m.id, { guestAccess: true }, ACTOR);
    expect(await until(() => reasonOf(serving.access.guestLinkView(link.token)) === 'ok', 2000)).toBe(true);

    // The submit reads the link in its own transaction, whatever the view kept.
    cli.media.update(m.id, { guestAccess: false }, ACTOR);
    const r = serving.access.redeemGuestLink(link.token, { name: 'Ada', email: 'ada@example.org' });
    expect(r.ok ? 'ok' : r.reason).toBe('guest-access-off');
  });

  it('a link kept in memory still expires on time', () => {
    let now = new Date('2026-12-06T10:00:00Z');
    const serving = core(tmpDir(), () => now);
    serving.followOtherProcesses(60_000);
    const m = serving.media.create({ kind: 'room', title: 'Town hall', guestAccess: true }, ACTOR);
    const link = serving.links.create({ mediaId: m.id, name: 'Everyone', days: 1 }, ACTOR);
    expect(reasonOf(serving.access.guestLinkView(link.token))).toBe('ok');
    now = new Date('2026-12-08T10:00:00Z');
    expect(reasonOf(serving.access.guestLinkView(link.token))).toBe('link-expired');
  });

  it('a kept link of a scheduled entry stops when the session ends (end plus grace), with no write in between', () => {
    let now = new Date('2026-12-06T10:00:00Z');
    const serving = core(tmpDir(), () => now);
    serving.followOtherProcesses(60_000);
    const schedule = { startsAt: '2026-12-06T09:00:00.000Z', endsAt: '2026-12-06T11:00:00.000Z', timeZone: 'Europe/Paris' };
    const m = serving.media.create({ kind: 'room', title: 'Town hall', guestAccess: true, schedule }, ACTOR);
    const link = serving.links.create({ mediaId: m.id, name: 'Everyone' }, ACTOR);
    const first = serving.access.guestLinkView(link.token);
    expect(reasonOf(first)).toBe('ok');
    now = new Date('2026-12-06T11:29:59Z');
    expect(serving.access.guestLinkView(link.token)).toBe(first); // the same kept answer
    now = new Date('2026-12-06T11:30:00Z');
    expect(reasonOf(serving.access.guestLinkView(link.token))).toBe('session-ended');
  });

  it('not following other processes, every view reads the file', () => {
    const dir = tmpDir();
    const plain = core(dir);
    const m = plain.media.create({ kind: 'room', title: 'Town hall', guestAccess: true }, ACTOR);
    const link = plain.links.create({ mediaId: m.id, name: 'Everyone' }, ACTOR);
    expect(reasonOf(plain.access.guestLinkView(link.token))).toBe('ok');
    core(dir).media.update(m.id, { guestAccess: false }, ACTOR);
    expect(reasonOf(plain.access.guestLinkView(link.token))).toBe('guest-access-off');
  });

  it('unknown tokens are answered as before and not kept', () => {
    const serving = core(tmpDir());
    serving.followOtherProcesses(60_000);
    expect(reasonOf(serving.access.guestLinkView('A'.repeat(32)))).toBe('unknown-link');
    expect(reasonOf(serving.access.guestLinkView('not a token'))).toBe('unknown-link');
  });
});

// P2, issue 23 hot path: every knock asks whether the browser was denied at
// this entry within the cooldown. The answer comes from denials kept like the
// link view's rows, so it must follow the same rules: a denial here counts at
// once, another process's as soon as the follower sees it, and time alone ends it.
describe("the knock cooldown's kept denials", () => {
  const COOLDOWN = 10 * 60_000;
  const BROWSER = 'browser-one';

  function knockAndDeny(c: ReturnType<typeof core>, mediaId: number, token: string, email: string) {
    const r = c.access.redeemGuestLink(token, { name: 'Guest', email, browserId: BROWSER });
    if (!r.ok) throw new Error(r.reason);
    return r.participant.id;
  }

  it('a denial made here counts at once; the wait ends on time with no write in between; another browser is not affected', () => {
    let now = new Date('2026-12-06T10:00:00Z');
    const serving = core(tmpDir(), () => now);
    serving.followOtherProcesses(60_000);
    const m = serving.media.create({ kind: 'room', title: 'Town hall', guestAccess: true, requireAdmission: true }, ACTOR);
    const link = serving.links.create({ mediaId: m.id, name: 'Everyone' }, ACTOR);
    const id = knockAndDeny(serving, m.id, link.token, 'ann@example.org');
    expect(serving.access.knockCooldown(m.id, BROWSER, COOLDOWN)).toBe(0); // waiting, not denied: this loads the (empty) kept denials
    serving.participants.deny(id, ACTOR);
    expect(serving.access.knockCooldown(m.id, BROWSER, COOLDOWN)).toBe(COOLDOWN);
    expect(serving.access.knockCooldown(m.id, 'browser-two', COOLDOWN)).toBe(0);
    now = new Date('2026-12-06T10:09:00Z');
    expect(serving.access.knockCooldown(m.id, BROWSER, COOLDOWN)).toBe(60_000);
    now = new Date('2026-12-06T10:10:00Z');
    expect(serving.access.knockCooldown(m.id, BROWSER, COOLDOWN)).toBe(0);
  });

  it("another process's denial counts once the follower has seen it", async () => {
    const dir = tmpDir();
    const serving = core(dir);
    serving.followOtherProcesses(50);
    const m = serving.media.create({ kind: 'room', title: 'Town hall', guestAccess: true, requireAdmission: true }, ACTOR);
    const link = serving.links.create({ mediaId: m.id, name: 'Everyone' }, ACTOR);
    const id = knockAndDeny(serving, m.id, link.token, 'ann@example.org');
    expect(serving.access.knockCooldown(m.id, BROWSER, COOLDOWN)).toBe(0);
    const cli = core(dir);
    cli.participants.deny(id, ACTOR);
    // No write here: only the follower can tell this process.
    expect(await until(() => serving.access.knockCooldown(m.id, BROWSER, COOLDOWN) > 0, 2000)).toBe(true);
  });

  it('not following other processes, every knock reads the file: another process\'s denial counts at once', () => {
    const dir = tmpDir();
    const serving = core(dir);
    const m = serving.media.create({ kind: 'room', title: 'Town hall', guestAccess: true, requireAdmission: true }, ACTOR);
    const link = serving.links.create({ mediaId: m.id, name: 'Everyone' }, ACTOR);
    const id = knockAndDeny(serving, m.id, link.token, 'ann@example.org');
    expect(serving.access.knockCooldown(m.id, BROWSER, COOLDOWN)).toBe(0);
    core(dir).participants.deny(id, ACTOR);
    expect(serving.access.knockCooldown(m.id, BROWSER, COOLDOWN)).toBeGreaterThan(0);
  });
});
