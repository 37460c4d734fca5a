// The media page: player / room area, then the three-dots menu and Share,
// then tabs (Participants for rooms, Invites, Link activity, Audit log).
import { type KeyboardEvent, lazy, Suspense, useEffect, useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Invite, Media } from '../../src-main/core/types';
import { bridge } from '../bridge';
import { Dialog } from '../components/Dialog';
import { Loading } from '../components/Loading';
import { IconCopy, IconGuest, IconShare, IconUserPlus } from '../components/Icons';
import { ReachWarning } from '../components/ReachWarning';
import { MenuButton } from '../components/Menu';
import { formatSchedule, isRoomKind } from '../format';
import { errorText, useT } from '../i18n';
import { useStore } from '../store';
import { InviteList } from './InviteUsers';

// The heavier tabs are their own chunks, loaded when first opened.
const ParticipantsTab = lazy(() => import('./Participants').then((m) => ({ default: m.ParticipantsTab })));
const ActivityTab = lazy(() => import('./Activity').then((m) => ({ default: m.ActivityTab })));
const AuditTab = lazy(() => import('./AuditLog').then((m) => ({ default: m.AuditTab })));

type Tab = 'participants' | 'invites' | 'activity' | 'audit';
const EMPTY_INVITES: Invite[] = [];

