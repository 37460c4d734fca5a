// P1 at scale: the Participants screen reads one page of one list at a time
// (keyset paging), with search and filters done in SQL and the header counts
// read apart. Real SQLite files in temp folders.
import { describe, expect, it } from 'vitest';
import { callOperation } from '../../src-main/api/table';
import type { Core } from '../../src-main/core';
import type { ParticipantCursor, ParticipantFilter, ParticipantSection } from '../../src-main/core/types';
import { fingerprint } from '../helpers/seed';
import { ACTOR, tmpCore } from '../helpers/tmp';

function lobbyRoom(core: Core = tmpCore()) {
  const media = core.media.create({ kind: 'room', title: 'Town hall', guestAccess: true, requireAdmission: true }, ACTOR);
  const link = core.links.create({ mediaId: media.id, name: 'Everyone' }, ACTOR);
  let n = 0;
  const knock = (name = `Guest ${++n}`, email = `guest${n}@example.org`) => {
    const r = core.access.redeemGuestLink(link.token, { name, email });
    if (!r.ok) throw new Error(`knock refused: ${r.reason}`);
    return r.participant.id;
  };
  const enter = (name?: string, email?: string) => core.participants.admit(knock(name, email), ACTOR).id;
  return { core, mediaId: media.id, knock, enter };
}

/** Every row of a section, page by page; `between` runs after each page (rows added meanwhile). */
function readAll(core: Core, mediaId: number, section: ParticipantSection, limit: number, filter: ParticipantFilter = {}, between: (page: number) => void = () => {}) {
  const seen: { id: number; handRaised: boolean; pageOpen: boolean }[] = [];
  let after: ParticipantCursor | null = null;
  for (let page = 0; page < 1000; page++) {
    const r = core.participants.page(mediaId, section, filter, after, limit);
    expect(r.rows.length).toBeLessThanOrEqual(limit);
    seen.push(...r.rows.map((p) => ({ id: p.id, handRaised: p.handRaised, pageOpen: p.pageOpen })));
    if (!r.next) return seen;
    after = r.next;
    between(page);
  }
  throw new Error('paging never ended');
}

const rankOf = (p: { handRaised: boolean; pageOpen: boolean }) => (p.handRaised ? 0 : 2) + (p.pageOpen ? 0 : 1);

describe('participants.page: keyset paging (P1)', () => {
  it('P1: Waiting pages cover every waiting guest exactly once, in knock order, while others knock between pages', () => {
    const { core, mediaId, knock } = lobbyRoom();
    const before = Array.from({ length: 23 }, () => knock());
    const added: number[] = [];
    const seen = readAll(core, mediaId, 'waiting', 5, {}, () => added.push(knock(), knock()));
    const ids = seen.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...before, ...added]);
  });

  it('P1: In the room pages put raised hands first, then open pages; ties by ID; every row once while people join between pages', () => {
    const { core, mediaId, enter } = lobbyRoom();
    const ids = Array.from({ length: 40 }, () => enter());
    // Ties on purpose: many people share each rank.
    for (const [i, id] of ids.entries()) if (i % 3 === 0) core.participants.setHand(id, true);
    core.participants.setPagesOpen(ids.filter((_, i) => i % 2 === 0).map((id) => [id, true] as const));
    const added: number[] = [];
    const seen = readAll(core, mediaId, 'room', 7, {}, () => added.push(enter()));
    const got = seen.map((p) => p.id);
    expect(new Set(got).size).toBe(got.length);
    expect([...got].sort((a, b) => a - b)).toEqual([...ids, ...added].sort((a, b) => a - b));
    const expected = [...seen].sort((a, b) => rankOf(a) - rankOf(b) || a.id - b.id).map((p) => p.id);
    expect(got).toEqual(expected);
    expect(seen[0]!.handRaised).toBe(true);
  });

  it('P1: the last page says so (no cursor), also when the rows fill it exactly', () => {
    const { core, mediaId, knock } = lobbyRoom();
    for (let i = 0; i < 10; i++) knock();
    const first = core.participants.page(mediaId, 'waiting', {}, null, 5);
    expect(first.next).not.toBeNull();
    const second = core.participants.page(mediaId, 'waiting', {}, first.next, 5);
    expect(second.rows).toHaveLength(5);
    expect(second.next).toBeNull();
  });

  it('P1: a section lists only its own people; denied, removed and left people are in neither', () => {
    const { core, mediaId, knock, enter } = lobbyRoom();
    const waiting = knock();
    const inside = enter();
    core.participants.deny(knock(), ACTOR);
    core.participants.remove(enter(), ACTOR);
    core.participants.leave(knock(), 'guest');
    expect(core.participants.page(mediaId, 'waiting', {}, null, 50).rows.map((p) => p.id)).toEqual([waiting]);
    expect(core.participants.page(mediaId, 'room', {}, null, 50).rows.map((p) => p.id)).toEqual([inside]);
  });
});

