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
import { Field } from '../components/Field';

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
          <Field id={`${id}-path`} label={t('settings.live.janusPath')} hint={t('settings.live.janusPathHint')} type="text" value={janusPath} placeholder="janus" onChange={(e) => setJanusPath(e.target.value)} />
        ) : null}
        {engine === 'external' ? (
          <>
            <Field id={`${id}-url`} label={t('settings.live.janusUrl')} hint={t('settings.live.janusUrlHint')} type="url" value={janusUrl} placeholder="ws://janus.example.org:8188" onChange={(e) => setJanusUrl(e.target.value)} />
            <Field
              id={`${id}-secret`}
              label={t('settings.live.secret')}
              hint={saved?.janusSecretSet ? t('settings.live.secretSet') : t('settings.live.secretHint')}
              type="password"
              autoComplete="off"
              value={secret}
              onChange={(e) => setSecret(e.target.value)}
            />
          </>
        ) : null}
        {engine !== 'off' ? (
          <>
            <Field id={`${id}-stun`} label={t('settings.live.stun')} hint={t('settings.live.stunHint')} type="text" value={stun} placeholder="stun.example.org:3478" onChange={(e) => setStun(e.target.value)} />
            <Field id={`${id}-turn`} label={t('settings.live.turn')} hint={t('settings.live.turnHint')} type="text" value={turn} placeholder="turn:turn.example.org:3478" onChange={(e) => setTurn(e.target.value)} />
            <Field
              id={`${id}-turn-secret`}
              label={t('settings.live.turnSecret')}
              hint={saved?.turnSecretSet ? t('settings.live.turnSecretSet') : t('settings.live.turnSecretHint')}
              type="password"
              autoComplete="off"
              value={turnSecret}
              onChange={(e) => setTurnSecret(e.target.value)}
            >
              {saved?.turnSecretSet ? (
                <label className="checkbox">
                  <input type="checkbox" checked={forgetTurnSecret} disabled={!!turnSecret} onChange={(e) => setForgetTurnSecret(e.target.checked)} />
                  {t('settings.live.turnSecretForget')}
                </label>
              ) : null}
            </Field>
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