export function MediaPage({ mediaId }: { mediaId: number }) {
  const media = useStore((s) => s.mediaById[mediaId]);
  const { openDialog, navigate, toast, loadMediaEntry } = useStore(
    useShallow((s) => ({ openDialog: s.openDialog, navigate: s.navigate, toast: s.toast, loadMediaEntry: s.loadMediaEntry })),
  );
  const [checked, setChecked] = useState(false);
  // P5: wherever guests can wait (every room, and media with a lobby), the moderator can admit them.
  const tabs: Tab[] = media && hasParticipants(media) ? ['participants', 'invites', 'activity', 'audit'] : ['invites', 'activity', 'audit'];
  const [tab, setTab] = useState<Tab>(tabs[0]!);
  const baseId = useId();
  const t = useT();

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
        <p className="muted">{t('common.loading')}</p>
      </main>
    );
  }

  if (!media) {
    return (
      <main className="page" id="main">
        <p>{t('media.gone')}</p>
        <button type="button" className="button" onClick={() => navigate({ name: 'library' })}>
          {t('media.back')}
        </button>
      </main>
    );
  }

  async function exportCsv() {
    const r = await bridge().ops['export.csv']({ mediaId });
    if (!r.ok) return toast(errorText(r.error, t), 'error');
    const saved = await bridge().files.save({ defaultName: r.value.fileName, content: r.value.csv, encoding: 'utf8' });
    if (!saved.ok) toast(errorText(saved.error, t), 'error');
    else if (saved.value) toast(t('media.exported', { path: saved.value.path }), 'success');
  }

  // V7: the room page opens as the app's own moderator, camera and microphone allowed for the listener's origin only.
  async function joinLive() {
    const r = await bridge().ops['live.join']({ mediaId });
    if (!r.ok) return toast(errorText(r.error, t), 'error');
    const opened = await bridge().app.openLiveSession(r.value.url);
    if (!opened.ok) toast(errorText(opened.error, t), 'error');
  }

  function onTabKey(e: KeyboardEvent) {
    const i = tabs.indexOf(tab);
    // Right-to-left, the next tab is on the left.
    const step = t.dir === 'rtl' ? -1 : 1;
    const next = e.key === 'ArrowRight' ? i + step : e.key === 'ArrowLeft' ? i - step : e.key === 'Home' ? 0 : e.key === 'End' ? tabs.length - 1 : null;
    if (next === null) return;
    e.preventDefault();
    const to = tabs[(next + tabs.length) % tabs.length]!;
    setTab(to);
    document.getElementById(`${baseId}-tab-${to}`)?.focus();
  }

  return (
    <main className="page" id="main">
      <nav aria-label={t('media.breadcrumb')} className="breadcrumb">
        <button type="button" className="link-button" onClick={() => navigate({ name: 'library' })}>
          {t('app.library')}
        </button>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">{media.title}</span>
      </nav>
      <header className="media-header">
        <div>
          <h1>{media.title}</h1>
          <p className="muted">
            <span className="badge">{t(`kind.${media.kind}`)}</span> {formatSchedule(media.schedule, t)}
            {!media.available ? <span className="badge badge-revoked">{t('common.unavailable')}</span> : null}
          </p>
        </div>
        <button type="button" className="button" onClick={() => openDialog({ name: 'media-editor', mediaId })}>
          {t('common.edit')}
        </button>
      </header>

      <Stage media={media} />

      <div className="media-actions">
        <MenuButton
          label={t('media.moreActions')}
          items={[
            { label: t('action.inviteUsers'), onSelect: () => openDialog({ name: 'invite', mediaId }) },
            { label: t('action.manageGuestAccess'), onSelect: () => openDialog({ name: 'guest-access', mediaId }) },
          ]}
        />
        <button type="button" className="button" onClick={() => openDialog({ name: 'share', mediaId })}>
          <IconShare /> {t('action.share')}
        </button>
        {isRoomKind(media.kind) ? (
          <button type="button" className="button primary" onClick={() => void joinLive()}>
            {t('live.join')}
          </button>
        ) : null}
        <span className="spacer" />
        <button type="button" className="button" onClick={() => void exportCsv()}>
          {t('media.exportCsv')}
        </button>
      </div>

      <div role="tablist" aria-label={t('media.sections')} className="tabs" onKeyDown={onTabKey}>
        {tabs.map((tabId) => (
          <button
            key={tabId}
            id={`${baseId}-tab-${tabId}`}
            type="button"
            role="tab"
            aria-selected={tab === tabId}
            aria-controls={`${baseId}-panel`}
            tabIndex={tab === tabId ? 0 : -1}
            className="tab"
            onClick={() => setTab(tabId)}
          >
            {t(`tab.${tabId}`)}
          </button>
        ))}
      </div>
      <section id={`${baseId}-panel`} role="tabpanel" aria-labelledby={`${baseId}-tab-${tab}`} className="tabpanel">
        <Suspense fallback={<Loading />}>
          {tab === 'participants' ? <ParticipantsTab mediaId={mediaId} live={isRoomKind(media.kind)} /> : null}
          {tab === 'invites' ? <InvitesTab media={media} /> : null}
          {tab === 'activity' ? <ActivityTab mediaId={mediaId} /> : null}
          {tab === 'audit' ? <AuditTab mediaId={mediaId} /> : null}
        </Suspense>
      </section>
    </main>
  );
}

function hasParticipants(media: Media): boolean {
  return isRoomKind(media.kind) || media.requireAdmission;
}

function Stage({ media }: { media: Media }) {
  const counts = useStore(useShallow((s) => ({ waiting: s.participantViews[media.id]?.counts?.waiting ?? 0, admitted: s.participantViews[media.id]?.counts?.inRoom ?? 0 })));
  const t = useT();
  if (!isRoomKind(media.kind)) {
    // With a lobby, the player is a slim bar so Waiting and In the room stay in view.
    const lobby = media.requireAdmission;
    return (
      <section className={lobby ? 'stage stage-compact' : 'stage'} aria-label={t('stage.player')}>
        <div className="stage-inner">
          <span className="stage-play" aria-hidden="true">
            ▶
          </span>
          <p>{media.filePath ? media.filePath : t('stage.noFile')}</p>
          {lobby ? <p>{t('stage.counts', { admitted: counts.admitted, waiting: counts.waiting })}</p> : null}
        </div>
      </section>
    );
  }
  return (
    <section className="stage stage-room" aria-label={t('stage.room')}>
      <div className="stage-inner">
        <p className="stage-title">{t('stage.session', { kind: t(`kind.${media.kind}`) })}</p>
        <p>{t('stage.counts', { admitted: counts.admitted, waiting: counts.waiting })}</p>
      </div>
    </section>
  );
}

