// The media page: player / room area, then the three-dots menu and Share,
// then tabs (Participants for rooms, Invites, Link activity, Audit log).
import { type KeyboardEvent, useEffect, useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Invite, Media } from '../../src-main/core/types';
import { bridge } from '../bridge';
import { Dialog } from '../components/Dialog';
import { IconCopy, IconGuest, IconShare, IconUserPlus } from '../components/Icons';
import { MenuButton } from '../components/Menu';
import { formatSchedule, isRoomKind, KIND_LABELS } from '../format';
import { useStore } from '../store';
import { ActivityTab } from './Activity';
import { AuditTab } from './AuditLog';
import { InviteList } from './InviteUsers';
import { ParticipantsTab } from './Participants';

type Tab = 'participants' | 'invites' | 'activity' | 'audit';
const TAB_LABELS: Record<Tab, string> = { participants: 'Participants', invites: 'Invites', activity: 'Link activity', audit: 'Audit log' };
const EMPTY_INVITES: Invite[] = [];

export function MediaPage({ mediaId }: { mediaId: number }) {
  const media = useStore((s) => s.mediaById[mediaId]);
  const { openDialog, navigate, toast, loadMediaEntry } = useStore(
    useShallow((s) => ({ openDialog: s.openDialog, navigate: s.navigate, toast: s.toast, loadMediaEntry: s.loadMediaEntry })),
  );
  const [checked, setChecked] = useState(false);
  const tabs: Tab[] = media && isRoomKind(media.kind) ? ['participants', 'invites', 'activity', 'audit'] : ['invites', 'activity', 'audit'];
  const [tab, setTab] = useState<Tab>(tabs[0]!);
  const baseId = useId();

  useEffect(() => {
    if (!tabs.includes(tab)) setTab(tabs[0]!);
  }, [tabs, tab]);

  // An entry the Library hasn't paged in yet (or that changed elsewhere) is fetched once.
  useEffect(() => {
    if (media || checked) return;
    void loadMediaEntry(mediaId).finally(() => setChecked(true));
  }, [media, checked, mediaId, loadMediaEntry]);

  if (!media && !checked) {
    return (
      <main className="page" id="main">
        <p className="muted">Loading…</p>
      </main>
    );
  }

  if (!media) {
    return (
      <main className="page" id="main">
        <p>This media entry doesn’t exist any more.</p>
        <button type="button" className="button" onClick={() => navigate({ name: 'library' })}>
          Back to Library
        </button>
      </main>
    );
  }

  async function exportCsv() {
    const r = await bridge().ops['export.csv']({ mediaId });
    if (!r.ok) return toast(r.error.message, 'error');
    const saved = await bridge().files.save({ defaultName: r.value.fileName, content: r.value.csv, encoding: 'utf8' });
    if (!saved.ok) toast(saved.error.message, 'error');
    else if (saved.value) toast(`Exported to ${saved.value.path}`, 'success');
  }

  function onTabKey(e: KeyboardEvent) {
    const i = tabs.indexOf(tab);
    const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? tabs.length - 1 : null;
    if (next === null) return;
    e.preventDefault();
    const t = tabs[(next + tabs.length) % tabs.length]!;
    setTab(t);
    document.getElementById(`${baseId}-tab-${t}`)?.focus();
  }

  return (
    <main className="page" id="main">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <button type="button" className="link-button" onClick={() => navigate({ name: 'library' })}>
          Library
        </button>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">{media.title}</span>
      </nav>
      <header className="media-header">
        <div>
          <h1>{media.title}</h1>
          <p className="muted">
            <span className="badge">{KIND_LABELS[media.kind]}</span> {formatSchedule(media.schedule)}
            {!media.available ? <span className="badge badge-revoked">Unavailable</span> : null}
          </p>
        </div>
        <button type="button" className="button" onClick={() => openDialog({ name: 'media-editor', mediaId })}>
          Edit
        </button>
      </header>

      <Stage media={media} />

      <div className="media-actions">
        <MenuButton
          label="More actions"
          items={[
            { label: 'Invite users', onSelect: () => openDialog({ name: 'invite', mediaId }) },
            { label: 'Manage guest access', onSelect: () => openDialog({ name: 'guest-access', mediaId }) },
          ]}
        />
        <button type="button" className="button" onClick={() => openDialog({ name: 'share', mediaId })}>
          <IconShare /> Share
        </button>
        <span className="spacer" />
        <button type="button" className="button" onClick={() => void exportCsv()}>
          Export CSV
        </button>
      </div>

      <div role="tablist" aria-label="Media sections" className="tabs" onKeyDown={onTabKey}>
        {tabs.map((t) => (
          <button
            key={t}
            id={`${baseId}-tab-${t}`}
            type="button"
            role="tab"
            aria-selected={tab === t}
            aria-controls={`${baseId}-panel`}
            tabIndex={tab === t ? 0 : -1}
            className="tab"
            onClick={() => setTab(t)}
          >
            {TAB_LABELS[t]}
          </button>
        ))}
      </div>
      <section id={`${baseId}-panel`} role="tabpanel" aria-labelledby={`${baseId}-tab-${tab}`} className="tabpanel">
        {tab === 'participants' ? <ParticipantsTab mediaId={mediaId} /> : null}
        {tab === 'invites' ? <InvitesTab media={media} /> : null}
        {tab === 'activity' ? <ActivityTab mediaId={mediaId} /> : null}
        {tab === 'audit' ? <AuditTab mediaId={mediaId} /> : null}
      </section>
    </main>
  );
}

