// "Invite users" (I1–I5): several emails at once, a role, a result for each
// email, then the list of invites with copy / role / revoke / compose.
// With a mail server (Settings › Invite emails) "Send invites" emails each
// person their link (the host sends in the background; the list shows each
// email's status, and a failed one can be sent again). Without one, the
// button says what it does ("Create links") and "Email all" opens one draft.
import { type FormEvent, useEffect, useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Api } from '../../src-main/api/bridge';
import { INVITE_ROLES, type Invite, type InviteRole, type Media } from '../../src-main/core/types';
import { MAIL_LANGS, type MailLang } from '../../src-main/core/mailSettings';
import { bridge } from '../bridge';
import { ConfirmDialog, Dialog } from '../components/Dialog';
import { IconCopy, IconMail } from '../components/Icons';
import { ReachWarning } from '../components/ReachWarning';
import { formatDateTime, formatSchedule } from '../format';
import { errorText, LANGUAGE_NAMES, type T, tEn, useT } from '../i18n';
import { useStore } from '../store';
import { LanguageOptions } from '../components/LanguageOptions';

type InviteResult = Api['invites.create']['output'][number];
const EMPTY: Invite[] = [];

export function InviteUsersDialog({ mediaId, onClose }: { mediaId: number; onClose(): void }) {
  const media = useStore((s) => s.mediaById[mediaId]);
  const invites = useStore(useShallow((s) => s.invites[mediaId] ?? EMPTY));
  const skipDefault = useStore((s) => s.coreSettings?.inviteSkipLobbyDefault ?? false);
  const { loadInvites, toast, loadMailSettings } = useStore(useShallow((s) => ({ loadInvites: s.loadInvites, toast: s.toast, loadMailSettings: s.loadMailSettings })));
  const mail = useStore((s) => s.mailSettings);
  const sends = mail?.configured ?? false;
  const [lang, setLang] = useState<MailLang | ''>('');
  const [emails, setEmails] = useState('');
  const [role, setRole] = useState<InviteRole>('viewer');
  const [skipLobby, setSkipLobby] = useState(skipDefault);
  const [results, setResults] = useState<InviteResult[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ids = { emails: useId(), hint: useId(), role: useId(), results: useId(), lang: useId(), sendHint: useId() };
  const t = useT();

  useEffect(() => {
    void loadInvites(mediaId);
    void loadMailSettings();
  }, [mediaId, loadInvites, loadMailSettings]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const lines = emails.split(/\r?\n/).filter((l) => l.trim() !== '');
    if (lines.length === 0) {
      setError(t('invite.needEmail'));
      document.getElementById(ids.emails)?.focus();
      return;
    }
    setBusy(true);
    const r = await bridge().ops['invites.create']({ mediaId, emails: lines, role, skipLobby, ...(sends ? { send: true, ...(lang ? { lang } : {}) } : {}) });
    setBusy(false);
    if (!r.ok) return setError(errorText(r.error, t));
    setResults(r.value);
    // Keep only what failed in the box, so it can be fixed and sent again.
    setEmails(r.value.filter((x) => !x.ok).map((x) => x.input).join('\n'));
    await loadInvites(mediaId);
  }

  if (!media) return null;

  return (
    <Dialog title={t('action.inviteUsers')} description={t('invite.description')} onClose={onClose} size="large">
      <form className="form" noValidate onSubmit={submit}>
        <div className="field">
          <label htmlFor={ids.emails}>{t('invite.emails')}</label>
          <textarea
            id={ids.emails}
            rows={4}
            dir="ltr"
            value={emails}
            placeholder={'jane@example.com\nSam Lee <sam@example.org>'}
            aria-describedby={error ? `${ids.hint} ${ids.emails}-error` : ids.hint}
            aria-invalid={error ? true : undefined}
            onChange={(e) => setEmails(e.target.value)}
          />
          <p id={ids.hint} className="field-hint">
            {t('invite.emailsHint')}
          </p>
          {error ? (
            <p id={`${ids.emails}-error`} className="field-error" role="alert">
              {error}
            </p>
          ) : null}
        </div>
        <div className="form-row">
          <div className="field">
            <label htmlFor={ids.role}>{t('common.role')}</label>
            <select id={ids.role} value={role} onChange={(e) => setRole(e.target.value as InviteRole)}>
              {INVITE_ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`role.${r}`)}
                </option>
              ))}
            </select>
          </div>
          {sends ? (
            <div className="field">
              <label htmlFor={ids.lang}>{t('invite.mailLang')}</label>
              <select id={ids.lang} value={lang} onChange={(e) => setLang(e.target.value as MailLang | '')}>
                <option value="">{t('invite.mailLangDefault', { language: LANGUAGE_NAMES[mail?.lang ?? 'en'] })}</option>
                <LanguageOptions codes={MAIL_LANGS} />
              </select>
            </div>
          ) : null}
          <label className="checkbox">
            <input type="checkbox" checked={skipLobby} onChange={(e) => setSkipLobby(e.target.checked)} />
            {t('invite.skipLobby')}
          </label>
          <button type="submit" className="button primary" disabled={busy} aria-describedby={ids.sendHint}>
            {sends ? t('invite.send') : t('invite.createLinks')}
          </button>
        </div>
        <p id={ids.sendHint} className="field-hint">
          {sends ? t('invite.sendHint') : t('invite.noServerHint')}
        </p>
      </form>

      {results ? (
        <section aria-labelledby={ids.results} className="results">
          <h3 id={ids.results}>
            {inviteSummary(results, t)}
          </h3>
          <ul>
            {results.map((r, i) => (
              <li key={`${r.input}-${i}`} className={r.ok ? 'result-ok' : 'result-error'}>
                {r.ok
                  ? t.rich(`invite.resultOk.${r.invite.role}`, { email: <strong>{r.invite.email}</strong> })
                  : t.rich('invite.resultError', { input: <strong>{r.input}</strong>, message: errorText(r.error, t) })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <InviteList media={media} invites={invites} toast={toast} reload={() => loadInvites(mediaId)} />

    </Dialog>
  );
}

type InviteResults = Api['invites.create']['output'];

/** "2 invited · 1 already listed above · 1 not valid": duplicates are not failures. */
export function inviteSummary(results: InviteResults, t: T = tEn): string {
  const count = (code: string) => results.filter((r) => !r.ok && r.error.code === code).length;
  const sent = results.filter((r) => r.ok).length;
  const duplicates = count('EMAIL_DUPLICATE');
  const already = count('EMAIL_ALREADY_INVITED');
  const invalid = count('EMAIL_INVALID') + count('EMAIL_INVISIBLE_CHARACTER');
  const other = results.length - sent - duplicates - already - invalid;
  return [
    t('invite.sumInvited', { count: sent }),
    duplicates && t('invite.sumDuplicates', { count: duplicates }),
    already && t('invite.sumAlready', { count: already }),
    invalid && t('invite.sumInvalid', { count: invalid }),
    other && t('invite.sumOther', { count: other }),
  ]
    .filter(Boolean)
    .join(t('common.listSeparator'));
}

export function InviteList({
  media,
  invites,
  toast,
  reload,
}: {
  media: Media;
  invites: Invite[];
  toast(text: string, tone?: 'info' | 'success' | 'error'): void;
  reload(): Promise<void>;
}) {
  const [revoking, setRevoking] = useState<Invite | null>(null);
  const t = useT();
  const sends = useStore((s) => s.mailSettings?.configured ?? false);
  const loadMailSettings = useStore((s) => s.loadMailSettings);
  useEffect(() => {
    void loadMailSettings();
  }, [loadMailSettings]);
  const open = invites.filter((i) => i.status !== 'revoked' && i.status !== 'expired');
  const unsent = open.filter((i) => !i.mail || i.mail.state === 'failed');
  async function send(invite: Invite) {
    const r = await bridge().ops['invites.email']({ inviteId: invite.id });
    if (!r.ok) return toast(errorText(r.error, t), 'error');
    toast(t('invites.queued', { email: invite.email }), 'info');
    await reload();
  }
  async function sendUnsent() {
    const r = await bridge().ops['invites.email']({ mediaId: media.id });
    if (!r.ok) return toast(errorText(r.error, t), 'error');
    toast(t('invites.sentCount', { count: r.value.length }), 'info');
    await reload();
  }
  async function emailAll() {
    // One draft, everyone as blind copies: it can't carry personal links, so it announces the event.
    const when = media.schedule ? `\n${t('mail.when', { schedule: formatSchedule(media.schedule, t) })}` : '';
    const r = await bridge().mail.compose({
      to: '',
      bcc: open.map((i) => i.email).join(','),
      subject: t('mail.subject', { title: media.title }),
      body: `${t('mail.invitedAll', { title: media.title })}${when}\n\n${t('mail.allBody')}\n`,
    });
    if (!r.ok) toast(errorText(r.error, t), 'error');
  }
  function mailCell(inv: Invite) {
    const m = inv.mail;
    if (!m) return <span className="muted">{t('mailStatus.none')}</span>;
    if (m.state === 'sent') return <span className="badge badge-joined">{t('mailStatus.sent', { time: formatDateTime(m.sentAt) })}</span>;
    if (m.state === 'failed')
      return (
        <span className="badge badge-revoked" title={m.error ?? ''}>
          {t('mailStatus.failed', { reason: m.error ?? '' })}
        </span>
      );
    return <span className="badge badge-pending">{t(m.state === 'queued' ? 'mailStatus.queued' : 'mailStatus.sending')}</span>;
  }
  async function revoke(invite: Invite) {
    const r = await bridge().ops['invites.revoke']({ inviteId: invite.id });
    setRevoking(null);
    if (!r.ok) return toast(errorText(r.error, t), 'error');
    toast(t('invites.revoked', { email: invite.email }), 'info');
    await reload();
  }
  async function copy(invite: Invite) {
    const r = await bridge().clipboard.writeText(invite.url);
    toast(r.ok ? t('common.linkCopied') : errorText(r.error, t), r.ok ? 'success' : 'error');
  }
  async function setRole(invite: Invite, role: InviteRole) {
    const r = await bridge().ops['invites.setRole']({ inviteId: invite.id, role });
    if (!r.ok) return toast(errorText(r.error, t), 'error');
    toast(t('invites.roleChanged', { email: invite.email, role: t(`roleWord.${role}`) }), 'info');
    await reload();
  }
  async function compose(invite: Invite) {
    // The link stays on a line of its own, outside any sentence, so mail apps recognise it.
    const when = media.schedule ? `\n${t('mail.when', { schedule: formatSchedule(media.schedule, t) })}` : '';
    const r = await bridge().mail.compose({
      to: invite.email,
      subject: t('mail.subject', { title: media.title }),
      body: `${t('mail.invited', { title: media.title, role: t(`roleWord.${invite.role}`) })}${when}\n\n${t('mail.personalLink', { email: invite.email })}\n${invite.url}\n`,
    });
    if (!r.ok) toast(errorText(r.error, t), 'error');
  }

  return (
    <section aria-label={t('invites.heading')} className="invite-list">
      <h3>{t('invites.listHeading', { count: invites.length })}</h3>
      {invites.length > 0 ? <ReachWarning /> : null}
      {open.length > 0 ? (
        <div className="row-actions">
          {sends ? (
            unsent.length > 0 ? (
              <button type="button" className="button small" onClick={() => void sendUnsent()}>
                {t('invites.sendUnsent')}
              </button>
            ) : null
          ) : (
            <>
              <button type="button" className="button small" aria-describedby={`invite-email-all-${media.id}`} onClick={() => void emailAll()}>
                <IconMail /> {t('invites.emailAll')}
              </button>
              <span id={`invite-email-all-${media.id}`} className="field-hint">
                {t('invites.emailAllHint')}
              </span>
            </>
          )}
        </div>
      ) : null}
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('common.email')}</th>
              <th scope="col">{t('common.role')}</th>
              <th scope="col">{t('invites.status')}</th>
              <th scope="col">{t('invites.lastJoined')}</th>
              <th scope="col">{t('invites.mail')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {invites.length === 0 ? (
              <tr>
                <td colSpan={6} className="empty">
                  {t('invites.none')}
                </td>
              </tr>
            ) : (
              invites.map((inv) => {
                const closed = inv.status === 'revoked' || inv.status === 'expired';
                return (
                  <tr key={inv.id}>
                    <td>
                      {/* Email and name are separate isolated runs, so a right-to-left page keeps each in order. */}
                      <bdi className="cell-strong">{inv.email}</bdi>
                      {inv.displayName ? (
                        <span className="muted">
                          {' ('}
                          <bdi>{inv.displayName}</bdi>)
                        </span>
                      ) : null}
                    </td>
                    <td>
                      <select aria-label={t('invites.roleFor', { email: inv.email })} value={inv.role} disabled={closed} onChange={(e) => void setRole(inv, e.target.value as InviteRole)}>
                        {INVITE_ROLES.map((r) => (
                          <option key={r} value={r}>
                            {t(`role.${r}`)}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <span className={`badge badge-${inv.status}`}>{t(`inviteStatus.${inv.status}`)}</span>
                    </td>
                    <td>{formatDateTime(inv.lastJoinedAt)}</td>
                    <td>{mailCell(inv)}</td>
                    <td>
                      <div className="row-actions">
                        <button type="button" className="icon-button" aria-label={t('invites.copyAria', { email: inv.email })} title={t('common.copyLink')} disabled={closed} onClick={() => void copy(inv)}>
                          <IconCopy />
                        </button>
                        <button type="button" className="icon-button" aria-label={t('invites.composeAria', { email: inv.email })} title={t('invites.compose')} disabled={closed} onClick={() => void compose(inv)}>
                          <IconMail />
                        </button>
                        {sends && !closed && inv.mail?.state !== 'queued' && inv.mail?.state !== 'sending' ? (
                          <button type="button" className="button small" aria-label={t('invites.sendAria', { email: inv.email })} onClick={() => void send(inv)}>
                            {t(!inv.mail ? 'invites.send' : inv.mail.state === 'failed' ? 'invites.retry' : 'invites.resend')}
                          </button>
                        ) : null}
                        <button type="button" className="button small danger-text" disabled={closed} aria-label={t('invites.revokeAria', { email: inv.email })} onClick={() => setRevoking(inv)}>
                          {t('invites.revoke')}
                        </button>
                      </div>
                    </td>
                  </tr>
                );
              })
            )}
          </tbody>
        </table>
      </div>
      {revoking ? (
        <ConfirmDialog
          title={t('invites.revokeConfirmTitle')}
          message={t('invites.revokeConfirm', { email: revoking.email })}
          confirmLabel={t('invites.revoke')}
          onCancel={() => setRevoking(null)}
          onConfirm={() => revoke(revoking)}
        />
      ) : null}
    </section>
  );
}
