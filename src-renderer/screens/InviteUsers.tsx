// "Invite users" (I1–I5): several emails at once, a role, a result for each
// email, then the list of invites with copy / role / revoke / compose.
import { type FormEvent, useEffect, useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Api } from '../../src-main/api/bridge';
import { INVITE_ROLES, type Invite, type InviteRole, type Media } from '../../src-main/core/types';
import { bridge } from '../bridge';
import { ConfirmDialog, Dialog } from '../components/Dialog';
import { IconCopy, IconMail } from '../components/Icons';
import { formatDateTime, formatSchedule, INVITE_STATUS_LABELS, plural } from '../format';
import { useStore } from '../store';

type InviteResult = Api['invites.create']['output'][number];
const EMPTY: Invite[] = [];
const ROLE_LABELS: Record<InviteRole, string> = { viewer: 'Viewer', speaker: 'Speaker', moderator: 'Moderator' };

export function InviteUsersDialog({ mediaId, onClose }: { mediaId: number; onClose(): void }) {
  const media = useStore((s) => s.mediaById[mediaId]);
  const invites = useStore(useShallow((s) => s.invites[mediaId] ?? EMPTY));
  const skipDefault = useStore((s) => s.coreSettings?.inviteSkipLobbyDefault ?? false);
  const { loadInvites, toast } = useStore(useShallow((s) => ({ loadInvites: s.loadInvites, toast: s.toast })));
  const [emails, setEmails] = useState('');
  const [role, setRole] = useState<InviteRole>('viewer');
  const [skipLobby, setSkipLobby] = useState(skipDefault);
  const [results, setResults] = useState<InviteResult[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ids = { emails: useId(), hint: useId(), role: useId(), results: useId() };

  useEffect(() => {
    void loadInvites(mediaId);
  }, [mediaId, loadInvites]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const lines = emails.split(/\r?\n/).filter((l) => l.trim() !== '');
    if (lines.length === 0) {
      setError('Give at least one email address.');
      document.getElementById(ids.emails)?.focus();
      return;
    }
    setBusy(true);
    const r = await bridge().ops['invites.create']({ mediaId, emails: lines, role, skipLobby });
    setBusy(false);
    if (!r.ok) return setError(r.error.message);
    setResults(r.value);
    // Keep only what failed in the box, so it can be fixed and sent again.
    setEmails(r.value.filter((x) => !x.ok).map((x) => x.input).join('\n'));
    await loadInvites(mediaId);
  }

  if (!media) return null;

  return (
    <Dialog title="Invite users" description="Each person gets their own link, tied to their email address, with the role you choose." onClose={onClose} size="large">
      <form className="form" noValidate onSubmit={submit}>
        <div className="field">
          <label htmlFor={ids.emails}>Email addresses</label>
          <textarea
            id={ids.emails}
            rows={4}
            value={emails}
            placeholder={'jane@example.com\nSam Lee <sam@example.org>'}
            aria-describedby={error ? `${ids.hint} ${ids.emails}-error` : ids.hint}
            aria-invalid={error ? true : undefined}
            onChange={(e) => setEmails(e.target.value)}
          />
          <p id={ids.hint} className="field-hint">
            One per line, or paste a list separated by commas.
          </p>
          {error ? (
            <p id={`${ids.emails}-error`} className="field-error" role="alert">
              {error}
            </p>
          ) : null}
        </div>
        <div className="form-row">
          <div className="field">
            <label htmlFor={ids.role}>Role</label>
            <select id={ids.role} value={role} onChange={(e) => setRole(e.target.value as InviteRole)}>
              {INVITE_ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]}
                </option>
              ))}
            </select>
          </div>
          <label className="checkbox">
            <input type="checkbox" checked={skipLobby} onChange={(e) => setSkipLobby(e.target.checked)} />
            Skip the lobby
          </label>
          <button type="submit" className="button primary" disabled={busy}>
            Send invites
          </button>
        </div>
      </form>

      {results ? (
        <section aria-labelledby={ids.results} className="results">
          <h3 id={ids.results}>
            {inviteSummary(results)}
          </h3>
          <ul>
            {results.map((r, i) => (
              <li key={`${r.input}-${i}`} className={r.ok ? 'result-ok' : 'result-error'}>
                {r.ok ? (
                  <>
                    <strong>{r.invite.email}</strong>: invited as {ROLE_LABELS[r.invite.role].toLowerCase()}.
                  </>
                ) : (
                  <>
                    <strong>{r.input}</strong>: {r.error.message}
                  </>
                )}
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
export function inviteSummary(results: InviteResults): string {
  const count = (code: string) => results.filter((r) => !r.ok && r.error.code === code).length;
  const sent = results.filter((r) => r.ok).length;
  const duplicates = count('EMAIL_DUPLICATE');
  const already = count('EMAIL_ALREADY_INVITED');
  const invalid = count('EMAIL_INVALID');
  const other = results.length - sent - duplicates - already - invalid;
  return [
    `${sent} invited`,
    duplicates && `${plural(duplicates, 'duplicate')} skipped`,
    already && `${already} already invited`,
    invalid && `${invalid} not valid`,
    other && `${other} not invited`,
  ]
    .filter(Boolean)
    .join(' · ');
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
  async function revoke(invite: Invite) {
    const r = await bridge().ops['invites.revoke']({ inviteId: invite.id });
    setRevoking(null);
    if (!r.ok) return toast(r.error.message, 'error');
    toast(`Invite for ${invite.email} revoked.`, 'info');
    await reload();
  }
  async function copy(invite: Invite) {
    const r = await bridge().clipboard.writeText(invite.url);
    toast(r.ok ? 'Link copied' : r.error.message, r.ok ? 'success' : 'error');
  }
  async function setRole(invite: Invite, role: InviteRole) {
    const r = await bridge().ops['invites.setRole']({ inviteId: invite.id, role });
    if (!r.ok) return toast(r.error.message, 'error');
    toast(`${invite.email} is now a ${role}.`, 'info');
    await reload();
  }
  async function compose(invite: Invite) {
    const when = media.schedule ? `\nWhen: ${formatSchedule(media.schedule)}` : '';
    const r = await bridge().mail.compose({
      to: invite.email,
      subject: `Invitation: ${media.title}`,
      body: `You're invited to “${media.title}” as a ${invite.role}.${when}\n\nYour personal link (only for ${invite.email}):\n${invite.url}\n`,
    });
    if (!r.ok) toast(r.error.message, 'error');
  }

  return (
    <section aria-label="Invites" className="invite-list">
      <h3>Invites ({invites.length})</h3>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Last joined</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {invites.length === 0 ? (
              <tr>
                <td colSpan={5} className="empty">
                  No invites yet.
                </td>
              </tr>
            ) : (
              invites.map((inv) => {
                const closed = inv.status === 'revoked' || inv.status === 'expired';
                return (
                  <tr key={inv.id}>
                    <td>
                      <span className="cell-strong">{inv.email}</span>
                      {inv.displayName ? <span className="muted"> ({inv.displayName})</span> : null}
                    </td>
                    <td>
                      <select aria-label={`Role for ${inv.email}`} value={inv.role} disabled={closed} onChange={(e) => void setRole(inv, e.target.value as InviteRole)}>
                        {INVITE_ROLES.map((r) => (
                          <option key={r} value={r}>
                            {ROLE_LABELS[r]}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <span className={`badge badge-${inv.status}`}>{INVITE_STATUS_LABELS[inv.status]}</span>
                    </td>
                    <td>{formatDateTime(inv.lastJoinedAt)}</td>
                    <td>
                      <div className="row-actions">
                        <button type="button" className="icon-button" aria-label={`Copy invite link for ${inv.email}`} title="Copy link" disabled={closed} onClick={() => void copy(inv)}>
                          <IconCopy />
                        </button>
                        <button type="button" className="icon-button" aria-label={`Compose email to ${inv.email}`} title="Compose email" disabled={closed} onClick={() => void compose(inv)}>
                          <IconMail />
                        </button>
                        <button type="button" className="button small danger-text" disabled={closed} aria-label={`Revoke invite for ${inv.email}`} onClick={() => setRevoking(inv)}>
                          Revoke
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
          title="Revoke invite?"
          message={`${revoking.email} will no longer be able to use their invite link. This can't be undone.`}
          confirmLabel="Revoke"
          onCancel={() => setRevoking(null)}
          onConfirm={() => revoke(revoking)}
        />
      ) : null}
    </section>
  );
}
