// Participants tab (P1–P3, P5): Waiting and In the room, both live, both in
// view at 1280×800. Each list is read a page at a time from the core as the
// moderator scrolls the page (no box scrolls on its own), and the headers'
// numbers come from participants.counts. Waiting shows its first few people
// until "Show all"; In the room can be searched and filtered (in SQL).
// Raised hands are counted in the header and sorted first; full names and
// emails are on hover and in a details panel (a click or Enter on the name);
// Deny, Deny and block, and Remove wait a few seconds with Undo before they
// happen (block too: a wrong click in a rush of knocks is undone the same way).
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Participant } from '../../src-main/core/types';
import { bridge } from '../bridge';
import { Dialog } from '../components/Dialog';
import { IconHand } from '../components/Icons';
import { MenuButton } from '../components/Menu';
import { type Column, VirtualTable } from '../components/VirtualTable';
import { formatTime, sourceText } from '../format';
import { errorText, useT } from '../i18n';
import { EMPTY_VIEW, type RoomShow, useStore } from '../store';
import { BlockedEmailsDialog } from './BlockedEmails';
import { LiveBadges, LiveHeader, type LivePerson, useLiveRoom } from './LiveSession';

/**
 * How many waiting people show before "Show all": enough to admit from, and
 * five rows of each list fit in view together at 1024×700 (issue 22).
 */
export const WAITING_PREVIEW = 5;
/** Compact rows (the buttons are small), so both lists fit at 1280×800 and 1024×700. */
const ROW_HEIGHT = 40;
const SHOWS: readonly [RoomShow, 'participants.showEveryone' | 'participants.showHands' | 'participants.showConnected' | 'participants.showPageClosed'][] = [
  ['all', 'participants.showEveryone'],
  ['hands', 'participants.showHands'],
  ['connected', 'participants.showConnected'],
  ['page-closed', 'participants.showPageClosed'],
];
/** How long Deny and Remove can be undone. */
export const UNDO_MS = 5000;

type Pending = { kind: 'deny' | 'block' | 'remove'; timer: ReturnType<typeof setTimeout> };
/** The operation each pending kind carries out. */
const PENDING_OP = { deny: 'participants.deny', block: 'participants.denyAndBlock', remove: 'participants.remove' } as const;
const PENDING_TEXT = { deny: 'participants.denying', block: 'participants.blocking', remove: 'participants.removing' } as const;
const DONE_TEXT = { deny: 'participants.denied', block: 'participants.blocked', remove: 'participants.removed' } as const;

/** V7: who may be let speak: a raised hand from someone who may not send already (a guest or a viewer). */
const mayBeLetSpeak = (p: Participant, l: LivePerson | undefined) => p.handRaised && (p.role === 'guest' || p.role === 'viewer') && !l?.letSpeak;

