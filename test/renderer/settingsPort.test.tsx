// L3 defect: after the status bar (or the native dialog) moved the listener to
// the next free port, Settings still showed the old port, and "Apply" moved
// the listener back to the taken one.
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppSettings, ListenerStatus } from '../../src-main/api/bridge';
import { connectEvents } from '../../src-renderer/events';
import { Settings } from '../../src-renderer/screens/Settings';
import { resetStore, useStore } from '../../src-renderer/store';
import { installFakeBridge } from './fakeBridge';

describe('L3: Settings follows the listener when it moves', () => {
  let disconnect: () => void = () => {};
  beforeEach(() => resetStore());
  afterEach(() => {
    disconnect();
    cleanup();
  });

  it('a listener.status on a new port refreshes the saved address, so Apply keeps the new port', async () => {
    const fake = installFakeBridge();
    let saved: AppSettings = { host: '127.0.0.1', port: 4410, linkHost: '', trustProxy: '', language: 'en', notifyOnKnock: true, logLevel: 'info' as const };
    const applied: unknown[] = [];
    fake.bridge.app.getSettings = async () => saved;
    fake.bridge.app.setSettings = async (patch) => {
      applied.push(patch);
      return { ok: true, value: { ...saved, ...patch } };
    };
    await act(async () => useStore.setState({ appSettings: saved, coreSettings: { baseUrl: 'http://127.0.0.1:4410', inviteSkipLobbyDefault: false } as never }));
    disconnect = connectEvents();
    render(<Settings />);
    const portField = screen.getByLabelText('Port') as HTMLInputElement;
    expect(portField.value).toBe('4410');

    // Main moved the listener and saved port 4411 ("Use port 4411").
    saved = { ...saved, port: 4411 };
    const status: ListenerStatus = { state: 'running', host: '127.0.0.1', port: 4411, url: 'http://127.0.0.1:4411', error: null, nextFreePort: null };
    await act(async () => fake.emit('listener.status', status));
    await waitFor(() => expect(portField.value).toBe('4411'));

    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(applied).toHaveLength(1));
    expect(applied[0]).toMatchObject({ port: 4411 });
  });
});
