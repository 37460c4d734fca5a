// Participants tab (P1–P3): Waiting and In the room, both live.
import { useDeferredValue, useEffect, useId, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Participant } from '../../src-main/core/types';
import { bridge } from '../bridge';
import { IconHand } from '../components/Icons';
import { MenuButton } from '../components/Menu';
import { type Column, VirtualTable } from '../components/VirtualTable';
import { formatTime, sourceText } from '../format';
import { errorText, useT } from '../i18n';
import { useStore } from '../store';

const EMPTY: Participant[] = [];

export function ParticipantsTab({ mediaId }: { mediaId: number }) {
  const all = useStore(useShallow((s) => s.participants[mediaId] ?? EMPTY));
  const { loadParticipants, openDialog, toast } = useStore(
    useShallow((s) => ({ loadParticipants: s.loadParticipants, openDialog: s.openDialog, toast: s.toast })),
  );
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
  const searchId = useId();
  const t = useT();

  useEffect(() => {
    void loadParticipants(mediaId);
  }, [mediaId, loadParticipants]);

  // Derived, not stored.
  const waiting = useMemo(() => all.filter((p) => p.state === 'waiting'), [all]);
  const inRoom = useMemo(() => {
    const q = deferredQuery.trim().toLowerCase();
    const admitted = all.filter((p) => p.state === 'admitted');
    return q ? admitted.filter((p) => p.name.toLowerCase().includes(q) || p.email.toLowerCase().includes(q)) : admitted;
  }, [all, deferredQuery]);
  const admittedCount = useMemo(() => all.filter((p) => p.state === 'admitted').length, [all]);

  async function act(kind: 'admit' | 'deny' | 'remove', p: Participant) {
    const r = await bridge().ops[`participants.${kind}`]({ participantId: p.id });
    if (!r.ok) return toast(errorText(r.error, t), 'error');
    toast(t(kind === 'admit' ? 'participants.admitted' : kind === 'deny' ? 'participants.denied' : 'participants.removed', { name: p.name }), 'info');
    await loadParticipants(mediaId);
  }
  async function admitAll() {
    const r = await bridge().ops['participants.admitAll']({ mediaId });
    if (!r.ok) return toast(errorText(r.error, t), 'error');
    toast(t('participants.admittedCount', { count: r.value.admitted }), 'info');
    await loadParticipants(mediaId);
  }

  const waitingColumns: Column<Participant>[] = [
    { header: t('common.name'), cell: (p) => <span className="cell-strong">{p.name}</span>, className: 'grow' },
    { header: t('common.email'), cell: (p) => p.email, className: 'grow' },
    { header: t('participants.cameInBy'), cell: (p) => sourceText(p.source, t), className: 'grow' },
    { header: t('participants.knockedAt'), cell: (p) => formatTime(p.knockedAt), className: 'time' },
    {
      header: t('common.actions'),
      className: 'actions',
      cell: (p) => (
        <div className="row-actions">
          <button type="button" className="button small primary" aria-label={t('participants.admitAria', { name: p.name })} onClick={() => void act('admit', p)}>
            {t('participants.admit')}
          </button>
          <button type="button" className="button small" aria-label={t('participants.denyAria', { name: p.name })} onClick={() => void act('deny', p)}>
            {t('participants.deny')}
          </button>
        </div>
      ),
    },
  ];
  const roomColumns: Column<Participant>[] = [
    { header: t('common.name'), cell: (p) => <span className="cell-strong">{p.name}</span>, className: 'grow' },
    { header: t('common.email'), cell: (p) => p.email, className: 'grow' },
    { header: t('participants.cameInBy'), cell: (p) => sourceText(p.source, t), className: 'grow' },
    { header: t('common.role'), cell: (p) => t(`role.${p.role}`) },
    { header: t('participants.joinedAt'), cell: (p) => formatTime(p.joinedAt), className: 'time' },
    {
      header: t('participants.hand'),
      cell: (p) =>
        p.handRaised ? (
          <span className="hand" title={t('participants.handRaised')}>
            <IconHand />
            <span className="visually-hidden">{t('participants.handRaised')}</span>
          </span>
        ) : (
          <span className="visually-hidden">{t('participants.no')}</span>
        ),
      className: 'narrow',
    },
    {
      header: t('common.actions'),
      className: 'actions',
      cell: (p) => (
        <button type="button" className="button small danger-text" aria-label={t('participants.removeAria', { name: p.name })} onClick={() => void act('remove', p)}>
          {t('participants.remove')}
        </button>
      ),
    },
  ];

  return (
    <div className="participants">
      <div className="section-header">
        <h2>{t('participants.all')}</h2>
        <MenuButton
          label={t('participants.options')}
          items={[
            { label: t('action.inviteUsers'), onSelect: () => openDialog({ name: 'invite', mediaId }) },
            { label: t('action.inviteGuests'), onSelect: () => openDialog({ name: 'guest-access', mediaId }) },
          ]}
        />
      </div>

      <section aria-labelledby={`${searchId}-waiting`} className="participants-section">
        <div className="section-header">
          <h3 id={`${searchId}-waiting`}>{t('participants.waitingCount', { count: waiting.length })}</h3>
          <button type="button" className="button primary" disabled={waiting.length === 0} onClick={() => void admitAll()}>
            {t('participants.admitAll')}
          </button>
        </div>
        <VirtualTable label={t('participants.waiting')} rows={waiting} columns={waitingColumns} getKey={(p) => p.id} empty={t('participants.nobodyWaiting')} className="vtable-short" />
      </section>

      <section aria-labelledby={`${searchId}-room`} className="participants-section">
        <div className="section-header">
          <h3 id={`${searchId}-room`}>{t('participants.inRoomCount', { count: admittedCount })}</h3>
          <div className="search">
            <label htmlFor={searchId} className="visually-hidden">
              {t('participants.search')}
            </label>
            <input id={searchId} type="search" placeholder={t('participants.searchPlaceholder')} value={query} onChange={(e) => setQuery(e.target.value)} />
          </div>
        </div>
        <VirtualTable label={t('participants.inRoom')} rows={inRoom} columns={roomColumns} getKey={(p) => p.id} empty={query ? t('participants.nobodyMatches') : t('participants.nobodyIn')} />
      </section>
    </div>
  );
}
