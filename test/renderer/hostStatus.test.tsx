// Issue 11: when the host process (the data and the guest listener) dies, main
// restarts it and the status bar says so, in the chosen language.
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HostStatus, ListenerStatus } from '../../src-main/api/bridge';
import { connectEvents } from '../../src-renderer/events';
import { StatusBar } from '../../src-renderer/screens/StatusBar';
import { resetStore, useStore } from '../../src-renderer/store';
import { installFakeBridge, participant } from './fakeBridge';

const running: ListenerStatus = { state: 'running', host: '127.0.0.1', port: 4410, url: 'http://127.0.0.1:4410', error: null, nextFreePort: null, reach: null };

describe('issue 11: the status bar says when the host restarted', () => {
  let disconnect: () => void = () => {};
  beforeEach(() => resetStore());
  afterEach(() => {
    disconnect();
    cleanup();
  });

  it('restarting, then running again with a note, or stopped for good', async () => {
    const fake = installFakeBridge();
    await act(async () => useStore.setState({ listener: running }));
    disconnect = connectEvents();
    render(<StatusBar />);
    const bar = screen.getByRole('status');
    expect(bar.textContent).toMatch(/^Guest listener: Running on http:\/\/127\.0\.0\.1:4410/);
    expect(bar.textContent).not.toMatch(/restart/i);

    await act(async () => fake.emit('host.status', { state: 'restarting', restarts: 1 } satisfies HostStatus));
    expect(bar.textContent).toBe('The part of Guestlist that keeps your data stopped unexpectedly; restarting it…');

    await act(async () => fake.emit('host.status', { state: 'running', restarts: 1 } satisfies HostStatus));
    await act(async () => fake.emit('listener.status', { ...running, port: 4411, url: 'http://127.0.0.1:4411' }));
    expect(bar.textContent).toMatch(/Running on http:\/\/127\.0\.0\.1:4411 .* · restarted after it stopped unexpectedly$/);

    await act(async () => fake.emit('host.status', { state: 'stopped', restarts: 5 } satisfies HostStatus));
    expect(bar.textContent).toBe('The part of Guestlist that keeps your data keeps stopping. Quit Guestlist and open it again.');
  });

  it('back after a restart, an open room reads its lists again (events sent while the host was down are lost)', async () => {
    const fake = installFakeBridge({ participants: [participant(1, { mediaId: 1, state: 'waiting' })] });
    disconnect = connectEvents();
    await act(async () => useStore.getState().loadParticipants(1));
    const pages = () => fake.calls.filter((c) => c.name === 'participants.page').length;
    const before = pages();
    expect(before).toBeGreaterThan(0);
    await act(async () => fake.emit('host.status', { state: 'running', restarts: 0 } satisfies HostStatus));
    expect(pages()).toBe(before);
    await act(async () => fake.emit('host.status', { state: 'restarting', restarts: 1 } satisfies HostStatus));
    await act(async () => fake.emit('host.status', { state: 'running', restarts: 1 } satisfies HostStatus));
    await waitFor(() => expect(pages()).toBeGreaterThan(before));
  });
});
