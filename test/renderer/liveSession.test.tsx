// V7 in the moderator's app: Participants shows who is live (badges with
// words), offers Let speak / Stop / Mute on the rows and Mute all / End in the
// room's live line, and reads live.status again (debounced) on live.people;
// the media page's "Join live session" opens live.join's URL through the
// bridge; Settings → Live audio and video saves through live.settings.set.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LiveSettings } from '../../src-renderer/screens/LiveSettings';
import { MediaPage } from '../../src-renderer/screens/MediaPage';
import { ParticipantsTab } from '../../src-renderer/screens/Participants';
import { resetStore } from '../../src-renderer/store';
import { installFakeBridge, media, participant, setLanguage, withMedia, withViewport } from './fakeBridge';

type Person = { participantId: number; connected: boolean; audio: boolean; video: boolean; publishing: boolean; mutedByModerator: boolean; letSpeak: boolean };
const person = (participantId: number, over: Partial<Person> = {}): Person => ({ participantId, connected: true, audio: false, video: false, publishing: false, mutedByModerator: false, letSpeak: false, ...over });
const ready = { state: 'ready', source: 'built-in', reason: null };

function liveFake(people: Person[], engine: object = ready) {
  const state = { people, engine, connected: people.filter((p) => p.connected).length, publishing: people.filter((p) => p.publishing).length };
  const answer = () => ({ engine: state.engine, running: true, updatedAt: '2026-01-01T10:00:00.000Z', rooms: [{ mediaId: 1, connected: state.connected, publishing: state.publishing, people: state.people }] });
  return { state, answer };
}

const inRoom = [
  participant(1, { state: 'admitted', name: 'Ana', pageOpen: true }),
  participant(2, { state: 'admitted', name: 'Bo', pageOpen: true, handRaised: true }),
  participant(3, { state: 'admitted', name: 'Cy', pageOpen: true, handRaised: true, role: 'speaker' }),
  participant(4, { state: 'admitted', name: 'Di', pageOpen: false }),
];

const rowOf = async (name: string) => {
  const table = await screen.findByRole('table', { name: 'In the room' });
  await waitFor(() => expect(within(table).getByText(name)).toBeTruthy());
  return within(table).getByText(name).closest('[role="row"]') as HTMLElement;
};