describe('participants.page: search and filters in SQL (P1)', () => {
  it('P1: search matches name or email, in any case and without accents', () => {
    const { core, mediaId, knock } = lobbyRoom();
    const ana = knock('Ana Lopez', 'ana@example.org');
    const zoe = knock('Zoë Café', 'zoe@EXAMPLE.net');
    knock('Bob', 'bob@example.org');
    const names = (search: string) => core.participants.page(mediaId, 'waiting', { search }, null, 50).rows.map((p) => p.id);
    expect(names('ANA')).toEqual([ana]);
    expect(names('zoe cafe')).toEqual([zoe]);
    expect(names('example.NET')).toEqual([zoe]);
    expect(names('  lopez  ')).toEqual([ana]);
  });

  it("P1: LIKE's %, _ and the escape character are searched for as themselves", () => {
    const { core, mediaId, knock } = lobbyRoom();
    const percent = knock('Save 50% now', 'a@example.org');
    knock('Save 500 now', 'b@example.org');
    const underscore = knock('snake_case', 'c@example.org');
    knock('snakeXcase', 'd@example.org');
    const backslash = knock('back\\slash', 'e@example.org');
    knock('backslash', 'f@example.org');
    const found = (search: string) => core.participants.page(mediaId, 'waiting', { search }, null, 50).rows.map((p) => p.id);
    expect(found('%')).toEqual([percent]);
    expect(found('50%')).toEqual([percent]);
    expect(found('e_c')).toEqual([underscore]);
    expect(found('_')).toEqual([underscore]);
    expect(found('\\')).toEqual([backslash]);
    expect(found('k\\s')).toEqual([backslash]);
    expect(core.participants.counts(mediaId, { search: '%' }).waitingMatching).toBe(1);
  });

  it('P1: raised hands and open or closed pages filter the room, and paging still covers every match once', () => {
    const { core, mediaId, enter } = lobbyRoom();
    const ids = Array.from({ length: 30 }, () => enter());
    for (const id of ids.slice(0, 12)) core.participants.setHand(id, true);
    core.participants.setPagesOpen(ids.slice(6, 20).map((id) => [id, true] as const));
    const hands = readAll(core, mediaId, 'room', 4, { handRaised: true }).map((p) => p.id);
    expect([...hands].sort((a, b) => a - b)).toEqual(ids.slice(0, 12));
    const closed = readAll(core, mediaId, 'room', 4, { pageOpen: false }).map((p) => p.id);
    expect([...closed].sort((a, b) => a - b)).toEqual([...ids.slice(0, 6), ...ids.slice(20)]);
    const both = readAll(core, mediaId, 'room', 4, { handRaised: true, pageOpen: true }).map((p) => p.id);
    expect(both).toEqual(ids.slice(6, 12));
  });
});

