// Participants tab (P1–P3, P5): Waiting and In the room, both live.
// Raised hands are counted in the header and sorted first; full names and
// emails are on hover and in a details panel (a click or Enter on the name);
// Deny, Deny and block, and Remove wait a few seconds with Undo before they
// happen (block too: a wrong click in a rush of knocks is undone the same way).
import { useDeferredValue, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Participant } from '../../src-main/core/types';
import { bridge } from '../bridge';
import { Dialog } from '../components/Dialog';
import { IconHand } from '../components/Icons';
import { MenuButton } from '../components/Menu';
import { type Column, VirtualTable } from '../components/VirtualTable';
import { formatTime, sourceText } from '../format';
import { errorText, useT } from '../i18n';
import { useStore } from '../store';

const EMPTY: Participant[] = [];
/** How long Deny and Remove can be undone. */
export const UNDO_MS = 5000;

type Pending = { kind: 'deny' | 'block' | 'remove'; timer: ReturnType<typeof setTimeout> };
/** The operation each pending kind carries out. */
const PENDING_OP = { deny: 'participants.deny', block: 'participants.denyAndBlock', remove: 'participants.remove' } as const;
const PENDING_TEXT = { deny: 'participants.denying', block: 'participants.blocking', remove: 'participants.removing' } as const;
const DONE_TEXT = { deny: 'participants.denied', block: 'participants.blocked', remove: 'participants.removed' } as const;

/** Raised hands first, then people whose page is open, then the rest; each group in joining order. */
export function roomOrder(a: Participant, b: Participant): number {
  return Number(b.handRaised) - Number(a.handRaised) || Number(b.pageOpen) - Number(a.pageOpen) || a.id - b.id;
}