describe('V7: who is live, in Participants', () => {
  withViewport();
  beforeEach(() => resetStore());
  afterEach(() => cleanup());

  it('each person in the room shows, in words, whether they are in the session, sending audio or video, muted by a moderator', async () => {
    const live = liveFake([person(1, { audio: true, video: true, publishing: true }), person(2, { audio: true, publishing: true, mutedByModerator: true }), person(3, { connected: false, letSpeak: true })]);
    installFakeBridge({ participants: inRoom }, { 'live.status': live.answer });
    await setLanguage('en');
    render(<ParticipantsTab mediaId={1} live />);
    const ana = await rowOf('Ana');
    await waitFor(() => expect(within(ana).getByText('In the session')).toBeTruthy());
    expect(within(ana).getByText('Audio')).toBeTruthy();
    expect(within(ana).getByText('Video')).toBeTruthy();
    expect(within(ana).queryByText('Muted by a moderator')).toBeNull();
    const bo = await rowOf('Bo');
    expect(within(bo).getByText('Muted by a moderator')).toBeTruthy();
    expect(within(bo).queryByText('Audio')).toBeNull();
    expect(within(await rowOf('Cy')).getByText('May speak')).toBeTruthy();
    expect(within(await rowOf('Di')).getByText('Not in the session')).toBeTruthy();
    // The room's live line: how many are in the session and how many send.
    expect(screen.getByText('Live: 2 in the session · 2 sending')).toBeTruthy();
  });

  it('without `live` (a media entry with a lobby, not a room) nothing live is asked or shown', async () => {
    const fake = installFakeBridge({ participants: inRoom });
    await setLanguage('en');
    render(<ParticipantsTab mediaId={1} />);
    await rowOf('Ana');
    expect(fake.calls.some((c) => c.name === 'live.status')).toBe(false);
    expect(screen.queryByRole('button', { name: 'End live session' })).toBeNull();
  });

  it('row actions: Let speak for a raised hand that may not send yet, Stop for someone let speak, Mute for someone sending and not muted', async () => {
    const live = liveFake([person(1, { audio: true, publishing: true }), person(2, { audio: true, publishing: true, mutedByModerator: true }), person(3)]);
    const fake = installFakeBridge({ participants: inRoom }, { 'live.status': live.answer, 'live.letSpeak': (i) => ({ participantId: i.participantId, allowed: i.allowed }), 'live.mute': (i) => i });
    await setLanguage('en');
    render(<ParticipantsTab mediaId={1} live />);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Let speak: Bo' })).toBeTruthy());
    // Cy is a speaker with a raised hand: may speak already, so no Let speak.
    expect(screen.queryByRole('button', { name: 'Let speak: Cy' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Let speak: Ana' })).toBeNull();
    // Ana sends and is not muted; Bo is muted already; Di sends nothing.
    expect(screen.getByRole('button', { name: 'Mute Ana' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Mute Bo' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Mute Di' })).toBeNull();

    live.state.people = [person(1, { audio: true, publishing: true }), person(2, { letSpeak: true }), person(3)];
    fireEvent.click(screen.getByRole('button', { name: 'Let speak: Bo' }));
    await waitFor(() => expect(fake.calls.find((c) => c.name === 'live.letSpeak')?.input).toEqual({ participantId: 2, allowed: true }));
    // Read again after the action: Bo may speak now, and can be stopped.
    const stop = await screen.findByRole('button', { name: 'Stop Bo speaking' });
    expect(screen.queryByRole('button', { name: 'Let speak: Bo' })).toBeNull();
    expect(within(await rowOf('Bo')).getByText('May speak')).toBeTruthy();
    fireEvent.click(stop);
    await waitFor(() => expect(fake.calls.filter((c) => c.name === 'live.letSpeak').at(-1)?.input).toEqual({ participantId: 2, allowed: false }));

    fireEvent.click(screen.getByRole('button', { name: 'Mute Ana' }));
    await waitFor(() => expect(fake.calls.find((c) => c.name === 'live.mute')?.input).toEqual({ participantId: 1 }));
  });

  it('live.people for this room reads live.status again, once per burst; another room\'s does not', async () => {
    const live = liveFake([person(1)]);
    const fake = installFakeBridge({ participants: inRoom }, { 'live.status': live.answer });
    await setLanguage('en');
    render(<ParticipantsTab mediaId={1} live />);
    await screen.findByText('Live: 1 in the session · 0 sending');
    const reads = () => fake.calls.filter((c) => c.name === 'live.status').length;
    const before = reads();
    live.state.people = [person(1, { video: true, publishing: true }), person(4)];
    live.state.connected = 2;
    live.state.publishing = 1;
    fake.emit('live.people', { mediaId: 2 });
    await new Promise((r) => setTimeout(r, 400));
    expect(reads()).toBe(before);
    expect(screen.getByText('Live: 1 in the session · 0 sending')).toBeTruthy();
    fake.emit('live.people', { mediaId: 1 });
    fake.emit('live.people', { mediaId: 1 });
    fake.emit('live.changed', { mediaId: 1, participantId: 1, change: 'mute' });
    await screen.findByText('Live: 2 in the session · 1 sending');
    expect(reads()).toBe(before + 1);
    expect(within(await rowOf('Ana')).getByText('Video')).toBeTruthy();
    expect(within(await rowOf('Di')).getByText('In the session')).toBeTruthy();
  });

  it('the live line says when the engine is not ready, and why', async () => {
    const live = liveFake([], { state: 'unavailable', source: 'built-in', reason: 'Janus was not found (janus).' });
    installFakeBridge({ participants: inRoom }, { 'live.status': live.answer });
    await setLanguage('en');
    render(<ParticipantsTab mediaId={1} live />);
    expect(await screen.findByText('Live audio and video are unavailable: Janus was not found (janus).')).toBeTruthy();
  });

  it('Mute all calls live.muteAll; End asks first in a dialog, then ends and says so', async () => {
    const live = liveFake([person(1, { audio: true, publishing: true })]);
    const fake = installFakeBridge({ participants: inRoom }, { 'live.status': live.answer, 'live.muteAll': (i) => i, 'live.end': (i) => i });
    await setLanguage('en');
    render(<ParticipantsTab mediaId={1} live />);
    fireEvent.click(await screen.findByRole('button', { name: 'Mute all' }));
    await waitFor(() => expect(fake.calls.find((c) => c.name === 'live.muteAll')?.input).toEqual({ mediaId: 1 }));

    fireEvent.click(screen.getByRole('button', { name: 'End live session' }));
    let dialog = await screen.findByRole('alertdialog', { name: 'End the live session?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(fake.calls.some((c) => c.name === 'live.end')).toBe(false);

    live.state.people = [];
    live.state.connected = 0;
    live.state.publishing = 0;
    fireEvent.click(screen.getByRole('button', { name: 'End live session' }));
    dialog = await screen.findByRole('alertdialog', { name: 'End the live session?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'End session' }));
    await waitFor(() => expect(fake.calls.find((c) => c.name === 'live.end')?.input).toEqual({ mediaId: 1 }));
    expect(await screen.findByText('The live session ended. The next person to join starts a new one.')).toBeTruthy();
  });

  it('Hebrew: the live words are translated and a name in an accessible name stays findable', async () => {
    const live = liveFake([person(2, { connected: true })]);
    installFakeBridge({ participants: inRoom }, { 'live.status': live.answer });
    await setLanguage('he');
    render(<ParticipantsTab mediaId={1} live />);
    expect(await screen.findByRole('button', { name: 'סיום השידור החי' })).toBeTruthy();
    expect(await screen.findByRole('button', { name: /מתן רשות לדבר ל.?Bo/ })).toBeTruthy();
  });
});

describe('V7: Join live session, on a room\'s media page', () => {
  beforeEach(() => resetStore());
  afterEach(() => cleanup());

  it('calls live.join and opens its URL through the bridge', async () => {
    const fake = installFakeBridge({}, { 'live.join': () => ({ url: 'http://127.0.0.1:4410/a/CODE', origin: 'http://127.0.0.1:4410' }) });
    await setLanguage('en');
    await withMedia(media({ kind: 'room' }));
    render(<MediaPage mediaId={1} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Join live session' }));
    await waitFor(() => expect(fake.calls.find((c) => c.name === 'app.openLiveSession')?.input).toBe('http://127.0.0.1:4410/a/CODE'));
    expect(fake.calls.find((c) => c.name === 'live.join')?.input).toEqual({ mediaId: 1 });
  });

  it('a plain media entry has no live session, so no button', async () => {
    installFakeBridge();
    await setLanguage('en');
    await withMedia(media({ kind: 'media', filePath: '/x.mp4' }));
    render(<MediaPage mediaId={1} />);
    await screen.findByRole('heading', { name: 'Town hall' });
    expect(screen.queryByRole('button', { name: 'Join live session' })).toBeNull();
  });
});

describe('V5, V6: Settings → Live audio and video', () => {
  beforeEach(() => resetStore());
  afterEach(() => cleanup());

  it('shows the engine state and, when unavailable, why and how to get Janus; saves with the secret only when typed', async () => {
    const settings = { engine: 'built-in', janusPath: null, janusUrl: null, janusSecretSet: true, stunServer: null, turnServer: null, turnSecretSet: false };
    const fake = installFakeBridge(
      {},
      {
        'live.settings.get': () => settings,
        'live.settings.set': (i) => ({ ...settings, ...i, janusApiSecret: undefined }),
        'live.status': () => ({ engine: { state: 'unavailable', source: 'built-in', reason: 'Janus was not found (janus).' }, running: true, updatedAt: null, rooms: [] }),
      },
    );
    await setLanguage('en');
    render(<LiveSettings />);
    expect(await screen.findByText('Current state: Unavailable')).toBeTruthy();
    expect(screen.getByText('Janus was not found (janus).')).toBeTruthy();
    expect(screen.getByText(/apt install janus/)).toBeTruthy();

    fireEvent.click(screen.getByRole('radio', { name: 'External (a Janus server you run)' }));
    fireEvent.change(screen.getByLabelText('Janus URL'), { target: { value: 'ws://janus.example.org:8188' } });
    expect(screen.getByText(/A secret is set/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('STUN server'), { target: { value: 'stun.example.org:3478' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(fake.calls.find((c) => c.name === 'live.settings.set')?.input).toEqual({ engine: 'external', janusPath: null, janusUrl: 'ws://janus.example.org:8188', stunServer: 'stun.example.org:3478', turnServer: null }),
    );

    fireEvent.change(screen.getByLabelText('API secret'), { target: { value: 's3cret' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(fake.calls.filter((c) => c.name === 'live.settings.set').at(-1)?.input).toMatchObject({ janusApiSecret: 's3cret' }));
    await waitFor(() => expect((screen.getByLabelText('API secret') as HTMLInputElement).value).toBe(''));
    expect((screen.getByLabelText('API secret') as HTMLInputElement).type).toBe('password');
  });

  it('V6: a TURN server and its shared secret: the secret is sent once, shown only as set, kept when left empty, forgotten on request', async () => {
    let settings: Record<string, unknown> = { engine: 'built-in', janusPath: null, janusUrl: null, janusSecretSet: false, stunServer: null, turnServer: null, turnSecretSet: false };
    const fake = installFakeBridge(
      {},
      {
        'live.settings.get': () => settings,
        'live.settings.set': (i) => {
          const { turnSecret, ...rest } = i as { turnSecret?: string | null };
          settings = { ...settings, ...rest, ...(turnSecret !== undefined ? { turnSecretSet: !!turnSecret } : {}) };
          return settings;
        },
        'live.status': () => ({ engine: { state: 'ready', source: 'built-in' }, running: true, updatedAt: null, rooms: [] }),
      },
    );
    await setLanguage('en');
    render(<LiveSettings />);
    const sets = () => fake.calls.filter((c) => c.name === 'live.settings.set').map((c) => c.input);
    fireEvent.change(await screen.findByLabelText('TURN server'), { target: { value: 'turn:turn.example.org:3478' } });
    expect((screen.getByLabelText('TURN shared secret') as HTMLInputElement).type).toBe('password');
    expect(screen.getByText(/static-auth-secret from coturn/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('TURN shared secret'), { target: { value: 'sh4red' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(sets().at(-1)).toMatchObject({ turnServer: 'turn:turn.example.org:3478', turnSecret: 'sh4red' }));
    // Saved: the secret is shown only as set, and the field is empty again.
    expect(await screen.findByText(/A shared secret is set/)).toBeTruthy();
    expect((screen.getByLabelText('TURN shared secret') as HTMLInputElement).value).toBe('');
    expect((screen.getByLabelText('TURN server') as HTMLInputElement).value).toBe('turn:turn.example.org:3478');

    // Saving again with the field empty keeps the secret (nothing sent for it).
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(sets()).toHaveLength(2));
    expect(sets()[1]).not.toHaveProperty('turnSecret');

    // Both removed: no server, and the secret forgotten.
    fireEvent.change(screen.getByLabelText('TURN server'), { target: { value: '' } });
    fireEvent.click(screen.getByLabelText('Forget the saved shared secret'));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(sets().at(-1)).toMatchObject({ turnServer: null, turnSecret: null }));
    expect(await screen.findByText(/static-auth-secret from coturn/)).toBeTruthy();
  });
});
