// P1/P3 in the moderator's app: the Participants screen reads pages and
// counts, never the whole room; pushed participant events patch the loaded
// pages with only the people they name, and read the counts again.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Participant } from '../../src-main/core/types';
import { connectEvents } from '../../src-renderer/events';
import { ParticipantsTab, WAITING_PREVIEW } from '../../src-renderer/screens/Participants';
import { type ParticipantList, patchList, resetStore, useStore } from '../../src-renderer/store';
import { fakePage, installFakeBridge, participant, setLanguage, withViewport } from './fakeBridge';

const names = (list: readonly Participant[]) => list.map((p) => `${p.id}:${p.state}`);
const loaded = (rows: Participant[], next: ParticipantList['next'] = null): ParticipantList => ({ rows, next, loading: false });

describe('patchList: the loaded part of a list after some people changed', () => {
  const list = loaded([participant(1), participant(2), participant(4)]);

  it('P1: a changed person is replaced in place; the others are the same objects', () => {
    const out = patchList(list, 'waiting', [2], [participant(2, { name: 'New name' })]);
    expect(out.rows.map((p) => p.name)).toEqual(['Person 1', 'New name', 'Person 4']);
    expect(out.rows[0]).toBe(list.rows[0]);
  });

  it('P1: people who left the list (admitted, denied, gone) drop out of Waiting', () => {
    const out = patchList(list, 'waiting', [1, 2, 4], [participant(1, { state: 'admitted' }), participant(2, { state: 'denied' })]);
    expect(names(out.rows)).toEqual([]);
  });

  it('P1: newcomers join in order when the whole list is loaded; beyond the last loaded page they wait for that page', () => {
    expect(names(patchList(list, 'waiting', [3, 5], [participant(5), participant(3)]).rows)).toEqual(['1:waiting', '2:waiting', '3:waiting', '4:waiting', '5:waiting']);
    const partial = loaded([participant(1), participant(2), participant(4)], { rank: 0, id: 4 });
    expect(names(patchList(partial, 'waiting', [3, 9], [participant(3), participant(9)]).rows)).toEqual(['1:waiting', '2:waiting', '3:waiting', '4:waiting']);
  });

  it('P3: a hand raised further down the room moves to the top, even when that person was not loaded yet', () => {
    const room = loaded([participant(1, { state: 'admitted', pageOpen: true }), participant(2, { state: 'admitted' })], { rank: 3, id: 2 });
    const out = patchList(room, 'room', [40], [participant(40, { state: 'admitted', handRaised: true })]);
    expect(out.rows.map((p) => p.id)).toEqual([40, 1, 2]);
    const lowered = patchList(out, 'room', [40], [participant(40, { state: 'admitted', handRaised: false, pageOpen: false })]);
    expect(lowered.rows.map((p) => p.id)).toEqual([1, 2]);
  });
});

