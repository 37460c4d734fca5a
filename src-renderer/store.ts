// One zustand store built from typed slices. Components read it through
// selectors; pushed events (events.ts) reload or patch the affected slice. Derived
// values (filtered lists, counts) are computed in components, not stored.
import { create, type StateCreator } from 'zustand';
import type { AppSettings, ErrorInfo, HostStatus, ListenerStatus } from '../src-main/api/bridge';
import type { CoreSettings } from '../src-main/core/settings';
import type { MailSettings } from '../src-main/core/mailSettings';
import type {
  AuditEntry,
  GuestLink,
  Invite,
  LinkFunnel,
  Media,
  MediaKind,
  Participant,
  ParticipantCounts,
  ParticipantCursor,
  ParticipantFilter,
  ParticipantSection,
} from '../src-main/core/types';
// limits.ts, not schemas.ts: the store is in the first window, zod is not.
import { MAX_PAGE, MAX_PARTICIPANT_PAGE } from '../src-main/api/limits';
import { bridge } from './bridge';

export type View = { name: 'library' } | { name: 'media'; mediaId: number } | { name: 'settings' };
export type DialogState =
  | { name: 'guest-access'; mediaId: number }
  | { name: 'invite'; mediaId: number }
  | { name: 'share'; mediaId: number }
  | { name: 'media-editor'; mediaId: number | null }
  | null;
export type Toast = { id: number; text: string; tone: 'info' | 'success' | 'error' };

export interface LibrarySlice {
  /** The Library's rows: the first pages of the entries matching search and kind, newest first. */
  media: Media[];
  /** How many entries match search and kind. */
  mediaTotal: number;
  /** Every entry the app has seen (Library rows, opened entries), for the screens of one entry. */
  mediaById: Record<number, Media>;
  mediaLoaded: boolean;
  search: string;
  kindFilter: MediaKind | 'all';
  setSearch(search: string): void;
  setKindFilter(kind: MediaKind | 'all'): void;
  /** Reloads the Library's rows (as many as it shows, at least a page). */
  loadMedia(): Promise<void>;
  loadMoreMedia(): Promise<void>;
  loadMediaEntry(mediaId: number): Promise<void>;
  /** Takes an entry an operation just returned. */
  putMedia(media: Media): void;
}

/** Per media entry data, keyed by media id; only entries someone looked at are loaded. */
export interface EntrySlice {
  links: Record<number, GuestLink[]>;
  invites: Record<number, Invite[]>;
  funnels: Record<number, LinkFunnel[]>;
  audit: Record<number, AuditEntry[]>;
  loadLinks(mediaId: number): Promise<void>;
  loadInvites(mediaId: number): Promise<void>;
  loadFunnel(mediaId: number): Promise<void>;
  loadAudit(mediaId: number): Promise<void>;
}

/** In the room: everyone, or only raised hands, people connected now, or people whose page is closed. */
export type RoomShow = 'all' | 'hands' | 'connected' | 'page-closed';
export interface RoomFilter {
  search: string;
  show: RoomShow;
}
/**
 * The loaded part of one list: the first rows of the list in its order, up
 * to and including the row `next` points at (null: the whole list is here).
 */
export interface ParticipantList {
  rows: Participant[];
  next: ParticipantCursor | null;
  loading: boolean;
}
/** What the Participants screen of one media entry has loaded (P1): pages of Waiting and In the room, and the counts. */
export interface ParticipantView {
  waiting: ParticipantList;
  room: ParticipantList;
  counts: ParticipantCounts | null;
  /** Applies to In the room (Waiting is short-lived and always shown whole, in knock order). */
  filter: RoomFilter;
}

export interface ParticipantsSlice {
  participantViews: Record<number, ParticipantView>;
  /** The counts and the first page of each list (as many rows as were loaded, up to the largest page). */
  loadParticipants(mediaId: number): Promise<void>;
  /** The next page of one list, when the moderator scrolls near its end. */
  loadMoreParticipants(mediaId: number, section: ParticipantSection): Promise<void>;
  setRoomFilter(mediaId: number, filter: Partial<RoomFilter>): void;
  /**
   * After events: fetches only these people and the counts, and patches the
   * loaded lists (a filtered room list is read again instead). Returns the
   * people fetched.
   */
  refreshParticipants(mediaId: number, ids: readonly number[]): Promise<Participant[]>;
}

