// The dictionaries other than English are loaded on demand (their own chunks):
// Settings → Language loads the chosen one, then the console switches, live,
// with a status while it loads. Nothing is preloaded in this file, so the
// first test sees a console that has only English.
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { currentT, isLoaded, languageReady, loadLanguage, translator } from '../../src-renderer/i18n';
import { Settings } from '../../src-renderer/screens/Settings';
import { resetStore, useStore } from '../../src-renderer/store';
import { installFakeBridge } from './fakeBridge';

// The French chunk arrives when the test says so: a slow load, seen from the console.
const frGate = vi.hoisted(() => {
  let open = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open: () => open() };
});
vi.mock('../../src-renderer/locales/fr', async (importOriginal) => {
  await frGate.opened;
  return importOriginal();
});

beforeEach(() => resetStore());
afterEach(() => cleanup());

describe('dictionaries on demand', () => {
  it('only English is in at first; a language not loaded reads as English until it is', async () => {
    expect(isLoaded('en')).toBe(true);
    expect(isLoaded('es')).toBe(false);
    expect(translator('es')('common.cancel')).toBe('Cancel');
    await loadLanguage('es');
    expect(isLoaded('es')).toBe(true);
    expect(translator('es')('common.cancel')).toBe('Cancelar');
  });

  it('Settings → Language: French is loaded first (Loading… meanwhile, still in English), then the whole console switches, live', async () => {
    installFakeBridge();
    expect(isLoaded('fr')).toBe(false);
    await act(async () => useStore.setState({ appSettings: { host: '127.0.0.1', port: 4410, linkHost: '', trustProxy: '', language: 'en', notifyOnKnock: true, logLevel: 'info' as const } }));
    render(<Settings />);
    expect(screen.getByRole('heading', { level: 1, name: 'Settings' })).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Language'), { target: { value: 'fr' } });
    expect(await screen.findByText('Loading…')).toBeTruthy();
    expect(screen.getByText('Loading…').closest('[role="status"]')).toBeTruthy();
    expect(isLoaded('fr')).toBe(false);
    expect(screen.getByRole('heading', { level: 1, name: 'Settings' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('en');

    await act(async () => {
      frGate.open();
      await languageReady();
    });
    expect(isLoaded('fr')).toBe(true);
    expect(screen.getByRole('heading', { level: 1, name: 'Paramètres' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('fr');
    expect((screen.getByLabelText('Langue') as HTMLSelectElement).value).toBe('fr');
    expect(screen.queryByText('Chargement…')).toBeNull();
  });

  it('a later choice wins over a slower earlier load', async () => {
    installFakeBridge();
    const settings = (language: string) => ({ host: '127.0.0.1', port: 4410, linkHost: '', trustProxy: '', language, notifyOnKnock: true, logLevel: 'info' as const });
    await act(async () => {
      useStore.setState({ appSettings: settings('he') });
      useStore.setState({ appSettings: settings('en') });
      await languageReady();
      await loadLanguage('he');
    });
    expect(currentT().lang).toBe('en');
    expect(document.documentElement.dir).toBe('ltr');
  });
});