describe('the Participants screen reads pages, not the room (P1)', () => {
  withViewport();
  beforeEach(() => resetStore());
  afterEach(() => cleanup());

  const room = (waiting: number, inside: number) => [
    ...Array.from({ length: waiting }, (_, i) => participant(i + 1)),
    ...Array.from({ length: inside }, (_, i) => participant(waiting + i + 1, { state: 'admitted', handRaised: i === inside - 1 })),
  ];

  it('P1: the first render asks for one page of each list and the counts, and the headers show the counts, not the rows loaded', async () => {
    const fake = installFakeBridge({ participants: room(120, 300) });
    await setLanguage('en');
    render(<ParticipantsTab mediaId={1} />);
    expect(await screen.findByRole('heading', { name: 'Waiting (120)' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: /^In the room \(300\)/ })).toBeTruthy();
    expect(fake.calls.map((c) => c.name).sort()).toEqual(['participants.counts', 'participants.page', 'participants.page']);
    expect(fake.calls.some((c) => c.name === 'participants.list')).toBe(false);
    expect(useStore.getState().participantViews[1]!.room.rows.length).toBe(50);
  });

  it('P3: a raised hand is first in the room and counted in its header, though that person joined last', async () => {
    installFakeBridge({ participants: room(2, 300) });
    await setLanguage('en');
    render(<ParticipantsTab mediaId={1} />);
    const table = await screen.findByRole('table', { name: 'In the room' });
    await waitFor(() => expect(table.querySelectorAll('[role="row"]').length).toBeGreaterThan(2));
    expect(table.querySelectorAll('[role="row"]')[1]!.textContent).toContain('Person 302');
    expect(screen.getByText('Raised hands: 1')).toBeTruthy();
  });

  it(`P1: Waiting shows its first ${WAITING_PREVIEW} until "Show all", which then pages on`, async () => {
    const fake = installFakeBridge({ participants: room(200, 0) });
    const pages = fake.calls;
    await setLanguage('en');
    render(<ParticipantsTab mediaId={1} />);
    const table = await screen.findByRole('table', { name: 'Waiting' });
    await waitFor(() => expect(table.querySelectorAll('.vtable-body [role="row"]').length).toBe(WAITING_PREVIEW));
    fireEvent.click(screen.getByRole('button', { name: 'Show all 200 waiting' }));
    await waitFor(() => expect(table.querySelectorAll('.vtable-body [role="row"]').length).toBeGreaterThan(WAITING_PREVIEW));
    expect(table.getAttribute('aria-rowcount')).toBe('201');
    expect(pages.filter((c) => c.name === 'participants.page').length).toBeGreaterThanOrEqual(1);
  });

  it('P1: scrolling near the end of what is loaded asks for the next page after the last row, and only as far as the viewport needs', async () => {
    const people = room(0, 1000);
    // Pages of 15, so the viewport (about 30 rows) needs more than the first.
    const small = installFakeBridge({ participants: people }, { 'participants.page': (input) => fakePage(people, { ...input, limit: Math.min(input.limit ?? 50, 15) }) });
    await setLanguage('en');
    render(<ParticipantsTab mediaId={1} />);
    await waitFor(() => expect(small.calls.filter((c) => c.name === 'participants.page' && (c.input as { after?: unknown }).after).length).toBeGreaterThan(0));
    await new Promise((r) => setTimeout(r, 100));
    const afters = small.calls.filter((c) => c.name === 'participants.page' && (c.input as { section: string }).section === 'room').map((c) => (c.input as { after?: { id: number } }).after?.id ?? null);
    const loadedRows = useStore.getState().participantViews[1]!.room.rows;
    expect(afters[0]).toBeNull();
    expect(afters.slice(1)).toEqual(afters.slice(1).map((_, i) => loadedRows[(i + 1) * 15 - 1]!.id));
    expect(loadedRows.length).toBeLessThan(100);
    expect(new Set(loadedRows.map((p) => p.id)).size).toBe(loadedRows.length);
  });

  it('P1: the room search and filter are sent to the core, not applied to a loaded copy', async () => {
    const fake = installFakeBridge({ participants: room(0, 80) });
    await setLanguage('en');
    render(<ParticipantsTab mediaId={1} />);
    await screen.findByRole('heading', { name: /^In the room \(80\)/ });
    fake.calls.length = 0;
    fireEvent.change(screen.getByLabelText('Search participants'), { target: { value: 'Person 8' } });
    fireEvent.change(screen.getByLabelText('Show'), { target: { value: 'hands' } });
    await waitFor(() => expect(fake.calls.some((c) => c.name === 'participants.page')).toBe(true));
    expect(fake.calls.find((c) => c.name === 'participants.page' && (c.input as { section: string }).section === 'room')!.input).toMatchObject({ search: 'Person 8', handRaised: true });
    expect(fake.calls.find((c) => c.name === 'participants.counts')!.input).toMatchObject({ search: 'Person 8', handRaised: true });
    await waitFor(() => expect(useStore.getState().participantViews[1]!.room.rows.map((p) => p.id)).toEqual([80]));
  });
});

