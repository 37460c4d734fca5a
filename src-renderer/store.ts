// One zustand store built from typed slices. Components read it through
// selectors; pushed events (events.ts) reload or patch the affected slice. Derived
// values (filtered lists, counts) are computed in components, not stored.
import { create, type StateCreator } from 'zustand';
import type { AppSettings, ListenerStatus } from '../src-main/api/bridge';
import type { CoreSettings } from '../src-main/core/settings';
import type { AuditEntry, GuestLink, Invite, LinkFunnel, Media, MediaKind, Participant } from '../src-main/core/types';
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
  media: Media[];
  mediaLoaded: boolean;
  search: string;
  kindFilter: MediaKind | 'all';
  setSearch(search: string): void;
  setKindFilter(kind: MediaKind | 'all'): void;
  loadMedia(): Promise<void>;
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

function reportError(get: () => State, message: string) {
  get().toast(message, 'error');
}

const librarySlice: Slice<LibrarySlice> = (set, get) => ({
  media: [],
  mediaLoaded: false,
  search: '',
  kindFilter: 'all',
  setSearch: (search) => set({ search }),
  setKindFilter: (kindFilter) => set({ kindFilter }),
  async loadMedia() {
    const r = await bridge().ops['media.list']({});
    if (r.ok) set({ media: r.value, mediaLoaded: true });
    else reportError(get, r.error.message);
  },
});

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
    else reportError(get, r.error.message);
  },
  async loadInvites(mediaId) {
    const r = await bridge().ops['invites.list']({ mediaId });
    if (r.ok) set(keyed('invites', mediaId, r.value));
    else reportError(get, r.error.message);
  },
  async loadParticipants(mediaId) {
    const r = await bridge().ops['participants.list']({ mediaId });
    if (r.ok) set(keyed('participants', mediaId, r.value));
    else reportError(get, r.error.message);
  },
  async refreshParticipants(mediaId, ids) {
    if (ids.length === 0 || !get().participants[mediaId]) return;
    const r = await bridge().ops['participants.get']({ mediaId, participantIds: [...ids] });
    if (!r.ok) return reportError(get, r.error.message);
    set((s) => {
      const list = s.participants[mediaId];
      return list ? { participants: { ...s.participants, [mediaId]: mergeParticipants(list, ids, r.value) } } : {};
    });
  },
  async loadFunnel(mediaId) {
    const r = await bridge().ops['activity.funnel']({ mediaId });
    if (r.ok) set(keyed('funnels', mediaId, r.value));
    else reportError(get, r.error.message);
  },
  async loadAudit(mediaId) {
    const r = await bridge().ops['audit.list']({ mediaId });
    if (r.ok) set(keyed('audit', mediaId, r.value));
    else reportError(get, r.error.message);
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
    else reportError(get, core.error.message);
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

/** For tests: back to a clean store. */
export function resetStore(): void {
  useStore.setState({
    media: [],
    mediaLoaded: false,
    search: '',
    kindFilter: 'all',
    links: {},
    invites: {},
    participants: {},
    funnels: {},
    audit: {},
    coreSettings: null,
    appSettings: null,
    listener: null,
    view: { name: 'library' },
    dialog: null,
    dialogOpener: null,
    toasts: [],
  });
}