describe('participants.counts (P1)', () => {
  it('P1: the counts match what paging through each list finds, with and without a filter', () => {
    const { core, mediaId, knock, enter } = lobbyRoom();
    for (let i = 0; i < 17; i++) knock(i % 4 === 0 ? `Mia ${i}` : undefined);
    const inside = Array.from({ length: 25 }, (_, i) => enter(i % 5 === 0 ? `Mia inside ${i}` : undefined));
    for (const id of inside.slice(0, 3)) core.participants.setHand(id, true);
    core.participants.setPagesOpen(inside.slice(0, 11).map((id) => [id, true] as const));
    core.participants.deny(knock(), ACTOR);

    const all = core.participants.counts(mediaId);
    expect(all).toEqual({ waiting: 17, inRoom: 25, connected: 11, handsRaised: 3, waitingMatching: 17, inRoomMatching: 25 });
    expect(readAll(core, mediaId, 'waiting', 6)).toHaveLength(all.waiting);
    expect(readAll(core, mediaId, 'room', 6)).toHaveLength(all.inRoom);

    const mia = core.participants.counts(mediaId, { search: 'mia' });
    expect(mia).toMatchObject({ waiting: 17, inRoom: 25, waitingMatching: 5, inRoomMatching: 5 });
    expect(readAll(core, mediaId, 'waiting', 2, { search: 'mia' })).toHaveLength(mia.waitingMatching);
    expect(readAll(core, mediaId, 'room', 2, { search: 'mia' })).toHaveLength(mia.inRoomMatching);
  });

  it('P1: an empty media entry counts zeros', () => {
    const { core, mediaId } = lobbyRoom();
    expect(core.participants.counts(mediaId)).toEqual({ waiting: 0, inRoom: 0, connected: 0, handsRaised: 0, waitingMatching: 0, inRoomMatching: 0 });
    expect(core.participants.page(mediaId, 'room', {}, null, 10)).toEqual({ rows: [], next: null });
  });
});

describe('participants.page and .counts through the operations table', () => {
  it('P1: pages and counts come back through the api, the page size defaulting to 50', async () => {
    const { core, mediaId, knock } = lobbyRoom();
    for (let i = 0; i < 60; i++) knock();
    const first = await callOperation(core, 'participants.page', { mediaId, section: 'waiting' }, ACTOR);
    if (!first.ok) throw new Error(first.error.message);
    expect(first.value.rows).toHaveLength(50);
    const rest = await callOperation(core, 'participants.page', { mediaId, section: 'waiting', after: first.value.next!, limit: 500 }, ACTOR);
    if (!rest.ok) throw new Error(rest.error.message);
    expect(rest.value).toMatchObject({ next: null });
    expect(rest.value.rows).toHaveLength(10);
    expect(await callOperation(core, 'participants.counts', { mediaId }, ACTOR)).toMatchObject({ ok: true, value: { waiting: 60, inRoom: 0 } });
  });

  const bad: [string, (mediaId: number) => unknown, string][] = [
    ['an unknown list', (mediaId) => ({ mediaId, section: 'left' }), 'PAGE_INVALID'],
    ['a cursor with a rank out of range', (mediaId) => ({ mediaId, section: 'room', after: { rank: 7, id: 1 } }), 'PAGE_INVALID'],
    ['a cursor that is text', (mediaId) => ({ mediaId, section: 'room', after: "1' OR 1=1" }), 'PAGE_INVALID'],
    ['a cursor with extra fields', (mediaId) => ({ mediaId, section: 'room', after: { rank: 0, id: 1, sql: 'x' } }), 'PAGE_INVALID'],
    ['a page of 0', (mediaId) => ({ mediaId, section: 'room', limit: 0 }), 'INVALID_INPUT'],
    ['a page of 501', (mediaId) => ({ mediaId, section: 'room', limit: 501 }), 'INVALID_INPUT'],
    ['a search of 201 characters', (mediaId) => ({ mediaId, section: 'room', search: 'x'.repeat(201) }), 'INVALID_INPUT'],
    ['a filter that is not a yes or no', (mediaId) => ({ mediaId, section: 'room', handRaised: 'yes' }), 'INVALID_INPUT'],
    ['a missing media entry', () => ({ mediaId: 9999, section: 'room' }), 'MEDIA_NOT_FOUND'],
  ];
  for (const [label, input, code] of bad) {
    it(`P1: participants.page refuses ${label} with ${code}, and writes nothing`, async () => {
      const { core, mediaId, knock } = lobbyRoom();
      knock();
      const before = fingerprint(core.db);
      const r = await callOperation(core, 'participants.page', input(mediaId), ACTOR);
      expect(r).toMatchObject({ ok: false, error: { code } });
      if (!r.ok) expect(r.error.message.length).toBeGreaterThan(10);
      expect(fingerprint(core.db)).toEqual(before);
    });
  }

  it('P1: participants.counts refuses a missing media entry and a search too long', async () => {
    const { core, mediaId } = lobbyRoom();
    expect(await callOperation(core, 'participants.counts', { mediaId: 9999 }, ACTOR)).toMatchObject({ ok: false, error: { code: 'MEDIA_NOT_FOUND' } });
    expect(await callOperation(core, 'participants.counts', { mediaId, search: 'x'.repeat(201) }, ACTOR)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});