describe('participant events (P3)', () => {
  let disconnect: () => void = () => {};
  beforeEach(() => resetStore());
  afterEach(() => disconnect());

  async function opened(people: Participant[]) {
    const fake = installFakeBridge({ participants: people });
    await useStore.getState().loadParticipants(1);
    disconnect = connectEvents();
    fake.calls.length = 0;
    return fake;
  }

  const settle = async (calls: { name: string }[], name: string) => {
    for (let i = 0; i < 50 && !calls.some((c) => c.name === name); i++) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 30));
  };

  it('P3: a burst of changes fetches only the people it names, once, and the counts once; no page is read again', async () => {
    const people = Array.from({ length: 50 }, (_, i) => participant(i + 1));
    const fake = await opened(people);
    people[0] = participant(1, { state: 'admitted' });
    people.push(participant(51));
    fake.emit('participant.changed', { mediaId: 1, participantId: 1, state: 'admitted', change: 'admitted' });
    fake.emit('participant.changed', { mediaId: 1, participantId: 51, state: 'waiting', change: 'waiting' });
    await settle(fake.calls, 'participants.get');
    expect(fake.calls.map((c) => c.name).sort()).toEqual(['participants.counts', 'participants.get']);
    expect(fake.calls.find((c) => c.name === 'participants.get')!.input).toEqual({ mediaId: 1, participantIds: [1, 51] });
    const view = useStore.getState().participantViews[1]!;
    expect(view.waiting.rows.map((p) => p.id)).toEqual([...Array.from({ length: 49 }, (_, i) => i + 2), 51]);
    expect(view.room.rows.map((p) => p.id)).toEqual([1]);
    expect(view.counts).toMatchObject({ waiting: 50, inRoom: 1 });
  });

  it('P3: a burst larger than a patch is worth (an "Admit all") reads the first pages and the counts once', async () => {
    const people = Array.from({ length: 600 }, (_, i) => participant(i + 1));
    const fake = await opened(people);
    for (const p of people) fake.emit('participant.changed', { mediaId: 1, participantId: p.id, state: 'admitted', change: 'admitted' });
    await settle(fake.calls, 'participants.page');
    expect(fake.calls.map((c) => c.name).sort()).toEqual(['participants.counts', 'participants.page', 'participants.page']);
  });

  it('P3: someone who leaves Waiting while the next page is on its way does not come back with that page', async () => {
    const people = Array.from({ length: 60 }, (_, i) => participant(i + 1));
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const fake = installFakeBridge(
      { participants: people },
      {
        'participants.page': async (input) => {
          const answer = fakePage(people, input); // read now: the page is stale by the time it arrives
          if (input.after) await gate;
          return answer;
        },
      },
    );
    await useStore.getState().loadParticipants(1);
    disconnect = connectEvents();
    const more = useStore.getState().loadMoreParticipants(1, 'waiting');
    await new Promise((r) => setTimeout(r, 10));
    people[54] = participant(55, { state: 'denied' });
    fake.emit('participant.changed', { mediaId: 1, participantId: 55, state: 'denied', change: 'denied' });
    await settle(fake.calls, 'participants.get');
    release();
    await more;
    const ids = useStore.getState().participantViews[1]!.waiting.rows.map((p) => p.id);
    expect(ids).toHaveLength(59);
    expect(ids).not.toContain(55);
  });

  it('P3: a knock while the lists are not open fetches only the knocking person, for the notice', async () => {
    const fake = installFakeBridge({ participants: [participant(7, { name: 'Ines' })] });
    disconnect = connectEvents();
    fake.emit('participant.changed', { mediaId: 1, participantId: 7, state: 'waiting', change: 'waiting' });
    await settle(fake.calls, 'participants.get');
    expect(fake.calls.map((c) => c.name)).toEqual(['participants.get']);
    await waitFor(() => expect(useStore.getState().toasts.map((t) => t.text).join(' ')).toContain('Ines'));
  });
});

describe('knock notifications open the room', () => {
  let disconnect: () => void = () => {};
  beforeEach(() => resetStore());
  afterEach(() => disconnect());

  it('P2: the main process\'s app.openMedia event (a clicked knock notification) opens that media page; junk IDs are ignored', () => {
    const fake = installFakeBridge({});
    disconnect = connectEvents();
    fake.emit('app.openMedia', { mediaId: 'x' });
    expect(useStore.getState().view).toEqual({ name: 'library' });
    fake.emit('app.openMedia', { mediaId: 7 });
    expect(useStore.getState().view).toEqual({ name: 'media', mediaId: 7 });
  });
});