export interface SettingsSlice {
  coreSettings: CoreSettings | null;
  /** The mail server for invites (null until read, or when it can't be): configured means "Send invites" emails them. */
  mailSettings: MailSettings | null;
  loadMailSettings(): Promise<void>;
  setMailSettings(s: MailSettings): void;
  appSettings: AppSettings | null;
  listener: ListenerStatus | null;
  /** The host process, once main reported it (null: running as started, nothing to say). */
  host: HostStatus | null;
  loadSettings(): Promise<void>;
  setListener(status: ListenerStatus): void;
  setHost(status: HostStatus): void;
  setCoreSettings(s: CoreSettings): void;
  setAppSettings(s: AppSettings): void;
}

export interface UiSlice {
  view: View;
  dialog: DialogState;
  /** Where focus goes back to when a dialog closes and its opener is gone. */
  dialogOpener: HTMLElement | null;
  toasts: Toast[];
  navigate(view: View): void;
  openDialog(dialog: Exclude<DialogState, null>): void;
  closeDialog(): void;
  toast(text: string, tone?: Toast['tone']): void;
  dismissToast(id: number): void;
}

export type State = LibrarySlice & EntrySlice & ParticipantsSlice & SettingsSlice & UiSlice;
type Slice<T> = StateCreator<State, [], [], T>;

/** How an error reads to the user; i18n.ts installs the translated one (it imports this store, so not the other way round). */
let describeError: (error: ErrorInfo) => string = (error) => error.message;
export function setErrorDescriber(describe: (error: ErrorInfo) => string): void {
  describeError = describe;
}

function reportError(get: () => State, error: ErrorInfo) {
  get().toast(describeError(error), 'error');
}

export const MEDIA_PAGE = 100;
let librarySeq = 0;
let searchTimer: ReturnType<typeof setTimeout> | undefined;

function remember(byId: Record<number, Media>, list: readonly Media[]): Record<number, Media> {
  const next = { ...byId };
  for (const m of list) next[m.id] = m;
  return next;
}

const librarySlice: Slice<LibrarySlice> = (set, get) => {
  /** Fetches `limit` rows from `offset`; answers to an older search or filter are dropped. */
  async function fetchRows(offset: number, limit: number): Promise<{ rows: Media[]; total: number } | null> {
    const seq = ++librarySeq;
    const { search, kindFilter } = get();
    const filter = { ...(kindFilter === 'all' ? {} : { kind: kindFilter }), ...(search.trim() ? { search: search.trim() } : {}) };
    const b = bridge();
    const [rows, total] = await Promise.all([b.ops['media.list']({ ...filter, limit, offset }), b.ops['media.count'](filter)]);
    if (seq !== librarySeq) return null;
    if (!rows.ok) reportError(get, rows.error);
    else if (!total.ok) reportError(get, total.error);
    else return { rows: rows.value, total: total.value };
    return null;
  }
  return {
    media: [],
    mediaTotal: 0,
    mediaById: {},
    mediaLoaded: false,
    search: '',
    kindFilter: 'all',
    setSearch(search) {
      set({ search });
      clearTimeout(searchTimer);
      searchTimer = setTimeout(() => void get().loadMedia(), 150);
    },
    setKindFilter(kindFilter) {
      set({ kindFilter });
      void get().loadMedia();
    },
    async loadMedia() {
      const r = await fetchRows(0, Math.min(Math.max(MEDIA_PAGE, get().media.length), MAX_PAGE));
      if (r) set((s) => ({ media: r.rows, mediaTotal: r.total, mediaById: remember(s.mediaById, r.rows), mediaLoaded: true }));
    },
    async loadMoreMedia() {
      const shown = get().media;
      const r = await fetchRows(shown.length, MEDIA_PAGE);
      if (r) set((s) => ({ media: [...shown, ...r.rows], mediaTotal: r.total, mediaById: remember(s.mediaById, r.rows) }));
    },
    async loadMediaEntry(mediaId) {
      const r = await bridge().ops['media.get']({ mediaId });
      if (r.ok) get().putMedia(r.value);
      else reportError(get, r.error);
    },
    putMedia(media) {
      set((s) => ({ mediaById: remember(s.mediaById, [media]), media: s.media.map((m) => (m.id === media.id ? media : m)) }));
    },
  };
};

