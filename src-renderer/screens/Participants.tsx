// Participants tab (P1–P3): Waiting and In the room, both live.
import { useDeferredValue, useEffect, useId, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Participant, ParticipantRole } from '../../src-main/core/types';
import { bridge } from '../bridge';
import { IconHand } from '../components/Icons';
import { MenuButton } from '../components/Menu';
import { type Column, VirtualTable } from '../components/VirtualTable';
import { formatTime, sourceText } from '../format';
import { useStore } from '../store';

const EMPTY: Participant[] = [];
const ROLE_LABELS: Record<ParticipantRole, string> = { guest: 'Guest', viewer: 'Viewer', speaker: 'Speaker', moderator: 'Moderator' };

export function ParticipantsTab({ mediaId }: { mediaId: number }) {
  const all = useStore(useShallow((s) => s.participants[mediaId] ?? EMPTY));
  const { loadParticipants, openDialog, toast } = useStore(
    useShallow((s) => ({ loadParticipants: s.loadParticipants, openDialog: s.openDialog, toast: s.toast })),
  );
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
  const searchId = useId();

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
    if (!r.ok) return toast(r.error.message, 'error');
    const done = kind === 'admit' ? 'admitted' : kind === 'deny' ? 'denied' : 'removed';
    toast(`${p.name} ${done}.`, 'info');
    await loadParticipants(mediaId);
  }
  async function admitAll() {
    const r = await bridge().ops['participants.admitAll']({ mediaId });
    if (!r.ok) return toast(r.error.message, 'error');
    toast(`${r.value.admitted} admitted.`, 'info');
    await loadParticipants(mediaId);
  }

  const waitingColumns: Column<Participant>[] = [
    { header: 'Name', cell: (p) => <span className="cell-strong">{p.name}</span>, className: 'grow' },
    { header: 'Email', cell: (p) => p.email, className: 'grow' },
    { header: 'Came in by', cell: (p) => sourceText(p.source), className: 'grow' },
    { header: 'Knocked at', cell: (p) => formatTime(p.knockedAt) },
    {
      header: 'Actions',
      className: 'actions',
      cell: (p) => (
        <div className="row-actions">
          <button type="button" className="button small primary" aria-label={`Admit ${p.name}`} onClick={() => void act('admit', p)}>
            Admit
          </button>
          <button type="button" className="button small" aria-label={`Deny ${p.name}`} onClick={() => void act('deny', p)}>
            Deny
          </button>
        </div>
      ),
    },
  ];
  const roomColumns: Column<Participant>[] = [
    { header: 'Name', cell: (p) => <span className="cell-strong">{p.name}</span>, className: 'grow' },
    { header: 'Email', cell: (p) => p.email, className: 'grow' },
    { header: 'Came in by', cell: (p) => sourceText(p.source), className: 'grow' },
    { header: 'Role', cell: (p) => ROLE_LABELS[p.role] },
    { header: 'Joined at', cell: (p) => formatTime(p.joinedAt) },
    {
      header: 'Hand',
      cell: (p) =>
        p.handRaised ? (
          <span className="hand" title="Hand raised">
            <IconHand />
            <span className="visually-hidden">Hand raised</span>
          </span>
        ) : (
          <span className="visually-hidden">No</span>
        ),
      className: 'narrow',
    },
    {
      header: 'Actions',
      className: 'actions',
      cell: (p) => (
        <button type="button" className="button small danger-text" aria-label={`Remove ${p.name}`} onClick={() => void act('remove', p)}>
          Remove
        </button>
      ),
    },
  ];

  return (
    <div className="participants">
      <div className="section-header">
        <h2>All participants</h2>
        <MenuButton
          label="All participants options"
          items={[
            { label: 'Invite users', onSelect: () => openDialog({ name: 'invite', mediaId }) },
            { label: 'Invite guests', onSelect: () => openDialog({ name: 'guest-access', mediaId }) },
          ]}
        />
      </div>

      <section aria-labelledby={`${searchId}-waiting`} className="participants-section">
        <div className="section-header">
          <h3 id={`${searchId}-waiting`}>Waiting ({waiting.length})</h3>
          <button type="button" className="button primary" disabled={waiting.length === 0} onClick={() => void admitAll()}>
            Admit all
          </button>
        </div>
        <VirtualTable label="Waiting" rows={waiting} columns={waitingColumns} getKey={(p) => p.id} empty="Nobody is waiting." className="vtable-short" />
      </section>

      <section aria-labelledby={`${searchId}-room`} className="participants-section">
        <div className="section-header">
          <h3 id={`${searchId}-room`}>In the room ({admittedCount})</h3>
          <div className="search">
            <label htmlFor={searchId} className="visually-hidden">
              Search participants
            </label>
            <input id={searchId} type="search" placeholder="Search by name or email" value={query} onChange={(e) => setQuery(e.target.value)} />
          </div>
        </div>
        <VirtualTable label="In the room" rows={inRoom} columns={roomColumns} getKey={(p) => p.id} empty={query ? 'Nobody matches.' : 'Nobody is in the room yet.'} />
      </section>
    </div>
  );
}
