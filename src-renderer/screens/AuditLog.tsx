// O3: the append-only audit log of one media entry.
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { AuditEntry } from '../../src-main/core/types';
import { formatDateTime } from '../format';
import { useStore } from '../store';

const EMPTY: AuditEntry[] = [];

const text = (v: unknown) => (typeof v === 'string' ? v : v === null || v === undefined ? '' : JSON.stringify(v));
const quoted = (v: unknown) => `“${text(v)}”`;
const FIELD_LABELS: Record<string, string> = {
  title: 'title',
  description: 'description',
  schedule: 'schedule',
  filePath: 'media file',
  requireAdmission: 'Require admission',
  available: 'availability',
  guestAccess: 'guest access',
};

/** O3 in words: what happened, from the action and its details. Unknown actions show their code. */
export function auditText(e: Pick<AuditEntry, 'action' | 'details'>): string {
  const d = e.details;
  const person = d.name ? `${text(d.name)} (${text(d.email)})` : text(d.email);
  switch (e.action) {
    case 'media.created':
      return `Created ${quoted(d.title)}`;
    case 'media.updated':
      return `Changed the ${Object.keys(d).map((k) => FIELD_LABELS[k] ?? k).join(', ')}`;
    case 'guest-access.enabled':
      return 'Turned guest access on';
    case 'guest-access.disabled':
      return 'Turned guest access off';
    case 'media.made-available':
      return 'Made the media available';
    case 'media.made-unavailable':
      return 'Made the media unavailable';
    case 'link.created': {
      const limits = [d.clicks ? `${text(d.clicks)} clicks` : 'unlimited clicks', d.days ? `expires after ${text(d.days)} day(s)` : 'never expires'];
      return `Created guest link ${quoted(d.name)} (${limits.join(', ')})`;
    }
    case 'link.deleted':
      return `Deleted guest link ${quoted(d.name)}`;
    case 'link.rotated':
      return `Replaced the address of guest link ${quoted(d.name)}`;
    case 'invite.created':
      return `Invited ${text(d.email)} as ${text(d.role)}`;
    case 'invite.revoked':
      return `Revoked the invite of ${text(d.email)}`;
    case 'invite.role-changed':
      return `Changed ${text(d.email)} from ${text(d.from)} to ${text(d.to)}`;
    case 'invite.lobby-changed':
      return d.skipLobby ? `${text(d.email)} now skips the lobby` : `${text(d.email)} now waits in the lobby`;
    case 'invite.email-mismatch':
      return `Refused ${text(d.given)} on the invite for ${text(d.expected)}`;
    case 'participant.knocked':
      return `${person} asked to join`;
    case 'participant.joined':
      return `${person} joined`;
    case 'participant.admitted':
      return `Admitted ${person}`;
    case 'participant.denied':
      return `Denied ${person}`;
    case 'participant.removed':
      return `Removed ${person}`;
    case 'participant.left':
      return `${person} left`;
    default:
      return e.action;
  }
}

/** "moderator (app)" stays; "guest:ada@x.co" becomes "Guest ada@x.co". */
export function actorText(actor: string): string {
  const i = actor.indexOf(':');
  if (i === -1) return actor;
  const who = actor.slice(0, i);
  return `${who.charAt(0).toUpperCase()}${who.slice(1)} ${actor.slice(i + 1)}`;
}

export function AuditTab({ mediaId }: { mediaId: number }) {
  const entries = useStore(useShallow((s) => s.audit[mediaId] ?? EMPTY));
  const loadAudit = useStore((s) => s.loadAudit);
  useEffect(() => {
    void loadAudit(mediaId);
  }, [mediaId, loadAudit]);
  // Newest first, derived.
  const rows = [...entries].sort((a, b) => b.id - a.id);
  return (
    <div>
      <h2>Audit log</h2>
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">Audit log, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What happened</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={3} className="empty">
                  Nothing recorded yet.
                </td>
              </tr>
            ) : (
              rows.map((e) => (
                <tr key={e.id}>
                  <td className="nowrap">{formatDateTime(e.at)}</td>
                  <td>{actorText(e.actor)}</td>
                  <td title={e.action}>{auditText(e)}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