export function ParticipantsTab({ mediaId }: { mediaId: number }) {
  const all = useStore(useShallow((s) => s.participants[mediaId] ?? EMPTY));
  const { loadParticipants, openDialog, toast } = useStore(
    useShallow((s) => ({ loadParticipants: s.loadParticipants, openDialog: s.openDialog, toast: s.toast })),
  );
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
  const [details, setDetails] = useState<Participant | null>(null);
  const [pending, setPending] = useState<Record<number, Pending['kind']>>({});
  const timers = useRef(new Map<number, Pending>());
  const searchId = useId();
  const t = useT();

  useEffect(() => {
    void loadParticipants(mediaId);
  }, [mediaId, loadParticipants]);

  // Leaving the screen carries out what was pending: Undo was on offer, not a cancel.
  useEffect(() => {
    const map = timers.current;
    return () => {
      for (const [id, p] of map) {
        clearTimeout(p.timer);
        void bridge().ops[PENDING_OP[p.kind]]({ participantId: id });
      }
      map.clear();
    };
  }, []);

  // Derived, not stored.
  const waiting = useMemo(() => all.filter((p) => p.state === 'waiting'), [all]);
  const admitted = useMemo(() => all.filter((p) => p.state === 'admitted'), [all]);
  const hands = useMemo(() => admitted.filter((p) => p.handRaised).length, [admitted]);
  const inRoom = useMemo(() => {
    const q = deferredQuery.trim().toLowerCase();
    const found = q ? admitted.filter((p) => p.name.toLowerCase().includes(q) || p.email.toLowerCase().includes(q)) : admitted;
    return [...found].sort(roomOrder);
  }, [admitted, deferredQuery]);

  async function admit(p: Participant) {
    const r = await bridge().ops['participants.admit']({ participantId: p.id });
    if (!r.ok) {
      toast(errorText(r.error, t), 'error');
      await loadParticipants(mediaId);
      return;
    }
    toast(t('participants.admitted', { name: p.name }), 'info');
    await loadParticipants(mediaId);
  }
  async function lowerHand(p: Participant) {
    const r = await bridge().ops['participants.lowerHand']({ participantId: p.id });
    if (!r.ok) toast(errorText(r.error, t), 'error');
    await loadParticipants(mediaId);
  }
  /** Deny, Deny and block, Remove: one click, carried out after UNDO_MS unless undone. */
  function later(kind: Pending['kind'], p: Participant) {
    if (timers.current.has(p.id)) return;
    const timer = setTimeout(async () => {
      timers.current.delete(p.id);
      setPending(({ [p.id]: _, ...rest }) => rest);
      const r = await bridge().ops[PENDING_OP[kind]]({ participantId: p.id });
      if (!r.ok) toast(errorText(r.error, t), 'error');
      else toast(t(DONE_TEXT[kind], { name: p.name, email: p.email }), 'info');
      await loadParticipants(mediaId);
    }, UNDO_MS);
    timers.current.set(p.id, { kind, timer });
    setPending((x) => ({ ...x, [p.id]: kind }));
  }
  function undo(p: Participant) {
    const entry = timers.current.get(p.id);
    if (entry) clearTimeout(entry.timer);
    timers.current.delete(p.id);
    setPending(({ [p.id]: _, ...rest }) => rest);
  }
  async function admitAll() {
    const r = await bridge().ops['participants.admitAll']({ mediaId });
    if (!r.ok) return toast(errorText(r.error, t), 'error');
    toast(t('participants.admittedCount', { count: r.value.admitted }), 'info');
    if (r.value.refused) toast(t('participants.refusedCount', { count: r.value.refused }), 'error');
    await loadParticipants(mediaId);
  }

  const nameCell = (p: Participant) => (
    <button type="button" className="cell-button" title={`${p.name} <${p.email}>`} aria-label={t('participants.detailsAria', { name: p.name })} onClick={() => setDetails(p)}>
      {p.name}
    </button>
  );
  const emailCell = (p: Participant) => <span title={p.email}>{p.email}</span>;
  const undoButton = (p: Participant) => (
    <span className="pending-undo">
      <span>{t(PENDING_TEXT[pending[p.id] ?? 'deny'], { name: p.name, email: p.email })}</span>
      <button type="button" className="button small" aria-label={t('participants.undoAria', { name: p.name })} onClick={() => undo(p)}>
        {t('participants.undo')}
      </button>
    </span>
  );

  const waitingColumns: Column<Participant>[] = [
    { header: t('common.name'), cell: nameCell, className: 'grow' },
    { header: t('common.email'), cell: emailCell, className: 'grow' },
    { header: t('participants.cameInBy'), cell: (p) => sourceText(p.source, t), className: 'grow' },
    { header: t('participants.knockedAt'), cell: (p) => formatTime(p.knockedAt), className: 'time' },
    {
      header: t('common.actions'),
      className: 'actions',
      cell: (p) =>
        pending[p.id] ? (
          undoButton(p)
        ) : (
          <div className="row-actions">
            <button type="button" className="button small primary" aria-label={t('participants.admitAria', { name: p.name })} onClick={() => void admit(p)}>
              {t('participants.admit')}
            </button>
            <button type="button" className="button small" aria-label={t('participants.denyAria', { name: p.name })} onClick={() => later('deny', p)}>
              {t('participants.deny')}
            </button>
            <button type="button" className="button small danger-text" aria-label={t('participants.blockAria', { name: p.name })} onClick={() => later('block', p)}>
              {t('participants.block')}
            </button>
          </div>
        ),
    },
  ];
  const roomColumns: Column<Participant>[] = [
    { header: t('common.name'), cell: nameCell, className: 'grow' },
    { header: t('common.email'), cell: emailCell, className: 'grow' },
    { header: t('participants.cameInBy'), cell: (p) => sourceText(p.source, t), className: 'grow' },
    { header: t('common.role'), cell: (p) => t(`role.${p.role}`) },
    {
      header: t('participants.page'),
      cell: (p) => <span className={p.pageOpen ? 'presence-on' : 'presence-off'}>{t(p.pageOpen ? 'participants.connected' : 'participants.pageClosed')}</span>,
    },
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
      cell: (p) =>
        pending[p.id] ? (
          undoButton(p)
        ) : (
          <div className="row-actions">
            {p.handRaised ? (
              <button type="button" className="button small" aria-label={t('participants.lowerHandAria', { name: p.name })} onClick={() => void lowerHand(p)}>
                {t('participants.lowerHand')}
              </button>
            ) : null}
            <button type="button" className="button small danger-text" aria-label={t('participants.removeAria', { name: p.name })} onClick={() => later('remove', p)}>
              {t('participants.remove')}
            </button>
          </div>
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
          <h3 id={`${searchId}-room`}>
            {t('participants.inRoomCount', { count: admitted.length })}
            {hands > 0 ? (
              <span className="hands-count">
                <IconHand /> {t('participants.handsRaised', { count: hands })}
              </span>
            ) : null}
          </h3>
          <div className="search">
            <label htmlFor={searchId} className="visually-hidden">
              {t('participants.search')}
            </label>
            <input id={searchId} type="search" placeholder={t('participants.searchPlaceholder')} value={query} onChange={(e) => setQuery(e.target.value)} />
          </div>
        </div>
        <VirtualTable
          label={t('participants.inRoom')}
          rows={inRoom}
          columns={roomColumns}
          getKey={(p) => p.id}
          empty={query ? t('participants.nobodyMatches') : t('participants.nobodyIn')}
          className="vtable-room"
        />
      </section>
      {details ? <ParticipantDetails participant={all.find((p) => p.id === details.id) ?? details} onClose={() => setDetails(null)} /> : null}
    </div>
  );
}

/** Everything about one person, never cut: name, email, how they came in, role, times, page. */
function ParticipantDetails({ participant: p, onClose }: { participant: Participant; onClose(): void }) {
  const t = useT();
  return (
    <Dialog title={t('participants.detailsTitle')} onClose={onClose} size="small">
      <dl className="details-list">
        <dt>{t('common.name')}</dt>
        <dd>{p.name}</dd>
        <dt>{t('common.email')}</dt>
        <dd>{p.email}</dd>
        <dt>{t('participants.cameInBy')}</dt>
        <dd>{sourceText(p.source, t)}</dd>
        <dt>{t('common.role')}</dt>
        <dd>{t(`role.${p.role}`)}</dd>
        <dt>{t('participants.knockedAt')}</dt>
        <dd>{formatTime(p.knockedAt)}</dd>
        {p.joinedAt ? (
          <>
            <dt>{t('participants.joinedAt')}</dt>
            <dd>{formatTime(p.joinedAt)}</dd>
          </>
        ) : null}
        <dt>{t('participants.page')}</dt>
        <dd>{t(p.pageOpen ? 'participants.connected' : 'participants.pageClosed')}</dd>
      </dl>
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
    </Dialog>
  );
}
