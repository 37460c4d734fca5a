// Link activity: each link's and invite's funnel, views → submits →
// admitted / denied / left, as a small bar chart with a text alternative.
import { useEffect, useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { LinkFunnel } from '../../src-main/core/types';
import { type T, useT } from '../i18n';
import { useStore } from '../store';

const EMPTY: LinkFunnel[] = [];
const STEPS = ['views', 'submits', 'admitted', 'denied', 'left'] as const;

function funnelTitle(f: LinkFunnel, t: T): string {
  switch (f.source.kind) {
    case 'guest-link':
      return f.source.deleted ? t('activity.deletedLink', { name: f.source.linkName }) : t('source.guestLink', { name: f.source.linkName });
    case 'invite':
      return t('activity.invite', { email: f.source.email });
  }
}

function FunnelChart({ funnel }: { funnel: LinkFunnel }) {
  const captionId = useId();
  const t = useT();
  const max = Math.max(1, ...STEPS.map((k) => funnel[k]));
  const labelW = 92;
  const barW = 220;
  const rowH = 22;
  const width = labelW + barW + 48;
  // Right-to-left the chart is mirrored: labels on the right, bars growing leftwards.
  const rtl = t.dir === 'rtl';
  const x = (ltrX: number, w = 0) => (rtl ? width - ltrX - w : ltrX);
  const summary = t('activity.summary', {
    views: t('activity.views', { count: funnel.views }),
    submits: t('activity.submits', { count: funnel.submits }),
    admitted: t('activity.admitted', { count: funnel.admitted }),
    denied: t('activity.denied', { count: funnel.denied }),
    left: t('activity.left', { count: funnel.left }),
  });
  return (
    <figure className="funnel">
      <figcaption>
        <span className="cell-strong">{funnelTitle(funnel, t)}</span>
        <span id={captionId} className="muted funnel-summary">
          {summary}
          {funnel.waiting ? ` ${t('activity.waiting', { count: funnel.waiting })}` : ''}
        </span>
      </figcaption>
      <svg role="img" aria-labelledby={captionId} viewBox={`0 0 ${width} ${STEPS.length * rowH}`} className="funnel-svg">
        {STEPS.map((k, i) => {
          const v = funnel[k];
          const w = Math.max(v === 0 ? 0 : 2, (v / max) * barW);
          return (
            <g key={k} transform={`translate(0 ${i * rowH})`}>
              <text x={x(0)} y={15} className="funnel-label">
                {t(`activity.step.${k}`)}
              </text>
              <rect x={x(labelW, barW)} y={4} width={barW} height={14} rx={3} className="funnel-track" />
              <rect x={x(labelW, w)} y={4} width={w} height={14} rx={3} className={`funnel-bar funnel-${k}`} />
              <text x={x(labelW + barW + 8)} y={15} className="funnel-value">
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
  const t = useT();
  useEffect(() => {
    void loadFunnel(mediaId);
  }, [mediaId, loadFunnel]);
  return (
    <div>
      <h2>{t('tab.activity')}</h2>
      <p className="muted">{t('activity.intro')}</p>
      {!loaded ? <p>{t('common.loading')}</p> : funnels.length === 0 ? <p className="empty">{t('activity.none')}</p> : null}
      <div className="funnels">
        {funnels.map((f) => (
          <FunnelChart key={f.source.kind === 'guest-link' ? `l${f.source.linkId}` : `i${f.source.inviteId}`} funnel={f} />
        ))}
      </div>
    </div>
  );
}