/** `live`: the room has a live session (rooms, channel rooms, galleries), so In the room shows who is live (V7). */
export function ParticipantsTab({ mediaId, live: hasLive = false }: { mediaId: number; live?: boolean }) {
  const view = useStore((s) => s.participantViews[mediaId] ?? EMPTY_VIEW);
  const { loadParticipants, loadMoreParticipants, refreshParticipants, setRoomFilter, openDialog, toast } = useStore(
    useShallow((s) => ({
      loadParticipants: s.loadParticipants,
      loadMoreParticipants: s.loadMoreParticipants,
      refreshParticipants: s.refreshParticipants,
      setRoomFilter: s.setRoomFilter,
      openDialog: s.openDialog,
      toast: s.toast,
    })),
  );
  const [query, setQuery] = useState(view.filter.search);
  const [allWaiting, setAllWaiting] = useState(false);
  const [details, setDetails] = useState<Participant | null>(null);
  const [blockedOpen, setBlockedOpen] = useState(false);
  const [pending, setPending] = useState<Record<number, Pending['kind']>>({});
  const timers = useRef(new Map<number, Pending>());
  const searchId = useId();
  const t = useT();
  const live = useLiveRoom(mediaId, hasLive);

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

  const counts = view.counts;
  const waitingTotal = counts?.waiting ?? view.waiting.rows.length;
  const hands = counts?.handsRaised ?? 0;
  const preview = WAITING_PREVIEW;
  const waiting = allWaiting ? view.waiting.rows : view.waiting.rows.slice(0, preview);
  const moreWaiting = useCallback(() => void loadMoreParticipants(mediaId, 'waiting'), [mediaId, loadMoreParticipants]);
  const moreInRoom = useCallback(() => void loadMoreParticipants(mediaId, 'room'), [mediaId, loadMoreParticipants]);
  const filtered = view.filter.search.trim() !== '' || view.filter.show !== 'all';
  function search(text: string) {
    setQuery(text);
    setRoomFilter(mediaId, { search: text });
  }

  async function admit(p: Participant) {
    const r = await bridge().ops['participants.admit']({ participantId: p.id });
    if (!r.ok) {
      toast(errorText(r.error, t), 'error');
      await refreshParticipants(mediaId, [p.id]);
      return;
    }
    toast(t('participants.admitted', { name: p.name }), 'info');
    await refreshParticipants(mediaId, [p.id]);
  }
  async function lowerHand(p: Participant) {
    const r = await bridge().ops['participants.lowerHand']({ participantId: p.id });
    if (!r.ok) toast(errorText(r.error, t), 'error');
    await refreshParticipants(mediaId, [p.id]);
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
      await refreshParticipants(mediaId, [p.id]);
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
  async function letSpeak(p: Participant, allowed: boolean) {
    const r = await bridge().ops['live.letSpeak']({ participantId: p.id, allowed });
    if (!r.ok) toast(errorText(r.error, t), 'error');
    else toast(t(allowed ? 'live.letSpeakDone' : 'live.stopDone', { name: p.name }), 'info');
    await live.reload();
  }
  async function mute(p: Participant) {
    const r = await bridge().ops['live.mute']({ participantId: p.id });
    if (!r.ok) toast(errorText(r.error, t), 'error');
    else toast(t('live.muteDone', { name: p.name }), 'info');
    await live.reload();
  }
  async function admitAll() {
    const r = await bridge().ops['participants.admitAll']({ mediaId });
    if (!r.ok) return toast(errorText(r.error, t), 'error');
    toast(t('participants.admittedCount', { count: r.value.admitted }), 'info');
    if (r.value.refused) toast(t('participants.refusedCount', { count: r.value.refused }), 'error');
    await loadParticipants(mediaId);
  }

  // A cut name or email shows its whole text on hover (title) and on keyboard focus (the cell widens over its neighbours).
  const nameCell = (p: Participant) => (
    <button type="button" className="cell-button" title={`${p.name} <${p.email}>`} aria-label={t('participants.detailsAria', { name: p.name })} onClick={() => setDetails(p)}>
      {p.name}
    </button>
  );
  const emailCell = (p: Participant) => (
    <span className="cell-text" tabIndex={0} title={p.email}>
      {p.email}
    </span>
  );
  const sourceCell = (p: Participant) => {
    const text = sourceText(p.source, t);
    return (
      <span className="cell-text" title={text}>
        {text}
      </span>
    );
  };
  const undoButton = (p: Participant) => (
    <span className="pending-undo">
      <span>{t(PENDING_TEXT[pending[p.id] ?? 'deny'], { name: p.name, email: p.email })}</span>
      <button type="button" className="button small" aria-label={t('participants.undoAria', { name: p.name })} onClick={() => undo(p)}>
        {t('participants.undo')}
      </button>
    </span>
  );

  const liveActions = (p: Participant, l: LivePerson | undefined) => (
    <>
      {mayBeLetSpeak(p, l) ? (
        <button type="button" className="button small primary" aria-label={t('live.letSpeakAria', { name: p.name })} onClick={() => void letSpeak(p, true)}>
          {t('live.letSpeak')}
        </button>
      ) : null}
      {l?.letSpeak ? (
        <button type="button" className="button small" aria-label={t('live.stopAria', { name: p.name })} onClick={() => void letSpeak(p, false)}>
          {t('live.stop')}
        </button>
      ) : null}
      {l?.publishing && !l.mutedByModerator ? (
        <button type="button" className="button small" aria-label={t('live.muteAria', { name: p.name })} onClick={() => void mute(p)}>
          {t('live.mute')}
        </button>
      ) : null}
    </>
  );

  const waitingColumns: Column<Participant>[] = [
    { header: t('common.name'), cell: nameCell, className: 'name' },
    { header: t('common.email'), cell: emailCell, className: 'email' },
    { header: t('participants.cameInBy'), cell: sourceCell, className: 'source' },
    // P2: how they came in and their role, so someone using another person's email on a guest link shows.
    { header: t('common.role'), cell: (p) => t(`role.${p.role}`), className: 'role' },
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
    { header: t('common.name'), cell: nameCell, className: 'name' },
    { header: t('common.email'), cell: emailCell, className: 'email' },
    { header: t('participants.cameInBy'), cell: sourceCell, className: 'source' },
    { header: t('common.role'), cell: (p) => t(`role.${p.role}`), className: 'role' },
    {
      header: t('participants.page'),
      cell: (p) => <span className={p.pageOpen ? 'presence-on' : 'presence-off'}>{t(p.pageOpen ? 'participants.connected' : 'participants.pageClosed')}</span>,
      className: 'presence',
    },
    // Joined at right after Page: a narrow table stacks the two (styles.css).
    { header: t('participants.joinedAt'), cell: (p) => formatTime(p.joinedAt), className: 'time' },
    ...(hasLive ? [{ header: t('live.column'), cell: (p: Participant) => <LiveBadges person={live.people.get(p.id)} />, className: 'live' }] : []),
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
            {hasLive ? liveActions(p, live.people.get(p.id)) : null}
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
        {/* The live line shares the header row, so both lists keep their place in view (issue 14). */}
        {hasLive ? <LiveHeader mediaId={mediaId} live={live} /> : null}
        <MenuButton
          label={t('participants.options')}
          items={[
            { label: t('action.inviteUsers'), onSelect: () => openDialog({ name: 'invite', mediaId }) },
            { label: t('action.inviteGuests'), onSelect: () => openDialog({ name: 'guest-access', mediaId }) },
            { label: t('participants.blockedEmails'), onSelect: () => setBlockedOpen(true) },
          ]}
        />
      </div>

      <section aria-labelledby={`${searchId}-waiting`} className="participants-section">
        <div className="section-header">
          <h3 id={`${searchId}-waiting`}>{t('participants.waitingCount', { count: waitingTotal })}</h3>
          <div className="list-more">
            {waitingTotal > preview ? (
              <button type="button" className="button" aria-expanded={allWaiting} onClick={() => setAllWaiting((x) => !x)}>
                {allWaiting ? t('participants.showFewerWaiting') : t('participants.showAllWaiting', { count: waitingTotal })}
              </button>
            ) : null}
            <button type="button" className="button primary" disabled={waitingTotal === 0} onClick={() => void admitAll()}>
              {t('participants.admitAll')}
            </button>
          </div>
        </div>
        <VirtualTable
          label={t('participants.waiting')}
          className="vtable-stack"
          rows={waiting}
          rowHeight={ROW_HEIGHT}
          rowCount={allWaiting ? waitingTotal : waiting.length}
          onNearEnd={allWaiting ? moreWaiting : undefined}
          columns={waitingColumns}
          getKey={(p) => p.id}
          empty={t('participants.nobodyWaiting')}
        />
      </section>

      <section aria-labelledby={`${searchId}-room`} className="participants-section">
        <div className="section-header">
          <h3 id={`${searchId}-room`}>
            {t('participants.inRoomCount', { count: counts?.inRoom ?? view.room.rows.length })}
            {hands > 0 ? (
              <span className="hands-count">
                <IconHand /> {t('participants.handsRaised', { count: hands })}
              </span>
            ) : null}
          </h3>
          <div className="room-filters">
            <label htmlFor={`${searchId}-show`} className="visually-hidden">
              {t('participants.showFilter')}
            </label>
            <select id={`${searchId}-show`} value={view.filter.show} onChange={(e) => setRoomFilter(mediaId, { show: e.target.value as RoomShow })}>
              {SHOWS.map(([value, key]) => (
                <option key={value} value={value}>
                  {t(key)}
                </option>
              ))}
            </select>
            <div className="search">
              <label htmlFor={searchId} className="visually-hidden">
                {t('participants.search')}
              </label>
              <input id={searchId} type="search" placeholder={t('participants.searchPlaceholder')} value={query} onChange={(e) => search(e.target.value)} />
            </div>
          </div>
        </div>
        <VirtualTable
          label={t('participants.inRoom')}
          className="vtable-stack"
          rows={view.room.rows}
          rowHeight={ROW_HEIGHT}
          rowCount={counts?.inRoomMatching ?? view.room.rows.length}
          onNearEnd={moreInRoom}
          columns={roomColumns}
          getKey={(p) => p.id}
          empty={filtered ? t('participants.nobodyMatches') : t('participants.nobodyIn')}
        />
      </section>
      {blockedOpen ? <BlockedEmailsDialog mediaId={mediaId} onClose={() => setBlockedOpen(false)} /> : null}
      {details ? (
        <ParticipantDetails
          participant={view.waiting.rows.find((p) => p.id === details.id) ?? view.room.rows.find((p) => p.id === details.id) ?? details}
          onClose={() => setDetails(null)}
        />
      ) : null}
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