/** One page of a list; the rows the Participants screen asks for at a time. */
export const PARTICIPANT_PAGE = 50;

/** Which list a person is in, if any. */
export function sectionOf(p: Participant): ParticipantSection | null {
  return p.state === 'waiting' ? 'waiting' : p.state === 'admitted' ? 'room' : null;
}

/** A person's place in their list, as the core orders it: Waiting by knock, the room by raised hand, then open page, then ID. */
export function placeOf(section: ParticipantSection, p: Participant): ParticipantCursor {
  return { rank: section === 'room' ? (p.handRaised ? 0 : 2) + (p.pageOpen ? 0 : 1) : 0, id: p.id };
}

function comparePlaces(a: ParticipantCursor, b: ParticipantCursor): number {
  return a.rank - b.rank || a.id - b.id;
}

export function roomFilterInput(f: RoomFilter): ParticipantFilter {
  return {
    ...(f.search.trim() ? { search: f.search.trim() } : {}),
    ...(f.show === 'hands' ? { handRaised: true } : {}),
    ...(f.show === 'connected' ? { pageOpen: true } : f.show === 'page-closed' ? { pageOpen: false } : {}),
  };
}
const isFiltered = (f: RoomFilter) => f.search.trim() !== '' || f.show !== 'all';

/**
 * A loaded list after some of its people changed: `fresh` holds the current
 * rows of the `ids` that still exist. The loaded part stays "every person of
 * the list up to the `next` place": changed people leave it, and those who
 * now belong to the list and fall inside it come back in order. People
 * further down are left for the page that will bring them.
 */
export function patchList(list: ParticipantList, section: ParticipantSection, ids: readonly number[], fresh: readonly Participant[]): ParticipantList {
  const asked = new Set(ids);
  const end = list.next;
  const kept = list.rows.filter((p) => !asked.has(p.id));
  const incoming = fresh.filter((p) => sectionOf(p) === section && (!end || comparePlaces(placeOf(section, p), end) <= 0));
  if (incoming.length === 0 && kept.length === list.rows.length) return list;
  const rows = incoming.length === 0 ? kept : kept.concat(incoming).sort((a, b) => comparePlaces(placeOf(section, a), placeOf(section, b)));
  return { ...list, rows };
}

const emptyList = (): ParticipantList => ({ rows: [], next: null, loading: false });
export const EMPTY_VIEW: ParticipantView = { waiting: emptyList(), room: emptyList(), counts: null, filter: { search: '', show: 'all' } };
/** Answers to a read made before the last reload (or filter change) of the same media entry are dropped. */
const viewSeq = new Map<number, number>();
const filterTimers = new Map<number, ReturnType<typeof setTimeout>>();
type Patch = { ids: readonly number[]; fresh: readonly Participant[] };
/** Patches made while a page was on its way, per media entry: applied again to that page, which may predate them. */
const patchLogs = new Map<number, Set<Patch[]>>();

