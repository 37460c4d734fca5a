// L1/L4: "Where guests reach you", one setting with three choices. This
// computer only binds 127.0.0.1; My network binds all interfaces and builds
// links from a LAN address; The internet keeps the listener on loopback and
// builds links from the public URL of a reverse proxy or tunnel (docs/reach.md).
// The first two keep the base URL automatic; the third sets it explicitly.
import { type FormEvent, useEffect, useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { LanAddress } from '../../src-main/api/bridge';
import { bridge } from '../bridge';
import { ReachWarning } from '../components/ReachWarning';
import { errorText, useT } from '../i18n';
import { useStore } from '../store';
import { Field } from '../components/Field';

type Choice = 'this-computer' | 'network' | 'internet';
const ANY = new Set(['0.0.0.0', '::']);

export function ReachSettings() {
  const { coreSettings, appSettings, listener, setCoreSettings, setAppSettings, setListener, toast } = useStore(
    useShallow((s) => ({ coreSettings: s.coreSettings, appSettings: s.appSettings, listener: s.listener, setCoreSettings: s.setCoreSettings, setAppSettings: s.setAppSettings, setListener: s.setListener, toast: s.toast })),
  );
  const id = useId();
  const t = useT();
  const explicit = coreSettings ? !coreSettings.baseUrlAuto : false;
  const saved: Choice = explicit ? 'internet' : appSettings && ANY.has(appSettings.host) ? 'network' : 'this-computer';
  const [choice, setChoice] = useState<Choice>(saved);
  const [publicUrl, setPublicUrl] = useState(explicit ? (coreSettings?.baseUrl ?? '') : '');
  const [linkHost, setLinkHost] = useState(appSettings?.linkHost ?? '');
  const [trustProxy, setTrustProxy] = useState(appSettings?.trustProxy ?? '');
  const [lan, setLan] = useState<LanAddress[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void bridge().app.lanAddresses().then(setLan, () => setLan([]));
  }, []);
  // Follow what was saved (here or elsewhere) when it changes.
  useEffect(() => setChoice(saved), [saved]);
  useEffect(() => {
    if (explicit && coreSettings) setPublicUrl(coreSettings.baseUrl);
  }, [explicit, coreSettings]);

  async function apply(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (choice === 'internet') {
      const r = await bridge().ops['settings.set']({ baseUrl: publicUrl });
      if (!r.ok) return setError(errorText(r.error, t));
      setCoreSettings(r.value);
      if (appSettings && (ANY.has(appSettings.host) || appSettings.trustProxy !== trustProxy)) {
        const a = await bridge().app.setSettings({ host: '127.0.0.1', trustProxy });
        if (!a.ok) return setError(errorText(a.error, t));
        setAppSettings(a.value);
        setTrustProxy(a.value.trustProxy);
      }
    } else {
      const a = await bridge().app.setSettings(choice === 'network' ? { host: '0.0.0.0', linkHost } : { host: '127.0.0.1' });
      if (!a.ok) return setError(errorText(a.error, t));
      setAppSettings(a.value);
      if (explicit) {
        const r = await bridge().ops['settings.set']({ baseUrl: 'auto' });
        if (!r.ok) return setError(errorText(r.error, t));
        setCoreSettings(r.value);
      }
    }
    setListener(await bridge().listener.checkReach());
    toast(t('reach.saved'), 'success');
  }

  async function checkNow() {
    setListener(await bridge().listener.checkReach());
  }

  const reach = listener?.reach;
  return (
    <section className="card" aria-labelledby={`${id}-reach`}>
      <h2 id={`${id}-reach`}>{t('reach.heading')}</h2>
      <form className="form" noValidate onSubmit={apply}>
        <fieldset className="field">
          <legend className="visually-hidden">{t('reach.heading')}</legend>
          {(['this-computer', 'network', 'internet'] as const).map((c) => (
            <label key={c} className="checkbox">
              <input type="radio" name={`${id}-choice`} value={c} checked={choice === c} onChange={() => setChoice(c)} />
              {t(`reach.choice.${c}`)}
            </label>
          ))}
        </fieldset>
        {choice === 'network' ? (
          <div className="field">
            <label htmlFor={`${id}-lan`}>{t('reach.lanAddress')}</label>
            {lan.length === 0 ? (
              <p className="field-hint">{t('reach.noLan')}</p>
            ) : (
              <select id={`${id}-lan`} dir="ltr" value={linkHost} onChange={(e) => setLinkHost(e.target.value)}>
                <option value="">{t('reach.lanDefault', { address: lan[0]!.address })}</option>
                {lan.map((a) => (
                  <option key={`${a.interface}-${a.address}`} value={a.address}>
                    {a.address} ({a.interface}, {a.family})
                  </option>
                ))}
              </select>
            )}
          </div>
        ) : null}
        {choice === 'internet' ? (
          <>
            <Field id={`${id}-public`} label={t('settings.baseUrl')} hint={t('reach.publicHint')} type="url" placeholder="https://" value={publicUrl} onChange={(e) => setPublicUrl(e.target.value)} />
            <Field id={`${id}-trust`} label={t('reach.trustProxy')} hint={t('reach.trustProxyHint')} type="text" placeholder="loopback" value={trustProxy} onChange={(e) => setTrustProxy(e.target.value)} />
          </>
        ) : null}
        {error ? (
          <p role="alert" className="form-error">
            {error}
          </p>
        ) : null}
        <div className="form-row">
          <button type="submit" className="button primary">
            {t('common.save')}
          </button>
          <button type="button" className="button" onClick={() => void checkNow()}>
            {t('status.checkNow')}
          </button>
        </div>
      </form>
      {reach?.code === 'OK' ? <p className="field-hint">{t(reach.scope === 'network' ? 'reach.OK.network' : 'reach.OK', { address: reach.baseUrl })}</p> : <ReachWarning />}
    </section>
  );
}
