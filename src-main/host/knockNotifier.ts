// Process: host (pure Node). Knock notifications for guests waiting in a
// lobby, coalesced next to the core so a knock storm sends the main process
// (which shows them and drives every window) at most one message per room
// per window.
//
// - Coalesced per room: the first knock after a quiet spell is shown at once;
//   the knocks that follow within `windowMs` (~2 s) become ONE notification
//   when the window ends ("12 people are waiting to join “Town hall”").
// - No SQL per knock: a knock only adds an ID to the room's pending set. At
//   most one notification per room per window does a lookup: one person by
//   ID when one guest waits, the media title otherwise. Nobody lists a room.
// - A guest admitted, denied or gone before the notification leaves the
//   pending set (from the same events), so they aren't counted.
// - Settings are not read here: `enabled()` is expected to be a cached value
//   (SettingsStore keeps one, updated when settings change).
// - Nothing thrown by a lookup or by `notify` escapes into the event emitter
//   or a timer: it is logged and the next window goes on.
// Everything it touches is injected, so it is unit-tested under plain Node.
import type { DomainEvents } from '../core/events';

export interface NotifierClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface KnockNotifierDeps {
  /** One person, by ID (a primary-key lookup), or undefined if gone. */
  person(participantId: number): { name: string; state: string } | undefined;
  /** The title of a media entry; may throw if it is gone. */
  mediaTitle(mediaId: number): string;
  /** Whether knock notifications are on (a cached setting, not a file read). */
  enabled(): boolean;
  /** Shows one notification (or, in the host, sends main what to show: `knock`). */
  notify(text: { title: string; body: string }, mediaId: number, knock: KnockSummary): void;
  clock?: NotifierClock;
  log?(message: string, error: unknown): void;
  /** At most one notification per room per this many ms. */
  windowMs?: number;
  /** The words, in the chosen language (nativeText.ts); English by default. Read at each notification. */
  text?(): { one(name: string | undefined, mediaTitle: string | undefined): { title: string; body: string }; many(count: number, mediaTitle: string | undefined): { title: string; body: string } };
}

export const realClock: NotifierClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/**
 * S6: a typed value (a guest's name, a media title) put into a notification's
 * sentence, isolated with FSI … PDI so its direction, or a direction-changing
 * character in it, can't reorder the sentence. Every language uses it.
 */
export const isolateTyped = (v: string): string => `\u2068${v}\u2069`;

/** The guest's name, isolated, or the words for "a guest" when there is none. */
export const guestWho = (name: string | undefined, fallback: string): string => {
  const n = name?.trim();
  return n ? isolateTyped(n) : fallback;
};

export function knockNotificationText(name: string | undefined, mediaTitle: string | undefined): { title: string; body: string } {
  const who = guestWho(name, 'A guest');
  return { title: 'A guest is waiting', body: mediaTitle ? `${who} is waiting in the lobby of “${isolateTyped(mediaTitle)}”.` : `${who} is waiting in the lobby.` };
}

/** "12 people are waiting to join “Town hall”." */
export function waitingNotificationText(count: number, mediaTitle: string | undefined): { title: string; body: string } {
  const where = mediaTitle ? ` to join “${isolateTyped(mediaTitle)}”` : '';
  return { title: 'Guests are waiting', body: `${count} people are waiting${where}.` };
}

/** What one coalesced notification is about: main words it in the chosen language (nativeText.ts). */
export interface KnockSummary {
  mediaId: number;
  mediaTitle: string | undefined;
  /** How many guests knocked in the window. */
  count: number;
  /** When exactly one guest waits: who. */
  participantId?: number;
  name?: string;
}

interface Room {
  pending: Set<number>;
  lastShown: number;
  timer: unknown;
}

export class KnockNotifier {
  private readonly rooms = new Map<number, Room>();
  private readonly clock: NotifierClock;
  private readonly windowMs: number;
  /** How many notifications were shown (for tests and the bench). */
  shown = 0;

  constructor(private readonly deps: KnockNotifierDeps) {
    this.clock = deps.clock ?? realClock;
    this.windowMs = deps.windowMs ?? 2000;
  }

  /** The `participant.changed` handler. Never throws. */
  onParticipantChanged(e: DomainEvents['participant.changed']): void {
    try {
      if (e.change !== 'waiting') {
        this.rooms.get(e.mediaId)?.pending.delete(e.participantId);
        return;
      }
      if (!this.deps.enabled()) return;
      let room = this.rooms.get(e.mediaId);
      if (!room) {
        room = { pending: new Set(), lastShown: -Infinity, timer: null };
        this.rooms.set(e.mediaId, room);
      }
      room.pending.add(e.participantId);
      if (room.timer !== null) return;
      const wait = room.lastShown + this.windowMs - this.clock.now();
      if (wait <= 0) this.flush(e.mediaId, room);
      else room.timer = this.clock.setTimeout(() => this.flush(e.mediaId, room), wait);
    } catch (err) {
      this.deps.log?.('knock notification failed', err);
    }
  }

  /** Cancels pending notifications. */
  stop(): void {
    for (const room of this.rooms.values()) if (room.timer !== null) this.clock.clearTimeout(room.timer);
    this.rooms.clear();
  }

  private flush(mediaId: number, room: Room): void {
    room.timer = null;
    const ids = [...room.pending];
    room.pending.clear();
    try {
      if (ids.length === 0 || !this.deps.enabled()) return;
      room.lastShown = this.clock.now();
      let text: { title: string; body: string };
      let knock: KnockSummary;
      if (ids.length === 1) {
        const p = this.deps.person(ids[0]!);
        if (p && p.state !== 'waiting') return;
        knock = { mediaId, mediaTitle: this.title(mediaId), count: 1, participantId: ids[0]!, ...(p ? { name: p.name } : {}) };
        text = (this.deps.text?.().one ?? knockNotificationText)(p?.name, knock.mediaTitle);
      } else {
        knock = { mediaId, mediaTitle: this.title(mediaId), count: ids.length };
        text = (this.deps.text?.().many ?? waitingNotificationText)(ids.length, knock.mediaTitle);
      }
      this.shown += 1;
      this.deps.notify(text, mediaId, knock);
    } catch (err) {
      this.deps.log?.('knock notification failed', err);
    }
  }

  private title(mediaId: number): string | undefined {
    try {
      return this.deps.mediaTitle(mediaId);
    } catch {
      return undefined; // The notification still goes out without it.
    }
  }
}
