// Settings › Invite emails: the SMTP server "Send invites" emails through.
// The password goes to the host once and is never read back (only whether
// one is saved); an empty box keeps the saved one.
import { type FormEvent, useEffect, useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { MAIL_LANGS, type MailLang } from '../../src-main/core/mailSettings';
import { bridge } from '../bridge';
import { errorText, useT } from '../i18n';
import { useStore } from '../store';
import { Field } from '../components/Field';
import { LanguageOptions } from '../components/LanguageOptions';

export function MailSettingsSection() {
  const { mail, loadMailSettings, setMailSettings, toast } = useStore(
    useShallow((s) => ({ mail: s.mailSettings, loadMailSettings: s.loadMailSettings, setMailSettings: s.setMailSettings, toast: s.toast })),
  );
  const id = useId();
  const t = useT();
  const [url, setUrl] = useState('');
  const [password, setPassword] = useState('');
  const [from, setFrom] = useState('');
  const [lang, setLang] = useState<MailLang>('en');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void loadMailSettings();
  }, [loadMailSettings]);
  useEffect(() => {
    if (!mail) return;
    setUrl(mail.configured ? `${mail.secure ? 'smtps' : 'smtp'}://${mail.user ? `${encodeURIComponent(mail.user)}@` : ''}${mail.host}:${mail.port}` : '');
    setFrom(mail.from ?? '');
    setLang(mail.lang);
  }, [mail]);

  async function save(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const r = await bridge().ops['mail.settings.set']({ smtpUrl: url.trim() || null, from: from.trim() || null, lang, ...(password ? { password } : {}) });
    if (!r.ok) return setError(errorText(r.error, t));
    setPassword('');
    setMailSettings(r.value);
    toast(r.value.configured ? t('settings.mailSaved') : t('settings.mailRemoved'), 'success');
  }

  return (
    <section className="card" aria-labelledby={`${id}-mail`}>
      <h2 id={`${id}-mail`}>{t('settings.mail')}</h2>
      <form className="form" noValidate onSubmit={save}>
        <Field id={`${id}-url`} label={t('settings.mailServer')} hint={t('settings.mailServerHint')} type="text" autoComplete="off" placeholder="smtp://user@mail.example.org:587" value={url} onChange={(e) => setUrl(e.target.value)} />
        <div className="form-row">
          <Field
            id={`${id}-pw`}
            label={t('settings.mailPassword')}
            hint={mail?.passwordSet ? t('settings.mailPasswordSet') : t('settings.mailPasswordHint')}
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <Field id={`${id}-from`} label={t('settings.mailFrom')} hint={t('settings.mailFromHint')} type="email" value={from} onChange={(e) => setFrom(e.target.value)} />
          <div className="field">
            <label htmlFor={`${id}-lang`}>{t('settings.mailLang')}</label>
            <select id={`${id}-lang`} value={lang} onChange={(e) => setLang(e.target.value as MailLang)}>
              <LanguageOptions codes={MAIL_LANGS} />
            </select>
          </div>
        </div>
        {error ? (
          <p role="alert" className="form-error">
            {error}
          </p>
        ) : null}
        <div className="form-row">
          <button type="submit" className="button primary">
            {t('common.save')}
          </button>
        </div>
      </form>
    </section>
  );
}
