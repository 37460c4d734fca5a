// A fake `window.guestlist` for jsdom, where neither Electron nor the harness
// exists. Each op answers from the in-memory fixtures below; tests override.
import type { GuestlistBridge, Ops } from '../../src-main/api/bridge';
import type {
  GuestLink,
  Invite,
  Media,
  Participant,
  ParticipantCounts,
  ParticipantCursor,
  ParticipantFilter,
  ParticipantPage,
  ParticipantSection,
} from '../../src-main/core/types';
import { act } from '@testing-library/react';
import { afterEach, beforeEach } from 'vitest';
import { languageReady } from '../../src-renderer/i18n';
import { useStore } from '../../src-renderer/store';

export function media(over: Partial<Media> = {}): Media {
  return {
    id: 1,
    kind: 'room',
    title: 'Town hall',
    description: '',
    schedule: null,
    doorsOpenMinutes: 15,
    contact: '',
    filePath: null,
    available: true,
    guestAccess: true,
    requireAdmission: true,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...over,
  };
}

export function link(id: number, over: Partial<GuestLink> = {}): GuestLink {
  return {
    id,
    mediaId: 1,
    name: `Link ${id}`,
    token: `tok${id}`,
    url: `http://127.0.0.1:4410/g/tok${id}`,
    maxUses: null,
    uses: 0,
    expiresAt: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    deletedAt: null,
    state: 'active',
    views: 0,
    submits: 0,
    ...over,
  };
}

export function participant(id: number, over: Partial<Participant> = {}): Participant {
  return {
    id,
    mediaId: 1,
    name: `Person ${id}`,
    email: `p${id}@example.com`,
    role: 'guest',
    state: 'waiting',
    source: { kind: 'guest-link', linkId: 1, linkName: 'Link 1' },
    handRaised: false,
    knockedAt: '2026-01-01T10:00:00.000Z',
    joinedAt: null,
    updatedAt: '2026-01-01T10:00:00.000Z',
    leftReason: null,
    pageOpen: false,
    ...over,
  };
}

export function invite(id: number, over: Partial<Invite> = {}): Invite {
  return {
    id,
    mediaId: 1,
    email: `i${id}@example.com`,
    displayName: null,
    nameLocked: false,
    role: 'viewer',
    token: `inv${id}`,
    url: `http://127.0.0.1:4410/i/inv${id}`,
    status: 'pending',
    skipLobby: false,
    expiresAt: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    lastJoinedAt: null,
    views: 0,
    submits: 0,
    mismatches: 0,
    lang: null,
    mail: null,
    ...over,
  };
}

type Calls = { name: string; input: unknown }[];
type PageInput = ParticipantFilter & { section: ParticipantSection; after?: ParticipantCursor; limit?: number };

/** The core's order and filter, written plainly, for the fake's participants.page and .counts. */
const sectionState = { waiting: 'waiting', room: 'admitted' } as const;
const rank = (section: ParticipantSection, p: Participant) => (section === 'room' ? (p.handRaised ? 0 : 2) + (p.pageOpen ? 0 : 1) : 0);
function matches(p: Participant, f: ParticipantFilter): boolean {
  const q = f.search?.trim().toLowerCase();
  return (
    (!q || p.name.toLowerCase().includes(q) || p.email.toLowerCase().includes(q)) &&
    (f.handRaised === undefined || p.handRaised === f.handRaised) &&
    (f.pageOpen === undefined || p.pageOpen === f.pageOpen)
  );
}
export function fakePage(people: readonly Participant[], input: PageInput): ParticipantPage {
  const { section, after, limit = 50 } = input;
  const order = (p: Participant) => [rank(section, p), p.id] as const;
  const later = (p: Participant) => !after || order(p)[0] > after.rank || (order(p)[0] === after.rank && p.id > after.id);
  const rows = people
    .filter((p) => p.state === sectionState[section] && matches(p, input) && later(p))
    .sort((a, b) => rank(section, a) - rank(section, b) || a.id - b.id);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { rows: page, next: rows.length > limit && last ? { rank: rank(section, last), id: last.id } : null };
}
export function fakeCounts(people: readonly Participant[], f: ParticipantFilter): ParticipantCounts {
  const waiting = people.filter((p) => p.state === 'waiting');
  const room = people.filter((p) => p.state === 'admitted');
  return {
    waiting: waiting.length,
    inRoom: room.length,
    connected: room.filter((p) => p.pageOpen).length,
    handsRaised: room.filter((p) => p.handRaised).length,
    waitingMatching: waiting.filter((p) => matches(p, f)).length,
    inRoomMatching: room.filter((p) => matches(p, f)).length,
  };
}

