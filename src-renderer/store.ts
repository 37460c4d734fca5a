// One zustand store built from typed slices. Components read it through
// selectors; pushed events (events.ts) reload or patch the affected slice. Derived
// values (filtered lists, counts) are computed in components, not stored.
import { create, type StateCreator } from 'zustand';
import type { AppSettings, ErrorInfo, ListenerStatus } from '../src-main/api/bridge';
import type { CoreSettings } from '../src-main/core/settings';
import type { AuditEntry, GuestLink, Invite, LinkFunnel, Media, MediaKind, Participant } from '../src-main/core/types';
import { MAX_PAGE } from '../src-main/api/schemas';
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
  participants: Record<number, Participant[]>;
  funnels: Record<number, LinkFunnel[]>;
  audit: Record<number, AuditEntry[]>;
  loadLinks(mediaId: number): Promise<void>;
  loadInvites(mediaId: number): Promise<void>;
  loadParticipants(mediaId: number): Promise<void>;
  /** Fetches only these participants and patches the loaded list (events.ts). */
  refreshParticipants(mediaId: number, ids: readonly number[]): Promise<void>;
  loadFunnel(mediaId: number): Promise<void>;
  loadAudit(mediaId: number): Promise<void>;
}

export interface SettingsSlice {
  coreSettings: CoreSettings | null;
  appSettings: AppSettings | null;
  listener: ListenerStatus | null;
  loadSettings(): Promise<void>;
  setListener(status: ListenerStatus): void;
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

export type State = LibrarySlice & EntrySlice & SettingsSlice & UiSlice;
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

const LISTED: ReadonlySet<Participant['state']> = new Set(['waiting', 'admitted']);

/**
 * The list after some of its people changed: `fresh` holds the current rows
 * of the `ids` that still exist. Changed rows are replaced in place, people
 * who are no longer waiting or in the room drop out, and newcomers are added
 * in ID order (the order participants.list returns).
 */
export function mergeParticipants(list: readonly Participant[], ids: readonly number[], fresh: readonly Participant[]): Participant[] {
  const asked = new Set(ids);
  const byId = new Map(fresh.filter((p) => LISTED.has(p.state)).map((p) => [p.id, p]));
  const out: Participant[] = [];
  for (const p of list) {
    if (!asked.has(p.id)) out.push(p);
    else if (byId.has(p.id)) {
      out.push(byId.get(p.id)!);
      byId.delete(p.id);
    }
  }
  if (byId.size === 0) return out;
  const added = [...byId.values()].sort((a, b) => a.id - b.id);
  // Newcomers almost always have the highest IDs: append, and sort only when they don't.
  const merged = out.concat(added);
  return out.length && added[0]!.id < out[out.length - 1]!.id ? merged.sort((a, b) => a.id - b.id) : merged;
}

function keyed<K extends 'links' | 'invites' | 'participants' | 'funnels' | 'audit'>(key: K, mediaId: number, value: State[K][number]) {
  return (s: State) => ({ [key]: { ...s[key], [mediaId]: value } }) as Partial<State>;
}

const entrySlice: Slice<EntrySlice> = (set, get) => ({
  links: {},
  invites: {},
  participants: {},
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
  async loadParticipants(mediaId) {
    const r = await bridge().ops['participants.list']({ mediaId });
    if (r.ok) set(keyed('participants', mediaId, r.value));
    else reportError(get, r.error);
  },
  async refreshParticipants(mediaId, ids) {
    if (ids.length === 0 || !get().participants[mediaId]) return;
    const r = await bridge().ops['participants.get']({ mediaId, participantIds: [...ids] });
    if (!r.ok) return reportError(get, r.error);
    set((s) => {
      const list = s.participants[mediaId];
      return list ? { participants: { ...s.participants, [mediaId]: mergeParticipants(list, ids, r.value) } } : {};
    });
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
  appSettings: null,
  listener: null,
  async loadSettings() {
    const b = bridge();
    const [core, app, listener] = await Promise.all([b.ops['settings.get']({}), b.app.getSettings(), b.listener.status()]);
    if (core.ok) set({ coreSettings: core.value });
    else reportError(get, core.error);
    set({ appSettings: app, listener });
  },
  setListener: (listener) => set({ listener }),
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
  ...settingsSlice(...a),
  ...uiSlice(...a),
}));

const initialState = useStore.getState();

/** For tests: back to the store as it was created (every slice's own initial values). */
export function resetStore(): void {
  useStore.setState(initialState, true);
}