const participantsSlice: Slice<ParticipantsSlice> = (set, get) => {
  const view = (mediaId: number) => get().participantViews[mediaId] ?? EMPTY_VIEW;
  const put = (mediaId: number, change: (v: ParticipantView) => ParticipantView) =>
    set((s) => ({ participantViews: { ...s.participantViews, [mediaId]: change(s.participantViews[mediaId] ?? EMPTY_VIEW) } }));
  const filterOf = (mediaId: number, section: ParticipantSection) => (section === 'room' ? roomFilterInput(view(mediaId).filter) : {});
  async function readCounts(mediaId: number) {
    const seq = viewSeq.get(mediaId);
    const r = await bridge().ops['participants.counts']({ mediaId, ...roomFilterInput(view(mediaId).filter) });
    if (seq !== viewSeq.get(mediaId)) return;
    if (r.ok) put(mediaId, (v) => ({ ...v, counts: r.value }));
    else reportError(get, r.error);
  }
  return {
    participantViews: {},
    async loadParticipants(mediaId) {
      const seq = (viewSeq.get(mediaId) ?? 0) + 1;
      viewSeq.set(mediaId, seq);
      const v = view(mediaId);
      const size = (l: ParticipantList) => Math.min(Math.max(PARTICIPANT_PAGE, l.rows.length), MAX_PARTICIPANT_PAGE);
      const ops = bridge().ops;
      const [waiting, room, counts] = await Promise.all([
        ops['participants.page']({ mediaId, section: 'waiting', limit: size(v.waiting) }),
        ops['participants.page']({ mediaId, section: 'room', limit: size(v.room), ...filterOf(mediaId, 'room') }),
        ops['participants.counts']({ mediaId, ...roomFilterInput(v.filter) }),
      ]);
      if (seq !== viewSeq.get(mediaId)) return;
      for (const r of [waiting, room, counts]) if (!r.ok) return reportError(get, r.error);
      if (!waiting.ok || !room.ok || !counts.ok) return;
      put(mediaId, (cur) => ({
        ...cur,
        waiting: { rows: waiting.value.rows, next: waiting.value.next, loading: false },
        room: { rows: room.value.rows, next: room.value.next, loading: false },
        counts: counts.value,
      }));
    },
    async loadMoreParticipants(mediaId, section) {
      const list = view(mediaId)[section];
      if (!list.next || list.loading) return;
      const seq = viewSeq.get(mediaId);
      put(mediaId, (v) => ({ ...v, [section]: { ...v[section], loading: true } }));
      const log: Patch[] = [];
      const logs = patchLogs.get(mediaId) ?? new Set();
      patchLogs.set(mediaId, logs.add(log));
      const r = await bridge()
        .ops['participants.page']({ mediaId, section, after: list.next, limit: PARTICIPANT_PAGE, ...filterOf(mediaId, section) })
        .finally(() => logs.delete(log));
      if (seq !== viewSeq.get(mediaId)) return;
      if (!r.ok) {
        put(mediaId, (v) => ({ ...v, [section]: { ...v[section], loading: false } }));
        return reportError(get, r.error);
      }
      put(mediaId, (v) => {
        const have = new Set(v[section].rows.map((p) => p.id));
        let next: ParticipantList = { rows: v[section].rows.concat(r.value.rows.filter((p) => !have.has(p.id))), next: r.value.next, loading: false };
        // Someone on this page who changed while it travelled (admitted, left, raised a hand) is put right.
        for (const patch of log) next = patchList(next, section, patch.ids, patch.fresh);
        return { ...v, [section]: next };
      });
    },
    setRoomFilter(mediaId, filter) {
      put(mediaId, (v) => ({ ...v, filter: { ...v.filter, ...filter }, room: { ...v.room, rows: v.room.rows.slice(0, PARTICIPANT_PAGE) } }));
      clearTimeout(filterTimers.get(mediaId));
      filterTimers.set(
        mediaId,
        setTimeout(() => void get().loadParticipants(mediaId), 150),
      );
    },
    async refreshParticipants(mediaId, ids) {
      if (ids.length === 0) return [];
      const seq = viewSeq.get(mediaId);
      const [r] = await Promise.all([bridge().ops['participants.get']({ mediaId, participantIds: ids.slice(0, 1000) }), get().participantViews[mediaId] ? readCounts(mediaId) : null]);
      if (!r.ok) {
        reportError(get, r.error);
        return [];
      }
      if (!get().participantViews[mediaId] || seq !== viewSeq.get(mediaId)) return r.value;
      for (const log of patchLogs.get(mediaId) ?? []) log.push({ ids, fresh: r.value });
      if (isFiltered(view(mediaId).filter)) {
        put(mediaId, (v) => ({ ...v, waiting: patchList(v.waiting, 'waiting', ids, r.value) }));
        await get().loadParticipants(mediaId);
      } else put(mediaId, (v) => ({ ...v, waiting: patchList(v.waiting, 'waiting', ids, r.value), room: patchList(v.room, 'room', ids, r.value) }));
      return r.value;
    },
  };
};

