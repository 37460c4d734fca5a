// O3: the append-only audit log of one media entry.
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { AuditEntry } from '../../src-main/core/types';
import { formatDateTime } from '../format';
import { useStore } from '../store';

const EMPTY: AuditEntry[] = [];

function detailsText(d: Record<string, unknown>): string {
  return Object.entries(d)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' · ');
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
              <th scope="col">Action</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={4} className="empty">
                  Nothing recorded yet.
                </td>
              </tr>
            ) : (
              rows.map((e) => (
                <tr key={e.id}>
                  <td className="nowrap">{formatDateTime(e.at)}</td>
                  <td>{e.actor}</td>
                  <td>
                    <code>{e.action}</code>
                  </td>
                  <td className="details">{detailsText(e.details)}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
