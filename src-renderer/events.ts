// Pushed events refresh the slice they affect. Bursts (a thousand guests
// knocking at once) are coalesced into one reload per slice and media entry.
// Participants are patched: a burst fetches only the people it names and the
// counts, so a room of 10,000 isn't sent again for every knock.
import type { Participant } from '../src-main/core/types';
import { bridge } from './bridge';
import { currentT } from './i18n';
import { useStore } from './store';

const pending = new Map<string, ReturnType<typeof setTimeout>>();
function coalesce(key: string, fn: () => void, ms = 40) {
  if (pending.has(key)) return;
  pending.set(
    key,
    setTimeout(() => {
      pending.delete(key);
      fn();
    }, ms),
  );
}

function refreshActivity(mediaId: number) {
  const s = useStore.getState();
  if (s.funnels[mediaId]) coalesce(`funnel:${mediaId}`, () => void useStore.getState().loadFunnel(mediaId), 200);
  if (s.audit[mediaId]) coalesce(`audit:${mediaId}`, () => void useStore.getState().loadAudit(mediaId), 200);
}

/** Participant events are gathered this long, then one patch (the people named, and the counts) follows. */
const PARTICIPANTS_DEBOUNCE_MS = 100;
const knocks = new Map<number, Set<number>>();
const changedPeople = new Map<number, Set<number>>();
/** Past this many changed people in one burst (an "Admit all"), one reload is cheaper. */
const PATCH_MAX = 500;

function refreshParticipants(mediaId: number) {
  const ids = [...(changedPeople.get(mediaId) ?? [])];
  changedPeople.delete(mediaId);
  const s = useStore.getState();
  let fresh: Promise<Participant[]>;
  if (!s.participantViews[mediaId]) {
    // The room's lists are not open: fetch only whoever knocked, for the notice.
    const knocked = [...(knocks.get(mediaId) ?? [])].slice(0, 1000);
    fresh = knocked.length ? bridge().ops['participants.get']({ mediaId, participantIds: knocked }).then((r) => (r.ok ? r.value : [])) : Promise.resolve([]);
  } else if (ids.length > PATCH_MAX) fresh = s.loadParticipants(mediaId).then(() => []);
  else fresh = s.refreshParticipants(mediaId, ids);
  void fresh.then((people) => announceKnocks(mediaId, people));
}

/** In-app notice of knocks (the desktop notification is main's job). */
function announceKnocks(mediaId: number, people: readonly Participant[]) {
  const ids = knocks.get(mediaId);
  knocks.delete(mediaId);
  if (!ids || ids.size === 0) return;
  const s = useStore.getState();
  const t = currentT();
  const title = s.mediaById[mediaId]?.title;
  const first = people.find((p) => ids.has(p.id) && p.state === 'waiting');
  if (ids.size === 1 && first) s.toast(title ? t('knock.oneIn', { name: first.name, title }) : t('knock.one', { name: first.name }), 'info');
  else if (ids.size > 1) s.toast(title ? t('knock.manyIn', { count: ids.size, title }) : t('knock.many', { count: ids.size }), 'info');
}

export function connectEvents(): () => void {
  const b = bridge();
  const offs = [
    // A knock notification was clicked (the main process sends this): open that room.
    b.onEvent('app.openMedia', ({ mediaId }) => {
      if (Number.isInteger(mediaId) && mediaId > 0) useStore.getState().navigate({ name: 'media', mediaId });
    }),
    b.onEvent('media.changed', ({ mediaId }) => {
      coalesce('media', () => void useStore.getState().loadMedia());
      if (useStore.getState().mediaById[mediaId]) coalesce(`media:${mediaId}`, () => void useStore.getState().loadMediaEntry(mediaId));
      refreshActivity(mediaId);
    }),
    b.onEvent('link.changed', ({ mediaId }) => {
      if (useStore.getState().links[mediaId]) coalesce(`links:${mediaId}`, () => void useStore.getState().loadLinks(mediaId));
      refreshActivity(mediaId);
    }),
    b.onEvent('invite.changed', ({ mediaId }) => {
      if (useStore.getState().invites[mediaId]) coalesce(`invites:${mediaId}`, () => void useStore.getState().loadInvites(mediaId));
      refreshActivity(mediaId);
    }),
    b.onEvent('participant.changed', ({ mediaId, participantId, change }) => {
      if (change === 'waiting') {
        const set = knocks.get(mediaId) ?? new Set<number>();
        set.add(participantId);
        knocks.set(mediaId, set);
      }
      if (change === 'waiting' || useStore.getState().participantViews[mediaId]) {
        const set = changedPeople.get(mediaId) ?? new Set<number>();
        set.add(participantId);
        changedPeople.set(mediaId, set);
        coalesce(`participants:${mediaId}`, () => refreshParticipants(mediaId), PARTICIPANTS_DEBOUNCE_MS);
      }
      refreshActivity(mediaId);
    }),
    // The host process restarted (or gave up): the status bar says so. Back after a restart, the open rooms read
    // again: what changed while it was down (a guest who left, the CLI) sent no events.
    b.onEvent('host.status', (status) => {
      const s = useStore.getState();
      const was = s.host?.state;
      s.setHost(status);
      if (status.state === 'running' && was === 'restarting') {
        for (const id of Object.keys(s.participantViews)) void s.loadParticipants(Number(id));
      }
    }),
    b.onEvent('listener.status', (status) => {
      const s = useStore.getState();
      s.setListener(status);
      // The listener moved (the status bar's or the native dialog's "Use port …"):
      // main saved the new address, so Settings re-reads it; a stale port there
      // would make "Apply" move the listener back to the taken one.
      const saved = s.appSettings;
      if (saved && (saved.port !== status.port || saved.host !== status.host)) {
        void bridge()
          .app.getSettings()
          .then((fresh) => useStore.getState().setAppSettings(fresh))
          .catch(() => undefined);
      }
    }),
  ];
  return () => offs.forEach((off) => off());
}
