// Settings: public base URL and the invites' lobby default (core), bind
// address, port, language and knock notifications (desktop settings).
import { type FormEvent, useEffect, useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { bridge } from '../bridge';
import { useStore } from '../store';

const LANGUAGES = [
  { code: 'en', label: 'English' },
  { code: 'fr', label: 'Français' },
  { code: 'de', label: 'Deutsch' },
  { code: 'es', label: 'Español' },
  { code: 'he', label: 'עברית' },
];

export function Settings() {
  const { coreSettings, appSettings, setCoreSettings, setAppSettings, toast } = useStore(
    useShallow((s) => ({ coreSettings: s.coreSettings, appSettings: s.appSettings, setCoreSettings: s.setCoreSettings, setAppSettings: s.setAppSettings, toast: s.toast })),
  );
  const id = useId();
  const [baseUrl, setBaseUrl] = useState(coreSettings?.baseUrl ?? '');
  const [host, setHost] = useState(appSettings?.host ?? '127.0.0.1');
  const [port, setPort] = useState(String(appSettings?.port ?? ''));
  const [baseUrlError, setBaseUrlError] = useState<string | null>(null);
  const [listenerError, setListenerError] = useState<string | null>(null);

  useEffect(() => {
    if (coreSettings) setBaseUrl(coreSettings.baseUrl);
  }, [coreSettings]);
  useEffect(() => {
    if (appSettings) {
      setHost(appSettings.host);
      setPort(String(appSettings.port));
    }
  }, [appSettings]);

  async function saveBaseUrl(e: FormEvent) {
    e.preventDefault();
    setBaseUrlError(null);
    const r = await bridge().ops['settings.set']({ baseUrl });
    if (!r.ok) return setBaseUrlError(r.error.message);
    setCoreSettings(r.value);
    toast('Public base URL saved. New and existing links use it.', 'success');
  }
  async function saveListener(e: FormEvent) {
    e.preventDefault();
    setListenerError(null);
    const n = Number(port);
    if (!/^\d+$/.test(port.trim()) || n > 65535) return setListenerError('The port must be a whole number from 0 to 65535.');
    const r = await bridge().app.setSettings({ host: host.trim(), port: n });
    if (!r.ok) return setListenerError(r.error.message);
    setAppSettings(r.value);
    toast('Listener settings saved.', 'success');
  }
  async function patchApp(patch: Parameters<ReturnType<typeof bridge>['app']['setSettings']>[0]) {
    const r = await bridge().app.setSettings(patch);
    if (!r.ok) return toast(r.error.message, 'error');
    setAppSettings(r.value);
  }
  async function setSkipDefault(v: boolean) {
    const r = await bridge().ops['settings.set']({ inviteSkipLobbyDefault: v });
    if (!r.ok) return toast(r.error.message, 'error');
    setCoreSettings(r.value);
  }

  return (
    <main className="page settings" id="main">
      <header className="page-header">
        <h1>Settings</h1>
      </header>

      <section className="card" aria-labelledby={`${id}-links`}>
        <h2 id={`${id}-links`}>Links</h2>
        <form className="form" noValidate onSubmit={saveBaseUrl}>
          <div className="field">
            <label htmlFor={`${id}-base`}>Public base URL</label>
            <div className="form-row">
              <input
                id={`${id}-base`}
                type="url"
                value={baseUrl}
                aria-invalid={baseUrlError ? true : undefined}
                aria-describedby={`${id}-base-hint${baseUrlError ? ` ${id}-base-error` : ''}`}
                onChange={(e) => setBaseUrl(e.target.value)}
              />
              <button type="submit" className="button primary">
                Save
              </button>
            </div>
            <p id={`${id}-base-hint`} className="field-hint">
              Guest and invite links are built from this address, so links you prepare offline stay the same when your network changes.
            </p>
            {baseUrlError ? (
              <p id={`${id}-base-error`} className="field-error">
                {baseUrlError}
              </p>
            ) : null}
          </div>
        </form>
        <label className="checkbox">
          <input type="checkbox" checked={coreSettings?.inviteSkipLobbyDefault ?? false} onChange={(e) => void setSkipDefault(e.target.checked)} />
          Invited people skip the lobby by default
        </label>
      </section>

      <section className="card" aria-labelledby={`${id}-listener`}>
        <h2 id={`${id}-listener`}>Guest listener</h2>
        <form className="form" noValidate onSubmit={saveListener}>
          <div className="form-row">
            <div className="field">
              <label htmlFor={`${id}-host`}>Bind address</label>
              <input id={`${id}-host`} type="text" value={host} onChange={(e) => setHost(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-port`}>Port</label>
              <input id={`${id}-port`} type="text" inputMode="numeric" value={port} onChange={(e) => setPort(e.target.value)} />
            </div>
            <button type="submit" className="button primary">
              Apply
            </button>
          </div>
          <p className="field-hint">127.0.0.1 serves only this computer; 0.0.0.0 serves your network. Changing these restarts the listener.</p>
          {listenerError ? (
            <p role="alert" className="form-error">
              {listenerError}
            </p>
          ) : null}
        </form>
      </section>

      <section className="card" aria-labelledby={`${id}-app`}>
        <h2 id={`${id}-app`}>App</h2>
        <div className="field">
          <label htmlFor={`${id}-lang`}>Language for dates and times</label>
          <select
            id={`${id}-lang`}
            aria-describedby={`${id}-lang-hint`}
            value={appSettings?.language ?? 'en'}
            onChange={(e) => void patchApp({ language: e.target.value })}
          >
            {LANGUAGES.map((l) => (
              <option key={l.code} value={l.code} lang={l.code}>
                {l.label}
              </option>
            ))}
          </select>
          <p id={`${id}-lang-hint`} className="field-hint">
            The app’s own text is in English for now. Guest pages follow each guest’s browser, in English, French, Spanish or Hebrew, and have their own language selector.
          </p>
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={appSettings?.notifyOnKnock ?? true} onChange={(e) => void patchApp({ notifyOnKnock: e.target.checked })} />
          Notify me when someone is waiting to join
        </label>
      </section>
    </main>
  );
}