function Stage({ media }: { media: Media }) {
  const counts = useStore(
    useShallow((s) => {
      const list = s.participants[media.id] ?? [];
      let waiting = 0;
      let admitted = 0;
      for (const p of list) {
        if (p.state === 'waiting') waiting++;
        else if (p.state === 'admitted') admitted++;
      }
      return { waiting, admitted };
    }),
  );
  if (!isRoomKind(media.kind)) {
    return (
      <section className="stage" aria-label="Player">
        <div className="stage-inner">
          <span className="stage-play" aria-hidden="true">
            ▶
          </span>
          <p>{media.filePath ? media.filePath : 'No media file attached.'}</p>
        </div>
      </section>
    );
  }
  return (
    <section className="stage stage-room" aria-label="Room">
      <div className="stage-inner">
        <p className="stage-title">{KIND_LABELS[media.kind]} session</p>
        <p>
          {counts.admitted} in the room · {counts.waiting} waiting
        </p>
      </div>
    </section>
  );
}

function InvitesTab({ media }: { media: Media }) {
  const invites = useStore(useShallow((s) => s.invites[media.id] ?? EMPTY_INVITES));
  const { loadInvites, toast, openDialog } = useStore(useShallow((s) => ({ loadInvites: s.loadInvites, toast: s.toast, openDialog: s.openDialog })));
  useEffect(() => {
    void loadInvites(media.id);
  }, [media.id, loadInvites]);
  return (
    <div>
      <div className="section-header">
        <h2>Invites</h2>
        <button type="button" className="button primary" onClick={() => openDialog({ name: 'invite', mediaId: media.id })}>
          <IconUserPlus /> Invite users
        </button>
      </div>
      <InviteList media={media} invites={invites} toast={toast} reload={() => loadInvites(media.id)} />
    </div>
  );
}

/** Share window: copy the guest link, invite users, and at the far right the guest access icon. */
export function ShareDialog({ mediaId, onClose }: { mediaId: number; onClose(): void }) {
  const media = useStore((s) => s.mediaById[mediaId]);
  const link = useStore((s) => s.links[mediaId]?.find((l) => l.state === 'active'));
  const { loadLinks, openDialog, toast } = useStore(useShallow((s) => ({ loadLinks: s.loadLinks, openDialog: s.openDialog, toast: s.toast })));
  useEffect(() => {
    void loadLinks(mediaId);
  }, [mediaId, loadLinks]);
  if (!media) return null;
  return (
    <Dialog title="Share" description={`Share “${media.title}”.`} onClose={onClose} size="small">
      <div className="share-options">
        <button
          type="button"
          className="share-option"
          disabled={!link}
          onClick={async () => {
            if (!link) return;
            const r = await bridge().clipboard.writeText(link.url);
            toast(r.ok ? 'Link copied' : r.error.message, r.ok ? 'success' : 'error');
          }}
        >
          <IconCopy /> <span>Copy guest link</span>
        </button>
        <button type="button" className="share-option" onClick={() => openDialog({ name: 'invite', mediaId })}>
          <IconUserPlus /> <span>Invite users</span>
        </button>
        <span className="spacer" />
        <button type="button" className="icon-button share-guest" aria-label="Guest access" title="Manage guest access" onClick={() => openDialog({ name: 'guest-access', mediaId })}>
          <IconGuest />
        </button>
      </div>
      {!link ? <p className="field-hint">No active guest link. Use the guest access icon to create one.</p> : <p className="qr-url">{link.url}</p>}
    </Dialog>
  );
}
