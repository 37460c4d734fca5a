// V5, V6: Settings → Live audio and video. Where the live engine comes from
// (built-in Janus, an external Janus, or off), its program path or URL, the
// external API secret (write-only: live.settings.get only says whether one is
// set), a STUN server, and a TURN server with its shared secret (write-only
// too: it never leaves the host; pages and Janus get short-lived credentials
// made from it); with the engine's current state from live.status
// and, when unavailable, why and how to get Janus.
import { type FormEvent, useCallback, useEffect, useId, useState } from 'react';
import type { Api } from '../../src-main/api/bridge';
import { bridge } from '../bridge';
import { errorText, useT } from '../i18n';
import { useStore } from '../store';

type LiveSettingsValue = Api['live.settings.get']['output'];
type Engine = LiveSettingsValue['engine'];
type EngineStatus = Api['live.status']['output']['engine'];
const ENGINES: readonly [Engine, 'settings.live.builtIn' | 'settings.live.external' | 'settings.live.off'][] = [
  ['built-in', 'settings.live.builtIn'],
  ['external', 'settings.live.external'],
  ['off', 'settings.live.off'],
];

export function LiveSettings() {
  const t = useT();
  const id = useId();
  const toast = useStore((s) => s.toast);
  const [saved, setSaved] = useState<LiveSettingsValue | null>(null);
  const [engine, setEngine] = useState<Engine>('built-in');
  const [janusPath, setJanusPath] = useState('');
  const [janusUrl, setJanusUrl] = useState('');
  const [secret, setSecret] = useState('');
  const [stun, setStun] = useState('');
  const [turn, setTurn] = useState('');
  const [turnSecret, setTurnSecret] = useState('');
  const [forgetTurnSecret, setForgetTurnSecret] = useState(false);
  const [state, setState] = useState<EngineStatus | null>(null);
  const [error, setError] = useState<string | null>(null);

  const readState = useCallback(async () => {
    const r = await bridge().ops['live.status']({});
    if (r.ok) setState(r.value.engine);
  }, []);
  useEffect(() => {
    void (async () => {
      const r = await bridge().ops['live.settings.get']({});
      if (!r.ok) return;
      setSaved(r.value);
      setEngine(r.value.engine);
      setJanusPath(r.value.janusPath ?? '');
      setJanusUrl(r.value.janusUrl ?? '');
      setStun(r.value.stunServer ?? '');
      setTurn(r.value.turnServer ?? '');
    })();
    void readState();
  }, [readState]);

  async function save(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const r = await bridge().ops['live.settings.set']({
      engine,
      janusPath: janusPath.trim() || null,
      janusUrl: janusUrl.trim() || null,
      stunServer: stun.trim() || null,
      turnServer: turn.trim() || null,
      ...(secret ? { janusApiSecret: secret } : {}),
      // Empty keeps the saved secret; only the checkbox removes it.
      ...(turnSecret ? { turnSecret } : forgetTurnSecret ? { turnSecret: null } : {}),
    });
    if (!r.ok) return setError(errorText(r.error, t));
    setSaved(r.value);
    setSecret('');
    setTurnSecret('');
    setForgetTurnSecret(false);
    toast(t('settings.live.saved'), 'success');
    void readState();
    // The engine restarts in the process serving guests: its new state is read again shortly after.
    setTimeout(() => void readState(), 1500);
  }

  return (
    <section className="card" aria-labelledby={`${id}-live`}>
      <h2 id={`${id}-live`}>{t('settings.live')}</h2>
      {state ? (
        <div className="live-state" role="status">
          <p>{t('settings.live.state', { state: t(`live.state.${state.state}`) })}</p>
          {state.state === 'unavailable' || state.state === 'off' ? (
            <>
              {state.reason ? <p className="form-error">{state.reason}</p> : null}
              <p className="field-hint">{t('settings.live.howToGet')}</p>
            </>
          ) : null}
        </div>
      ) : null}
      <form className="form" noValidate onSubmit={save}>
        <fieldset className="field">
          <legend>{t('settings.live.engine')}</legend>
          {ENGINES.map(([value, key]) => (
            <label key={value} className="checkbox">
              <input type="radio" name={`${id}-engine`} value={value} checked={engine === value} onChange={() => setEngine(value)} />
              {t(key)}
            </label>
          ))}
        </fieldset>
        {engine === 'built-in' ? (
          <div className="field">
            <label htmlFor={`${id}-path`}>{t('settings.live.janusPath')}</label>
            <input id={`${id}-path`} type="text" dir="ltr" value={janusPath} placeholder="janus" aria-describedby={`${id}-path-hint`} onChange={(e) => setJanusPath(e.target.value)} />
            <p id={`${id}-path-hint`} className="field-hint">
              {t('settings.live.janusPathHint')}
            </p>
          </div>
        ) : null}
        {engine === 'external' ? (
          <>
            <div className="field">
              <label htmlFor={`${id}-url`}>{t('settings.live.janusUrl')}</label>
              <input id={`${id}-url`} type="url" dir="ltr" value={janusUrl} placeholder="ws://janus.example.org:8188" aria-describedby={`${id}-url-hint`} onChange={(e) => setJanusUrl(e.target.value)} />
              <p id={`${id}-url-hint`} className="field-hint">
                {t('settings.live.janusUrlHint')}
              </p>
            </div>
            <div className="field">
              <label htmlFor={`${id}-secret`}>{t('settings.live.secret')}</label>
              <input id={`${id}-secret`} type="password" autoComplete="off" dir="ltr" value={secret} aria-describedby={`${id}-secret-hint`} onChange={(e) => setSecret(e.target.value)} />
              <p id={`${id}-secret-hint`} className="field-hint">
                {saved?.janusSecretSet ? t('settings.live.secretSet') : t('settings.live.secretHint')}
              </p>
            </div>
          </>
        ) : null}
        {engine !== 'off' ? (
          <div className="field">
            <label htmlFor={`${id}-stun`}>{t('settings.live.stun')}</label>
            <input id={`${id}-stun`} type="text" dir="ltr" value={stun} placeholder="stun.example.org:3478" aria-describedby={`${id}-stun-hint`} onChange={(e) => setStun(e.target.value)} />
            <p id={`${id}-stun-hint`} className="field-hint">
              {t('settings.live.stunHint')}
            </p>
          </div>
        ) : null}
        {engine !== 'off' ? (
          <>
            <div className="field">
              <label htmlFor={`${id}-turn`}>{t('settings.live.turn')}</label>
              <input id={`${id}-turn`} type="text" dir="ltr" value={turn} placeholder="turn:turn.example.org:3478" aria-describedby={`${id}-turn-hint`} onChange={(e) => setTurn(e.target.value)} />
              <p id={`${id}-turn-hint`} className="field-hint">
                {t('settings.live.turnHint')}
              </p>
            </div>
            <div className="field">
              <label htmlFor={`${id}-turn-secret`}>{t('settings.live.turnSecret')}</label>
              <input
                id={`${id}-turn-secret`}
                type="password"
                autoComplete="off"
                dir="ltr"
                value={turnSecret}
                aria-describedby={`${id}-turn-secret-hint`}
                onChange={(e) => setTurnSecret(e.target.value)}
              />
              <p id={`${id}-turn-secret-hint`} className="field-hint">
                {saved?.turnSecretSet ? t('settings.live.turnSecretSet') : t('settings.live.turnSecretHint')}
              </p>
              {saved?.turnSecretSet ? (
                <label className="checkbox">
                  <input type="checkbox" checked={forgetTurnSecret} disabled={!!turnSecret} onChange={(e) => setForgetTurnSecret(e.target.checked)} />
                  {t('settings.live.turnSecretForget')}
                </label>
              ) : null}
            </div>
          </>
        ) : null}
        <div className="form-row">
          <button type="submit" className="button primary">
            {t('common.save')}
          </button>
        </div>
        {error ? (
          <p role="alert" className="form-error">
            {error}
          </p>
        ) : null}
      </form>
    </section>
  );
}
