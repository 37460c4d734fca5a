// Link activity: each link's and invite's funnel, views → submits →
// admitted / denied / left, as a small bar chart with a text alternative.
import { useEffect, useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { LinkFunnel } from '../../src-main/core/types';
import { plural } from '../format';
import { useStore } from '../store';

const EMPTY: LinkFunnel[] = [];
const STEPS = [
  { key: 'views', label: 'Page views' },
  { key: 'submits', label: 'Submits' },
  { key: 'admitted', label: 'Admitted' },
  { key: 'denied', label: 'Denied' },
  { key: 'left', label: 'Left' },
] as const;

function funnelTitle(f: LinkFunnel): string {
  switch (f.source.kind) {
    case 'guest-link':
      return `Guest link “${f.source.linkName}”${f.source.deleted ? ' (deleted)' : ''}`;
    case 'invite':
      return `Invite: ${f.source.email}`;
  }
}

function FunnelChart({ funnel }: { funnel: LinkFunnel }) {
  const captionId = useId();
  const max = Math.max(1, ...STEPS.map((s) => funnel[s.key]));
  const labelW = 92;
  const barW = 220;
  const rowH = 22;
  const summary = `${plural(funnel.views, 'page view')}, ${plural(funnel.submits, 'submit')}, ${funnel.admitted} admitted, ${funnel.denied} denied, ${funnel.left} left.`;
  return (
    <figure className="funnel">
      <figcaption>
        <span className="cell-strong">{funnelTitle(funnel)}</span>
        <span id={captionId} className="muted funnel-summary">
          {summary}
          {funnel.waiting ? ` ${funnel.waiting} waiting.` : ''}
        </span>
      </figcaption>
      <svg role="img" aria-labelledby={captionId} viewBox={`0 0 ${labelW + barW + 48} ${STEPS.length * rowH}`} className="funnel-svg">
        {STEPS.map((s, i) => {
          const v = funnel[s.key];
          const w = Math.max(v === 0 ? 0 : 2, (v / max) * barW);
          return (
            <g key={s.key} transform={`translate(0 ${i * rowH})`}>
              <text x={0} y={15} className="funnel-label">
                {s.label}
              </text>
              <rect x={labelW} y={4} width={barW} height={14} rx={3} className="funnel-track" />
              <rect x={labelW} y={4} width={w} height={14} rx={3} className={`funnel-bar funnel-${s.key}`} />
              <text x={labelW + barW + 8} y={15} className="funnel-value">
                {v}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

export function ActivityTab({ mediaId }: { mediaId: number }) {
  const funnels = useStore(useShallow((s) => s.funnels[mediaId] ?? EMPTY));
  const loaded = useStore((s) => s.funnels[mediaId] !== undefined);
  const loadFunnel = useStore((s) => s.loadFunnel);
  useEffect(() => {
    void loadFunnel(mediaId);
  }, [mediaId, loadFunnel]);
  return (
    <div>
      <h2>Link activity</h2>
      <p className="muted">For each guest link and invite: how many opened the page, submitted the form, and what happened next.</p>
      {!loaded ? <p>Loading…</p> : funnels.length === 0 ? <p className="empty">No links or invites yet.</p> : null}
      <div className="funnels">
        {funnels.map((f) => (
          <FunnelChart key={f.source.kind === 'guest-link' ? `l${f.source.linkId}` : `i${f.source.inviteId}`} funnel={f} />
        ))}
      </div>
    </div>
  );
}
