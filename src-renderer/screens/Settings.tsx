// Settings: public base URL and the invites' lobby default (core), bind
// address, port, language (the console's text, dates and times; i18n.ts) and
// knock notifications (desktop settings).
import { type FormEvent, useEffect, useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { bridge } from '../bridge';
import { errorText, LANGS, toLang, usePendingLanguage, useT } from '../i18n';
import { useStore } from '../store';
import { LiveSettings } from './LiveSettings';
import { MailSettingsSection } from './MailSettings';
import { ReachSettings } from './ReachSettings';
import { LanguageOptions } from '../components/LanguageOptions';

export function Settings() {
  const { coreSettings, appSettings, setCoreSettings, setAppSettings, setListener, toast } = useStore(
    useShallow((s) => ({ coreSettings: s.coreSettings, appSettings: s.appSettings, setCoreSettings: s.setCoreSettings, setAppSettings: s.setAppSettings, setListener: s.setListener, toast: s.toast })),
  );
  const id = useId();
  const t = useT();
  // A language not shown yet is loaded first (its own chunk); the console switches once it is in.
  const pendingLang = usePendingLanguage();
  const [host, setHost] = useState(appSettings?.host ?? '127.0.0.1');
  const [port, setPort] = useState(String(appSettings?.port ?? ''));
  const [listenerError, setListenerError] = useState<string | null>(null);

  useEffect(() => {
    if (appSettings) {
      setHost(appSettings.host);
      setPort(String(appSettings.port));
    }
  }, [appSettings]);

  async function saveListener(e: FormEvent) {
    e.preventDefault();
    setListenerError(null);
    const n = Number(port);
    if (!/^\d+$/.test(port.trim()) || n > 65535) return setListenerError(t('settings.portInvalid'));
    const r = await bridge().app.setSettings({ host: host.trim(), port: n });
    if (!r.ok) return setListenerError(errorText(r.error, t));
    setAppSettings(r.value);
    // Saved is not started: a taken port says so here too, never a green "saved" beside a red status bar.
    const status = await bridge().listener.status();
    setListener(status);
    if (status.state === 'error') return setListenerError(t('status.error', { message: status.error ? errorText(status.error, t) : t('status.notRunning') }));
    toast(t('settings.listenerSaved'), 'success');
  }
  async function patchApp(patch: Parameters<ReturnType<typeof bridge>['app']['setSettings']>[0]) {
    const r = await bridge().app.setSettings(patch);
    if (!r.ok) return toast(errorText(r.error, t), 'error');
    setAppSettings(r.value);
  }
  async function setSkipDefault(v: boolean) {
    const r = await bridge().ops['settings.set']({ inviteSkipLobbyDefault: v });
    if (!r.ok) return toast(errorText(r.error, t), 'error');
    setCoreSettings(r.value);
  }

  return (
    <main className="page settings" id="main">
      <header className="page-header">
        <h1>{t('app.settings')}</h1>
      </header>

      <ReachSettings />

      <section className="card" aria-labelledby={`${id}-links`}>
        <h2 id={`${id}-links`}>{t('settings.links')}</h2>
        <label className="checkbox">
          <input type="checkbox" checked={coreSettings?.inviteSkipLobbyDefault ?? false} onChange={(e) => void setSkipDefault(e.target.checked)} />
          {t('settings.skipLobbyDefault')}
        </label>
      </section>

      <MailSettingsSection />

      <section className="card" aria-labelledby={`${id}-listener`}>
        <h2 id={`${id}-listener`}>{t('settings.listener')}</h2>
        <form className="form" noValidate onSubmit={saveListener}>
          <div className="form-row">
            <div className="field">
              <label htmlFor={`${id}-host`}>{t('settings.bindAddress')}</label>
              <input id={`${id}-host`} type="text" dir="ltr" value={host} onChange={(e) => setHost(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-port`}>{t('settings.port')}</label>
              <input id={`${id}-port`} type="text" inputMode="numeric" dir="ltr" value={port} onChange={(e) => setPort(e.target.value)} />
            </div>
            <button type="submit" className="button primary">
              {t('settings.apply')}
            </button>
          </div>
          <p className="field-hint">{t('settings.listenerHint')}</p>
          {listenerError ? (
            <p role="alert" className="form-error">
              {listenerError}
            </p>
          ) : null}
        </form>
      </section>

      <LiveSettings />

      <section className="card" aria-labelledby={`${id}-app`}>
        <h2 id={`${id}-app`}>{t('settings.app')}</h2>
        <div className="field">
          <label htmlFor={`${id}-lang`}>{t('settings.language')}</label>
          <select
            id={`${id}-lang`}
            aria-describedby={`${id}-lang-hint`}
            value={toLang(appSettings?.language)}
            onChange={(e) => void patchApp({ language: e.target.value })}
          >
            <LanguageOptions codes={LANGS} />
          </select>
          <p id={`${id}-lang-hint`} className="field-hint">
            {t('settings.languageHint')}
          </p>
          <p className="field-hint" role="status">
            {pendingLang ? t('common.loading') : null}
          </p>
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={appSettings?.notifyOnKnock ?? true} onChange={(e) => void patchApp({ notifyOnKnock: e.target.checked })} />
          {t('settings.notifyOnKnock')}
        </label>
      </section>
    </main>
  );
}
