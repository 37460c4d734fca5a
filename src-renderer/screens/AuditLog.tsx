// O3: the append-only audit log of one media entry.
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { AuditEntry } from '../../src-main/core/types';
import { formatDateTime, leftReasonText } from '../format';
import { type T, tEn, useT } from '../i18n';
import { useStore } from '../store';

const EMPTY: AuditEntry[] = [];

const text = (v: unknown) => (typeof v === 'string' ? v : v === null || v === undefined ? '' : JSON.stringify(v));
/**
 * S6: what someone typed (a name, an email, a title) is bidi-isolated (FSI …
 * PDI) in the sentence it is put into, in every language, so a right-to-left
 * override in a name can't reverse the sentence. Right-to-left translators
 * isolate their values already.
 */
const typed = (t: T, v: unknown) => (t.dir === 'rtl' ? text(v) : `\u2068${text(v)}\u2069`);
const FIELDS = ['title', 'description', 'schedule', 'filePath', 'requireAdmission', 'available', 'guestAccess'] as const;
type FieldName = (typeof FIELDS)[number];
const isField = (k: string): k is FieldName => (FIELDS as readonly string[]).includes(k);
const ROLES = ['guest', 'viewer', 'speaker', 'moderator'] as const;
type RoleName = (typeof ROLES)[number];
const isRole = (v: unknown): v is RoleName => typeof v === 'string' && (ROLES as readonly string[]).includes(v);

/** O3 in words: what happened, from the action and its details. Unknown actions show their code. */
export function auditText(e: Pick<AuditEntry, 'action' | 'details'>, t: T = tEn): string {
  const d = e.details;
  const person = d.name ? t('audit.person', { name: typed(t, d.name), email: typed(t, d.email) }) : typed(t, d.email);
  const role = (v: unknown) => (isRole(v) ? t(`roleWord.${v}`) : text(v));
  switch (e.action) {
    case 'media.created':
      return t('audit.media.created', { title: typed(t, d.title) });
    case 'media.updated':
      return t('audit.media.updated', { fields: Object.keys(d).map((k) => (isField(k) ? t(`audit.field.${k}`) : k)).join(t('audit.fieldSeparator')) });
    case 'guest-access.enabled':
      return t('audit.guestAccess.enabled');
    case 'guest-access.disabled':
      return t('audit.guestAccess.disabled');
    case 'media.made-available':
      return t('audit.media.madeAvailable');
    case 'media.made-unavailable':
      return t('audit.media.madeUnavailable');
    case 'link.created':
      return t('audit.link.created', {
        name: typed(t, d.name),
        clicks: d.clicks ? t('audit.link.clicks', { clicks: text(d.clicks) }) : t('audit.link.unlimitedClicks'),
        expiry: d.days ? t('audit.link.expiresAfter', { days: text(d.days) }) : t('audit.link.neverExpires'),
      });
    case 'link.deleted':
      return t('audit.link.deleted', { name: typed(t, d.name) });
    case 'link.rotated':
      return t('audit.link.rotated', { name: typed(t, d.name) });
    case 'link.edited': {
      const after = (d.after ?? {}) as { clicks?: unknown; days?: unknown };
      return t('audit.link.edited', {
        name: typed(t, d.name),
        clicks: after.clicks ? t('audit.link.clicks', { clicks: text(after.clicks) }) : t('audit.link.unlimitedClicks'),
        expiry: after.days ? t('audit.link.expiresAfter', { days: text(after.days) }) : t('audit.link.neverExpires'),
      });
    }
    case 'invite.created':
      return t('audit.invite.created', { email: typed(t, d.email), role: role(d.role) });
    case 'invite.revoked':
      return t('audit.invite.revoked', { email: typed(t, d.email) });
    case 'invite.role-changed':
      return t('audit.invite.roleChanged', { email: typed(t, d.email), from: role(d.from), to: role(d.to) });
    case 'invite.lobby-changed':
      return t(d.skipLobby ? 'audit.invite.skipsLobby' : 'audit.invite.waitsInLobby', { email: typed(t, d.email) });
    case 'invite.email-queued':
      return t('audit.invite.emailQueued', { email: typed(t, d.email) });
    case 'invite.emailed':
      return t('audit.invite.emailed', { email: typed(t, d.email) });
    case 'invite.email-failed':
      return t('audit.invite.emailFailed', { email: typed(t, d.email), reason: typed(t, d.reason) });
    case 'invite.email-mismatch':
      return t('audit.invite.emailMismatch', { given: typed(t, d.given), expected: typed(t, d.expected) });
    case 'participant.knocked':
      return t('audit.participant.knocked', { person });
    case 'participant.joined':
      return t('audit.participant.joined', { person });
    case 'participant.admitted':
      return t('audit.participant.admitted', { person });
    case 'participant.denied':
      return t('audit.participant.denied', { person });
    case 'participant.email-blocked':
      return t('audit.participant.emailBlocked', { email: typed(t, d.email) });
    case 'participant.email-unblocked':
      return t('audit.participant.emailUnblocked', { email: typed(t, d.email) });
    case 'participant.removed':
      return t('audit.participant.removed', { person });
    case 'participant.left':
      return d.reason ? t('audit.participant.leftBecause', { person, reason: leftReasonText(text(d.reason), t) }) : t('audit.participant.left', { person });
    default:
      return e.action;
  }
}

const MODERATOR_ACTORS = { 'moderator (app)': 'audit.actor.app', 'moderator (cli)': 'audit.actor.cli', 'moderator (harness)': 'audit.actor.harness' } as const;
const INVITED = /^invited (viewer|speaker|moderator):(.+)$/s;

/**
 * Who did it, in words: the app, the command line or the test harness as a
 * moderator; "guest:EMAIL" and "invited ROLE:EMAIL" as the person. Any other
 * actor shows as it is.
 */
export function actorText(actor: string, t: T = tEn): string {
  if (Object.prototype.hasOwnProperty.call(MODERATOR_ACTORS, actor)) return t(MODERATOR_ACTORS[actor as keyof typeof MODERATOR_ACTORS]);
  if (actor.startsWith('guest:') && actor.length > 'guest:'.length) return t('audit.actor.guest', { email: typed(t, actor.slice('guest:'.length)) });
  const invited = INVITED.exec(actor);
  if (invited) return t(`audit.actor.invited.${invited[1] as 'viewer' | 'speaker' | 'moderator'}`, { email: typed(t, invited[2]!) });
  return actor;
}

export function AuditTab({ mediaId }: { mediaId: number }) {
  const entries = useStore(useShallow((s) => s.audit[mediaId] ?? EMPTY));
  const loadAudit = useStore((s) => s.loadAudit);
  const t = useT();
  useEffect(() => {
    void loadAudit(mediaId);
  }, [mediaId, loadAudit]);
  // Newest first, derived.
  const rows = [...entries].sort((a, b) => b.id - a.id);
  return (
    <div>
      <h2>{t('tab.audit')}</h2>
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">{t('audit.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('audit.when')}</th>
              <th scope="col">{t('audit.who')}</th>
              <th scope="col">{t('audit.what')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={3} className="empty">
                  {t('audit.none')}
                </td>
              </tr>
            ) : (
              rows.map((e) => (
                <tr key={e.id}>
                  <td className="nowrap">{formatDateTime(e.at)}</td>
                  <td>{actorText(e.actor, t)}</td>
                  <td className="wrap">{auditText(e, t)}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
