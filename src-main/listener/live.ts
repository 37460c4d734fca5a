// Live updates for open lobby and session pages (P3), routed per room.
//
// One subscription to the core's events serves every open page. A change
// goes straight to the person it concerns; what the whole room sees (how
// many people are in, the moderator's list) is coalesced to one message per
// event-loop turn and counted once per room. "Admit all" on 5,000 waiting
// guests is then 5,000 state messages and one count, not 5,000² of each.
import type { Core } from '../core';
import type { T } from './i18n';

export interface LiveStream {
  me: number;
  mediaId: number;
  /** Whether this page may get `people` pushes: asked at every push, so a demoted or revoked moderator stops at once (S5). */
  moderator: () => boolean;
  t: T;
  send: (event: string, data: unknown) => void;
  /** Whether the session this page opened with is still this person's (S5: one invite, one session). */
  stillCurrent: () => boolean;
  /** Ends the stream. */
  end: () => void;
}

interface Room {
  streams: Set<LiveStream>;
  countDue: boolean;
  peopleDue: boolean;
}

export class LiveRooms {
  private readonly rooms = new Map<number, Room>();
  private readonly byParticipant = new Map<number, Set<LiveStream>>();
  private readonly due = new Set<number>();
  private flushScheduled = false;
  private readonly offs: Array<() => void>;

  constructor(
    private readonly core: Core,
    private readonly onError?: (e: unknown) => void,
  ) {
    this.offs = [
      core.events.on('participant.changed', (e) => {
        // Whether a page is open changes nothing a guest or an invited moderator sees.
        if (e.change === 'presence') return;
        const mine = this.byParticipant.get(e.participantId);
        if (mine && e.change === 'session-moved') {
          // The person joined again elsewhere: their old pages are told so and closed.
          for (const s of [...mine]) {
            if (s.stillCurrent()) continue;
            s.send('state', { state: 'moved' });
            s.end();
          }
          return;
        }
        if (mine) {
          const p = core.participants.find(e.participantId);
          if (p) for (const s of mine) s.send('state', { state: p.state, handRaised: p.handRaised });
        }
        const room = this.rooms.get(e.mediaId);
        if (!room) return;
        room.peopleDue = true;
        if (e.change !== 'hand' && e.change !== 'waiting') room.countDue = true;
        this.schedule(e.mediaId);
      }),
      core.events.on('chat.posted', (e) => {
        const room = this.rooms.get(e.mediaId);
        if (room) for (const s of room.streams) s.send('chat', {});
      }),
    ];
  }

  /** Adds an open page; returns the function that removes it. */
  add(stream: LiveStream): () => void {
    let room = this.rooms.get(stream.mediaId);
    if (!room) {
      room = { streams: new Set(), countDue: false, peopleDue: false };
      this.rooms.set(stream.mediaId, room);
    }
    room.streams.add(stream);
    let mine = this.byParticipant.get(stream.me);
    if (!mine) {
      mine = new Set();
      this.byParticipant.set(stream.me, mine);
    }
    mine.add(stream);
    return () => {
      room.streams.delete(stream);
      if (room.streams.size === 0) this.rooms.delete(stream.mediaId);
      mine.delete(stream);
      if (mine.size === 0) this.byParticipant.delete(stream.me);
    };
  }

  /** V7: someone's live state changed (connected, sending, muted): invited moderators' lists refresh. */
  peopleChanged(mediaId: number): void {
    const room = this.rooms.get(mediaId);
    if (!room) return;
    room.peopleDue = true;
    this.schedule(mediaId);
  }

  close(): void {
    for (const off of this.offs) off();
  }

  private schedule(mediaId: number): void {
    this.due.add(mediaId);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    const due = [...this.due];
    this.due.clear();
    for (const mediaId of due) {
      const room = this.rooms.get(mediaId);
      if (!room) continue;
      try {
        const count = room.countDue ? this.core.participants.countAdmitted(mediaId) : null;
        for (const s of room.streams) {
          if (room.peopleDue && s.moderator()) s.send('people', {});
          if (count !== null) s.send('count', { text: s.t('peopleIn', { n: count }) });
        }
      } catch (e) {
        this.onError?.(e);
      } finally {
        room.countDue = false;
        room.peopleDue = false;
      }
    }
  }
}
