// P1/P3 in the moderator's app: pushed participant events patch the loaded
// list with only the people they name, instead of reloading the whole room.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Participant } from '../../src-main/core/types';
import { connectEvents } from '../../src-renderer/events';
import { mergeParticipants, resetStore, useStore } from '../../src-renderer/store';
import { installFakeBridge, participant } from './fakeBridge';

const names = (list: readonly Participant[]) => list.map((p) => `${p.id}:${p.state}`);

describe('mergeParticipants', () => {
  const list = [participant(1), participant(2, { state: 'admitted' }), participant(4)];

  it('P1: a changed person is replaced in place; the others are the same objects', () => {
    const out = mergeParticipants(list, [1], [participant(1, { state: 'admitted' })]);
    expect(names(out)).toEqual(['1:admitted', '2:admitted', '4:waiting']);
    expect(out[1]).toBe(list[1]);
  });

  it('P1: denied, removed and left people drop out; people who no longer exist too', () => {
    const out = mergeParticipants(list, [1, 2, 4], [participant(1, { state: 'denied' }), participant(2, { state: 'removed' })]);
    expect(names(out)).toEqual([]);
  });

  it('P1: newcomers join in ID order, also when one arrives out of order', () => {
    expect(names(mergeParticipants(list, [6, 5], [participant(6), participant(5)]))).toEqual(['1:waiting', '2:admitted', '4:waiting', '5:waiting', '6:waiting']);
    expect(names(mergeParticipants(list, [3], [participant(3)]))).toEqual(['1:waiting', '2:admitted', '3:waiting', '4:waiting']);
  });
});

describe('participant events (P3)', () => {
  let disconnect: () => void = () => {};
  beforeEach(() => resetStore());
  afterEach(() => disconnect());

  async function loaded(people: Participant[]) {
    const fake = installFakeBridge({ participants: people });
    await useStore.getState().loadParticipants(1);
    disconnect = connectEvents();
    fake.calls.length = 0;
    return fake;
  }

  const settle = async (calls: { name: string }[], name: string) => {
    for (let i = 0; i < 50 && !calls.some((c) => c.name === name); i++) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 10));
  };

  it('P3: a burst of changes fetches only the people it names, once', async () => {
    const people = Array.from({ length: 50 }, (_, i) => participant(i + 1));
    const fake = await loaded(people);
    people[0] = participant(1, { state: 'admitted' });
    people.push(participant(51));
    fake.emit('participant.changed', { mediaId: 1, participantId: 1, state: 'admitted', change: 'admitted' });
    fake.emit('participant.changed', { mediaId: 1, participantId: 51, state: 'waiting', change: 'waiting' });
    await settle(fake.calls, 'participants.get');
    expect(fake.calls.map((c) => c.name)).toEqual(['participants.get']);
    expect(fake.calls[0]!.input).toEqual({ mediaId: 1, participantIds: [1, 51] });
    const list = useStore.getState().participants[1]!;
    expect(list).toHaveLength(51);
    expect(list[0]!.state).toBe('admitted');
    expect(list[50]!.id).toBe(51);
  });

  it('P3: a burst larger than a patch is worth (an "Admit all") reloads the list once', async () => {
    const people = Array.from({ length: 600 }, (_, i) => participant(i + 1));
    const fake = await loaded(people);
    for (const p of people) fake.emit('participant.changed', { mediaId: 1, participantId: p.id, state: 'admitted', change: 'admitted' });
    await settle(fake.calls, 'participants.list');
    expect(fake.calls.map((c) => c.name)).toEqual(['participants.list']);
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