function keyed<K extends 'links' | 'invites' | 'funnels' | 'audit'>(key: K, mediaId: number, value: State[K][number]) {
  return (s: State) => ({ [key]: { ...s[key], [mediaId]: value } }) as Partial<State>;
}

const entrySlice: Slice<EntrySlice> = (set, get) => ({
  links: {},
  invites: {},
  funnels: {},
  audit: {},
  async loadLinks(mediaId) {
    const r = await bridge().ops['links.list']({ mediaId });
    if (r.ok) set(keyed('links', mediaId, r.value));
    else reportError(get, r.error);
  },
  async loadInvites(mediaId) {
    const r = await bridge().ops['invites.list']({ mediaId });
    if (r.ok) set(keyed('invites', mediaId, r.value));
    else reportError(get, r.error);
  },
  async loadFunnel(mediaId) {
    const r = await bridge().ops['activity.funnel']({ mediaId });
    if (r.ok) set(keyed('funnels', mediaId, r.value));
    else reportError(get, r.error);
  },
  async loadAudit(mediaId) {
    const r = await bridge().ops['audit.list']({ mediaId });
    if (r.ok) set(keyed('audit', mediaId, r.value));
    else reportError(get, r.error);
  },
});

const settingsSlice: Slice<SettingsSlice> = (set, get) => ({
  coreSettings: null,
  mailSettings: null,
  async loadMailSettings() {
    // Quiet on failure: without it, the console offers links and drafts, as without a server.
    const r = await bridge().ops['mail.settings.get']({});
    set({ mailSettings: r.ok ? r.value : null });
  },
  setMailSettings: (mailSettings) => set({ mailSettings }),
  appSettings: null,
  listener: null,
  host: null,
  async loadSettings() {
    const b = bridge();
    const [core, app, listener] = await Promise.all([b.ops['settings.get']({}), b.app.getSettings(), b.listener.status()]);
    if (core.ok) set({ coreSettings: core.value });
    else reportError(get, core.error);
    set({ appSettings: app, listener });
  },
  setListener: (listener) => set({ listener }),
  setHost: (host) => set({ host }),
  setCoreSettings: (coreSettings) => set({ coreSettings }),
  setAppSettings: (appSettings) => set({ appSettings }),
});

let toastSeq = 0;
const uiSlice: Slice<UiSlice> = (set, get) => ({
  view: { name: 'library' },
  dialog: null,
  dialogOpener: null,
  toasts: [],
  navigate: (view) => set({ view, dialog: null }),
  openDialog(dialog) {
    const active = document.activeElement;
    const opener = active instanceof HTMLElement && !active.closest('[role="dialog"]') ? active : get().dialogOpener;
    set({ dialog, dialogOpener: opener });
  },
  closeDialog: () => set({ dialog: null }),
  toast(text, tone = 'info') {
    const id = ++toastSeq;
    set((s) => ({ toasts: [...s.toasts.slice(-3), { id, text, tone }] }));
    setTimeout(() => get().dismissToast(id), tone === 'error' ? 8000 : 4000);
  },
  dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
});

export const useStore = create<State>()((...a) => ({
  ...librarySlice(...a),
  ...entrySlice(...a),
  ...participantsSlice(...a),
  ...settingsSlice(...a),
  ...uiSlice(...a),
}));

const initialState = useStore.getState();

/** For tests: back to the store as it was created (every slice's own initial values). */
export function resetStore(): void {
  useStore.setState(initialState, true);
}