function InvitesTab({ media }: { media: Media }) {
  const invites = useStore(useShallow((s) => s.invites[media.id] ?? EMPTY_INVITES));
  const { loadInvites, toast, openDialog } = useStore(useShallow((s) => ({ loadInvites: s.loadInvites, toast: s.toast, openDialog: s.openDialog })));
  const t = useT();
  useEffect(() => {
    void loadInvites(media.id);
  }, [media.id, loadInvites]);
  return (
    <div>
      <div className="section-header">
        <h2>{t('invites.heading')}</h2>
        <button type="button" className="button primary" onClick={() => openDialog({ name: 'invite', mediaId: media.id })}>
          <IconUserPlus /> {t('action.inviteUsers')}
        </button>
      </div>
      <InviteList media={media} invites={invites} toast={toast} reload={() => loadInvites(media.id)} />
    </div>
  );
}

/**
 * Share window: copy a guest link (named, and chosen when there are several),
 * invite users, and at the far right the guest access icon. Channel rooms
 * have no guest access (M2), so they only offer Invite users.
 */
export function ShareDialog({ mediaId, onClose }: { mediaId: number; onClose(): void }) {
  const media = useStore((s) => s.mediaById[mediaId]);
  const allLinks = useStore((s) => s.links[mediaId]);
  const active = (allLinks ?? []).filter((l) => l.state === 'active');
  const [chosenId, setChosenId] = useState<number | null>(null);
  const link = active.find((l) => l.id === chosenId) ?? active[0];
  const { loadLinks, openDialog, toast } = useStore(useShallow((s) => ({ loadLinks: s.loadLinks, openDialog: s.openDialog, toast: s.toast })));
  const t = useT();
  const chooseId = useId();
  const channel = media?.kind === 'channel-room';
  useEffect(() => {
    if (!channel) void loadLinks(mediaId);
  }, [mediaId, loadLinks, channel]);
  if (!media) return null;
  return (
    <Dialog title={t('action.share')} description={t('share.description', { title: media.title })} onClose={onClose} size="small">
      {active.length > 1 ? (
        <div className="field">
          <label htmlFor={chooseId}>{t('share.chooseLink')}</label>
          <select id={chooseId} value={link?.id ?? ''} onChange={(e) => setChosenId(Number(e.target.value))}>
            {active.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div className="share-options">
        {channel ? null : (
          <button
            type="button"
            className="share-option"
            disabled={!link}
            onClick={async () => {
              if (!link) return;
              const r = await bridge().clipboard.writeText(link.url);
              toast(r.ok ? t('share.copiedNamed', { name: link.name }) : errorText(r.error, t), r.ok ? 'success' : 'error');
            }}
          >
            <IconCopy /> <span>{link ? t('share.copyNamed', { name: link.name }) : t('share.copyGuestLink')}</span>
          </button>
        )}
        <button type="button" className="share-option" onClick={() => openDialog({ name: 'invite', mediaId })}>
          <IconUserPlus /> <span>{t('action.inviteUsers')}</span>
        </button>
        <span className="spacer" />
        {channel ? null : (
          <button type="button" className="icon-button share-guest" aria-label={t('share.guestAccess')} title={t('action.manageGuestAccess')} onClick={() => openDialog({ name: 'guest-access', mediaId })}>
            <IconGuest />
          </button>
        )}
      </div>
      {channel ? <p className="field-hint">{t('share.channelRoom')}</p> : !link ? <p className="field-hint">{t('share.noLink')}</p> : <p className="qr-url">{link.url}</p>}
      {link && !channel ? <ReachWarning /> : null}
    </Dialog>
  );
}