export function installFakeBridge(data: { media?: Media[]; links?: GuestLink[]; participants?: Participant[]; invites?: Invite[] } = {}, overrides: Partial<Record<keyof Ops, (input: any) => unknown>> = {}) {
  const calls: Calls = [];
  const answers: Partial<Record<keyof Ops, (input: any) => unknown>> = {
    'media.list': () => data.media ?? [media()],
    'links.list': () => data.links ?? [],
    'participants.list': () => data.participants ?? [],
    'participants.page': (input: PageInput) => fakePage(data.participants ?? [], input),
    'participants.counts': (input: ParticipantFilter) => fakeCounts(data.participants ?? [], input),
    'participants.get': (input: { participantIds: number[] }) => (data.participants ?? []).filter((p) => input.participantIds.includes(p.id)),
    'invites.list': () => data.invites ?? [],
    'settings.get': () => ({ baseUrl: 'http://127.0.0.1:4410', inviteSkipLobbyDefault: false }),
    ...overrides,
  };
  const ops = new Proxy({} as Ops, {
    get: (_t, name: string) => async (input: unknown) => {
      calls.push({ name, input });
      const answer = answers[name as keyof Ops];
      if (!answer) return { ok: false, error: { code: 'UNKNOWN_OPERATION', message: `fake bridge: no answer for ${name}` } };
      try {
        const value = await answer(input);
        if (value && typeof value === 'object' && 'ok' in value && (value as { ok: unknown }).ok === false) return value;
        return { ok: true, value };
      } catch (e) {
        return { ok: false, error: { code: 'INTERNAL', message: (e as Error).message } };
      }
    },
  });
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  /** Pushes a domain event to whatever the renderer subscribed, as main would. */
  const emit = (name: string, payload: unknown) => listeners.get(name)?.forEach((h) => h(payload));
  const bridge: GuestlistBridge = {
    ops,
    onEvent: (name, handler) => {
      const set = listeners.get(name) ?? new Set();
      set.add(handler as (payload: unknown) => void);
      listeners.set(name, set);
      return () => set.delete(handler as (payload: unknown) => void);
    },
    app: {
      getSettings: async () => ({ host: '127.0.0.1', port: 4410, linkHost: '', trustProxy: '', language: 'en', notifyOnKnock: true, logLevel: 'info' as const }),
      setSettings: async (p) => ({ ok: true, value: { host: '127.0.0.1', port: 4410, linkHost: '', trustProxy: '', language: 'en', notifyOnKnock: true, logLevel: 'info' as const, ...p } }),
      lanAddresses: async () => [{ interface: 'eth0', address: '192.168.1.20', family: 'IPv4' }],
      openLiveSession: async (url) => (calls.push({ name: 'app.openLiveSession', input: url }), { ok: true, value: null }),
    },
    listener: {
      status: async () => ({ state: 'running', host: '127.0.0.1', port: 4410, url: 'http://127.0.0.1:4410', error: null, nextFreePort: null }),
      useNextFreePort: async () => ({ ok: false, error: { code: 'LISTENER_FAILED', message: 'no' } }),
      checkReach: async () => ({ state: 'running', host: '127.0.0.1', port: 4410, url: 'http://127.0.0.1:4410', error: null, nextFreePort: null, reach: null }),
    },
    clipboard: { writeText: async (text) => (calls.push({ name: 'clipboard.writeText', input: text }), { ok: true, value: null }) },
    mail: { compose: async (input) => (calls.push({ name: 'mail.compose', input }), { ok: true, value: null }) },
    files: { save: async () => ({ ok: true, value: { path: '/tmp/x' } }) },
  };
  window.guestlist = bridge;
  return { calls, bridge, emit };
}

/** Puts one media entry in the store, as the Library would have. */
export async function withMedia(m: Media = media()): Promise<void> {
  await act(async () => {
    useStore.setState({ media: [m], mediaTotal: 1, mediaById: { [m.id]: m }, mediaLoaded: true });
  });
}

/** Settings → Language, as the desktop settings would report it. */
/** Settings → Language, then waits until the console shows it (its dictionary is loaded on demand). */
export async function setLanguage(language: string): Promise<void> {
  await act(async () => {
    useStore.setState({ appSettings: { host: '127.0.0.1', port: 4410, linkHost: '', trustProxy: '', language, notifyOnKnock: true, logLevel: 'info' as const } });
    await languageReady();
  });
}

/** jsdom has no layout: gives the virtualised tables of a describe block a viewport. */
export function withViewport(): void {
  beforeEach(() => {
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 400 });
    Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 900 });
  });
  afterEach(() => {
    delete (HTMLElement.prototype as { clientHeight?: number }).clientHeight;
    delete (HTMLElement.prototype as { clientWidth?: number }).clientWidth;
  });
}
