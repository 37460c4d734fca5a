// No zod here: the form dialogs that validate with it are loaded on demand,
// and configure it themselves (validation.ts imports zodConfig first).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { bridge } from './bridge';
import { languageReady } from './i18n';
import { useStore } from './store';
import './styles.css';

/**
 * The chosen language's dictionary (its own chunk) before the first render,
 * so the window doesn't show English first. Bounded: a bridge that doesn't
 * answer never holds the window (App's loadSettings reports it).
 */
async function chosenLanguage(): Promise<void> {
  const settings = bridge().app.getSettings();
  const known = settings.then((app) => {
    if (!useStore.getState().appSettings) useStore.getState().setAppSettings(app);
    return languageReady();
  });
  await Promise.race([known, new Promise((resolve) => setTimeout(resolve, 2000))]);
}

void chosenLanguage()
  .catch(() => undefined)
  .then(() => {
    createRoot(document.getElementById('root')!).render(
      <StrictMode>
        <App />
      </StrictMode>,
    );
  });
