// The live session's signaling relay (V2, V3, V4). Browsers speak a small
// protocol of ours over the listener's WebSocket; the relay checks every
// message against the person's current standing (policy.ts), then asks the
// engine. The server, never the browser, chooses the room, the feed ID and
// the display name. Nothing a browser sends is forwarded to the engine as is.
import { z } from 'zod';
import type { Core } from '../core';
import type { LiveChange } from '../core/events';
import type { Participant } from '../core/types';
import type { EnginePeer, EngineStatus, LiveEngine } from './engine';
import { type LivePerson, writeLiveStatus } from './status';

export type { LivePerson };
import { decide, type LiveRequest, type LiveStanding, liveStanding } from './policy';
import { PAGE_TURN_TTL_SECONDS, turnCredentials } from './turn';

/** What the listener hands over for each accepted socket. */
export interface LiveSocket {
  send(msg: unknown): void;
  /** Ends the socket. Codes 4000+ tell the page not to reconnect. */
  close(code: number, reason: string): void;
}

export interface LiveJoin {
  participantId: number;
  mediaId: number;
  /** Whether the session cookie this socket opened with is still this person's (S5). */
  sessionCurrent(): boolean;
}

/** Close codes the page understands. 1012: the engine restarted, come back. */
export const LIVE_CLOSE = { ended: 4000, moved: 4001, notAllowed: 4003, rate: 4008, unavailable: 1013, restart: 1012 } as const;

const sdp = z.string().min(1).max(60_000);
const candidate = z.union([
  z
    .object({ candidate: z.string().max(2000), sdpMid: z.string().max(64).nullish(), sdpMLineIndex: z.number().int().min(0).max(64).nullish(), usernameFragment: z.string().max(256).nullish() })
    .strict(),
  z.object({ completed: z.literal(true) }).strict(),
]);
const id = z.number().int().min(0).max(2 ** 31);
export const ClientMessage = z.discriminatedUnion('t', [
  z.object({ t: z.literal('publish'), id, jsep: z.object({ type: z.literal('offer'), sdp }).strict(), audio: z.boolean(), video: z.boolean() }).strict(),
  z.object({ t: z.literal('unpublish'), id }).strict(),
  z.object({ t: z.literal('subscribe'), id, feed: z.number().int().min(1) }).strict(),
  z.object({ t: z.literal('start'), id, sub: z.number().int().min(1), jsep: z.object({ type: z.literal('answer'), sdp }).strict() }).strict(),
  z.object({ t: z.literal('unsubscribe'), id, sub: z.number().int().min(1) }).strict(),
  z.object({ t: z.literal('trickle'), id, target: z.union([z.literal('publisher'), z.number().int().min(1)]), candidate }).strict(),
  z.object({ t: z.literal('media'), id, audio: z.boolean(), video: z.boolean() }).strict(),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

export interface Feed {
  feed: number;
  name: string;
  audio: boolean;
  video: boolean;
  /** Muted for everyone by a moderator (on the server). */
  mutedByModerator: boolean;
}

/** Why a page lost a power or the room (the page words it in the guest's language). */
export type LiveReason = 'removed' | 'denied' | 'left' | 'moved' | 'revoked' | 'role-lowered' | 'permission-withdrawn' | 'session-ended' | 'engine-unavailable';

interface Conn {
  sock: LiveSocket;
  join: LiveJoin;
  peer: EnginePeer | null;
  peerReady: Promise<EnginePeer | null>;
  standing: LiveStanding;
  /** Whether this person may send only because a moderator let them speak (not by role). */
  sentByPermission: boolean;
  publishing: { audio: boolean; video: boolean; mids: { audio: string[]; video: string[] } } | null;
  /** Messages are handled one after another, so a candidate never overtakes the offer it belongs to. */
  queue: Promise<void>;
  tokens: number;
  lastRefill: number;
  strikes: number;
  closed: boolean;
}

interface Room {
  conns: Map<number, Conn>;
  feeds: Map<number, Feed>;
}


const RATE = { burst: 60, perSecond: 20, strikes: 20 };

export class LiveRelay {
  private readonly rooms = new Map<number, Room>();
  private readonly offs: Array<() => void> = [];

  constructor(
    private readonly core: Core,
    readonly engine: LiveEngine,
    private readonly log: (m: string, e?: unknown) => void = () => {},
    private readonly statusFile = true,
    /** V7: called when someone's live state changes (the invited moderators' lists refresh, the app hears). */
    private readonly onPeople: (mediaId: number) => void = () => {},
  ) {
    this.offs.push(
      core.events.on('participant.changed', (e) => {
        if (e.change === 'presence') return;
        // V2: "let speak" ends when the person leaves the room.
        if (e.state !== 'admitted' && this.rooms.get(e.mediaId)?.conns.has(e.participantId) && core.live.maySpeak(e.participantId)) {
          try {
            core.live.forget(e.participantId);
          } catch (err) {
            this.log('forgetting a permission to speak failed', err);
          }
        }
        this.recheck(e.mediaId, e.participantId);
      }),
      core.events.on('invite.changed', (e) => this.recheck(e.mediaId)),
      core.events.on('live.changed', (e) => void this.onLiveChanged(e.mediaId, e.participantId, e.change).catch((err) => this.log('a live action failed', err))),
      core.events.on('media.changed', (e) => this.recheck(e.mediaId)),
      engine.onStatus((s) => {
        this.broadcastAll({ t: 'engine', state: s.state, reason: s.reason });
        this.statusChanged();
      }),
    );
    // The app and the CLI know the engine's state from the start, not only once someone joins.
    this.statusChanged();
  }

  private statusTimer: NodeJS.Timeout | null = null;
  private readonly changedRooms = new Set<number>();
  /** V7: live.json and the moderators' lists follow the numbers (coalesced to one write per 100 ms). */
  private statusChanged(mediaId?: number) {
    if (mediaId !== undefined) this.changedRooms.add(mediaId);
    if (this.statusTimer) return;
    this.statusTimer = setTimeout(() => {
      this.statusTimer = null;
      const rooms = [...this.changedRooms];
      this.changedRooms.clear();
      // The file first: whoever hears of the change reads it next.
      if (this.statusFile) {
        try {
          writeLiveStatus(this.core.dataDir, {
            engine: this.engine.status(),
            rooms: [...this.rooms.keys()].map((id) => ({ mediaId: id, ...this.counts(id), people: this.people(id) })),
          });
        } catch (e) {
          this.log('writing live.json failed', e);
        }
      }
      for (const id of rooms) {
        try {
          this.onPeople(id);
        } catch (e) {
          this.log('a live people listener failed', e);
        }
      }
    }, 100);
    this.statusTimer.unref?.();
  }

  /** V7: who is live in a room: connected, sending, muted, let speak. */
  people(mediaId: number): LivePerson[] {
    const room = this.rooms.get(mediaId);
    if (!room) return [];
    const speakers = new Set(this.core.live.speakers(mediaId));
    const ids = new Set([...room.conns.keys(), ...speakers]);
    return [...ids].map((id) => this.liveState(mediaId, id, speakers.has(id)));
  }

  /** One person's live state (not connected: all off). */
  person(mediaId: number, participantId: number): LivePerson {
    return this.liveState(mediaId, participantId, this.core.live.maySpeak(participantId));
  }

  /** Live states for a whole people list: who may speak is read once for the room, not once per person. */
  personLookup(mediaId: number): (participantId: number) => LivePerson {
    const speakers = new Set(this.core.live.speakers(mediaId));
    return (participantId) => this.liveState(mediaId, participantId, speakers.has(participantId));
  }

  private liveState(mediaId: number, participantId: number, letSpeak: boolean): LivePerson {
    const room = this.rooms.get(mediaId);
    const f = room?.feeds.get(participantId);
    return {
      participantId,
      connected: !!room?.conns.has(participantId),
      audio: !!f?.audio,
      video: !!f?.video,
      publishing: !!f,
      mutedByModerator: !!f?.mutedByModerator,
      letSpeak,
    };
  }

  /**
   * V6: the STUN and TURN servers the settings name, for the pages' own connections too.
   * TURN gets credentials made for this page, valid 12 hours; the shared secret stays here.
   */
  private iceServers(): Array<{ urls: string; username?: string; credential?: string }> {
    const s = this.core.liveSettings.get();
    const servers: Array<{ urls: string; username?: string; credential?: string }> = s.stunServer ? [{ urls: `stun:${s.stunServer}` }] : [];
    const secret = s.turnServer ? this.core.liveSettings.secrets().turnSecret : '';
    if (s.turnServer && secret) servers.push({ urls: s.turnServer, ...turnCredentials(secret, { ttlSeconds: PAGE_TURN_TTL_SECONDS, name: 'guestlist' }) });
    return servers;
  }

  /** A moderator's live action, from any process (live.changed). */
  private async onLiveChanged(mediaId: number, participantId: number | null, change: LiveChange) {
    const room = this.rooms.get(mediaId);
    switch (change) {
      case 'let-speak':
      case 'stop-speak':
        if (participantId !== null) this.recheck(mediaId, participantId);
        this.statusChanged(mediaId);
        return;
      case 'mute':
        if (participantId !== null) await this.muteOne(mediaId, participantId, true);
        return;
      case 'mute-all':
        if (!room) return;
        for (const c of [...room.conns.values()]) {
          const p = this.core.participants.find(c.join.participantId);
          // Everyone but the moderators (who run the session).
          if (p && !(p.source.kind === 'invite' && p.role === 'moderator')) await this.muteOne(mediaId, c.join.participantId, true);
        }
        return;
      case 'end': {
        if (room) for (const c of [...room.conns.values()]) await this.drop(c, { t: 'ended', reason: 'session-ended' satisfies LiveReason }, LIVE_CLOSE.ended);
        this.rooms.delete(mediaId);
        await this.engine.destroyRoom(mediaId);
        this.statusChanged(mediaId);
        return;
      }
      default: {
        const never: never = change;
        return never;
      }
    }
  }

  /** Server-side mute (the engine drops the media; the browser is not asked), or unmute. */
  private async muteOne(mediaId: number, participantId: number, muted: boolean) {
    const room = this.rooms.get(mediaId);
    const c = room?.conns.get(participantId);
    const f = room?.feeds.get(participantId);
    if (!room || !c || !f || !c.publishing || f.mutedByModerator === muted) return;
    await this.engine.mute(mediaId, participantId, [...c.publishing.mids.audio, ...c.publishing.mids.video], muted);
    f.mutedByModerator = muted;
    this.broadcastFeeds(mediaId);
  }

  status(): EngineStatus {
    return this.engine.status();
  }

  private room(mediaId: number): Room {
    let r = this.rooms.get(mediaId);
    if (!r) this.rooms.set(mediaId, (r = { conns: new Map(), feeds: new Map() }));
    return r;
  }

  private standingOf(join: LiveJoin): { standing: LiveStanding; p: Participant | null } {
    const p = this.core.participants.find(join.participantId) ?? null;
    const inviteGood = !!p && !this.core.access.sessionDenial(p);
    const letSpeak = this.core.live.maySpeak(join.participantId);
    return { p, standing: liveStanding(p, { sessionCurrent: join.sessionCurrent(), inviteGood, letSpeak }) };
  }

  /** Why someone can no longer be in the room, or send, for the page to say. */
  private reasonFor(c: Conn, p: Participant | null, lostRoom: boolean): LiveReason {
    if (!p) return 'left';
    if (lostRoom) {
      if (!c.join.sessionCurrent()) return 'moved';
      if (p.state === 'removed') return 'removed';
      if (p.state === 'denied') return 'denied';
      return 'left';
    }
    if (this.core.access.sessionDenial(p)) return 'revoked';
    // Someone let speak who loses it was stopped; an invitee who had it by role had their role lowered.
    if (c.sentByPermission) return 'permission-withdrawn';
    if (p.source.kind === 'invite' && p.role !== 'speaker' && p.role !== 'moderator') return 'role-lowered';
    return 'permission-withdrawn';
  }

  /** Opens one person's live socket. One person, one live socket (S5): an older one is closed. */
  attach(sock: LiveSocket, join: LiveJoin): { onMessage(raw: string): void; onClose(): void } {
    const room = this.room(join.mediaId);
    const { standing, p } = this.standingOf(join);
    const c: Conn = { sock, join, peer: null, peerReady: Promise.resolve(null), standing, sentByPermission: false, publishing: null, queue: Promise.resolve(), tokens: RATE.burst, lastRefill: Date.now(), strikes: 0, closed: false };
    if (!standing.inRoom || !p) {
      sock.send({ t: 'ended', reason: 'left' satisfies LiveReason });
      sock.close(LIVE_CLOSE.ended, 'not in the room');
      c.closed = true;
      return { onMessage() {}, onClose() {} };
    }
    const old = room.conns.get(join.participantId);
    const oldGone = old ? this.drop(old, { t: 'ended', reason: 'moved' }, LIVE_CLOSE.moved) : Promise.resolve();
    room.conns.set(join.participantId, c);
    this.statusChanged(join.mediaId);
    c.peerReady = oldGone
      .then(() => this.engine.openPeer(join.mediaId, { feedId: p.id, display: p.name }))
      .then(
        (peer) => {
          if (c.closed) {
            void peer.close();
            return null;
          }
          c.peer = peer;
          peer.onEvent((e) => {
            if (e.type === 'engine-lost') {
              c.peer = null;
              void this.drop(c, { t: 'engine', state: 'restarting', reason: null }, LIVE_CLOSE.restart);
            } else if (e.type === 'sub-ended') sock.send({ t: 'sub-ended', sub: e.sub });
            else if (e.type === 'pub-ended') this.unpublished(c, 'permission-withdrawn', false);
            else if (e.type === 'pub-up' && c.publishing) {
              // Listed once its media flows: Janus refuses a subscription to a feed that isn't up yet.
              room.feeds.set(join.participantId, { feed: join.participantId, name: p.name, audio: c.publishing.audio, video: c.publishing.video, mutedByModerator: false });
              this.broadcastFeeds(join.mediaId);
            }
          });
          sock.send({ t: 'hello', me: { feed: p.id, name: p.name }, maySend: c.standing.maySend, feeds: [...room.feeds.values()], engine: this.engine.status(), iceServers: this.iceServers() });
          return peer;
        },
        (e: unknown) => {
          const status = this.engine.status();
          sock.send({ t: 'engine', state: 'unavailable', reason: status.reason ?? (e instanceof Error ? e.message : String(e)) });
          void this.drop(c, null, LIVE_CLOSE.unavailable);
          return null;
        },
      );
    return {
      onMessage: (raw) => {
        c.queue = c.queue.then(() => this.onMessage(c, raw)).catch((e) => this.log('a live message failed', e));
      },
      onClose: () => {
        void this.drop(c, null, 1000);
      },
    };
  }

  private refused(c: Conn, msgId: number | null, code: string, message: string) {
    c.sock.send({ t: 'error', id: msgId, code, message });
  }

  private async onMessage(c: Conn, raw: string) {
    if (c.closed) return;
    // Rate: a token bucket per socket; a socket that keeps flooding is closed.
    const now = Date.now();
    c.tokens = Math.min(RATE.burst, c.tokens + ((now - c.lastRefill) / 1000) * RATE.perSecond);
    c.lastRefill = now;
    if (c.tokens < 1) {
      if (++c.strikes >= RATE.strikes) return void this.drop(c, { t: 'error', id: null, code: 'LIVE_RATE', message: 'Too many live messages; reload the page.' }, LIVE_CLOSE.rate);
      return this.refused(c, null, 'LIVE_RATE', 'Too many live messages at once; slow down.');
    }
    c.tokens -= 1;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return this.refused(c, null, 'LIVE_BAD_MESSAGE', 'That message is not JSON.');
    }
    const parsed = ClientMessage.safeParse(json);
    const msgId = typeof (json as { id?: unknown })?.id === 'number' ? (json as { id: number }).id : null;
    if (!parsed.success) return this.refused(c, msgId, 'LIVE_UNKNOWN_REQUEST', 'The live session does not understand that request.');
    const m = parsed.data;
    // S5: standing now, not at connect.
    const { standing, p } = this.standingOf(c.join);
    this.applyStanding(c, standing, p);
    if (c.closed) return;
    const verdict = decide(standing, m.t as LiveRequest);
    if (!verdict.ok) return this.refused(c, m.id, verdict.code, verdict.message);
    const peer = await c.peerReady;
    if (!peer || c.closed) return this.refused(c, m.id, 'LIVE_UNAVAILABLE', 'Live audio and video are not available right now.');
    const room = this.room(c.join.mediaId);
    try {
      switch (m.t) {
        case 'publish': {
          const r = await peer.publish(m.jsep, { audio: m.audio, video: m.video });
          // Standing may have changed while the engine answered.
          if (!this.standingOf(c.join).standing.maySend) {
            await peer.unpublish();
            return this.refused(c, m.id, 'LIVE_NOT_ALLOWED', 'Your role in this room does not allow that.');
          }
          c.publishing = { audio: m.audio, video: m.video, mids: r.mids };
          return c.sock.send({ t: 'reply', id: m.id, jsep: r.answer });
        }
        case 'unpublish':
          await peer.unpublish();
          this.unpublished(c, null, true);
          return c.sock.send({ t: 'reply', id: m.id });
        case 'subscribe': {
          if (!room.feeds.has(m.feed) || m.feed === c.join.participantId) return this.refused(c, m.id, 'LIVE_NO_FEED', 'That person is not sending audio or video.');
          const r = await peer.subscribe(m.feed);
          return c.sock.send({ t: 'reply', id: m.id, sub: r.sub, jsep: r.offer });
        }
        case 'start':
          await peer.start(m.sub, m.jsep);
          return c.sock.send({ t: 'reply', id: m.id });
        case 'unsubscribe':
          await peer.unsubscribe(m.sub);
          return c.sock.send({ t: 'reply', id: m.id });
        case 'trickle':
          await peer.trickle(m.target, m.candidate);
          return;
        case 'media': {
          const f = room.feeds.get(c.join.participantId);
          // Unmuting after a moderator's mute: allowed to whoever may send (the policy checked that).
          if (f?.mutedByModerator && (m.audio || m.video)) await this.muteOne(c.join.mediaId, c.join.participantId, false);
          if (f) {
            f.audio = m.audio;
            f.video = m.video;
            this.broadcastFeeds(c.join.mediaId);
          }
          return c.sock.send({ t: 'reply', id: m.id });
        }
        default: {
          const never: never = m;
          return never;
        }
      }
    } catch (e) {
      this.refused(c, m.id, 'LIVE_ENGINE_REFUSED', `The live engine refused that: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** Applies a standing change: leaving the room closes the socket; losing the right to send stops the publisher. */
  private applyStanding(c: Conn, standing: LiveStanding, p: Participant | null) {
    if (c.closed) return;
    const before = c.standing;
    c.standing = standing;
    const byPermission = standing.maySend && this.core.live.maySpeak(c.join.participantId);
    if (standing.maySend) c.sentByPermission = byPermission && !this.byRole(p);
    if (!standing.inRoom) {
      void this.drop(c, { t: 'ended', reason: this.reasonFor(c, p, true) }, LIVE_CLOSE.ended);
      return;
    }
    if (before.maySend && !standing.maySend) {
      const reason = this.reasonFor(c, p, false);
      if (c.publishing) {
        void c.peer?.unpublish().catch(() => {});
        void this.engine.kick(c.join.mediaId, c.join.participantId);
        this.unpublished(c, reason, false);
      }
      c.sock.send({ t: 'standing', maySend: false, reason });
    } else if (!before.maySend && standing.maySend) {
      c.sock.send({ t: 'standing', maySend: true, reason: null });
    }
  }

  private byRole(p: Participant | null): boolean {
    return !!p && p.source.kind === 'invite' && (p.role === 'speaker' || p.role === 'moderator');
  }

  private unpublished(c: Conn, reason: LiveReason | null, own: boolean) {
    c.publishing = null;
    const room = this.rooms.get(c.join.mediaId);
    if (room?.feeds.delete(c.join.participantId)) this.broadcastFeeds(c.join.mediaId);
    if (!own) c.sock.send({ t: 'pub-ended', reason });
  }

  /** Re-reads the standing of one person (or everyone in a room) after a change. */
  recheck(mediaId: number, participantId?: number) {
    const room = this.rooms.get(mediaId);
    if (!room) return;
    const conns = participantId === undefined ? [...room.conns.values()] : [room.conns.get(participantId)].filter((c): c is Conn => !!c);
    for (const c of conns) {
      try {
        const { standing, p } = this.standingOf(c.join);
        this.applyStanding(c, standing, p);
      } catch (e) {
        this.log('re-reading a live standing failed', e);
      }
    }
  }

  private broadcastFeeds(mediaId: number) {
    const room = this.rooms.get(mediaId);
    if (!room) return;
    this.statusChanged(mediaId);
    const feeds = [...room.feeds.values()];
    for (const c of room.conns.values()) c.sock.send({ t: 'feeds', feeds });
  }

  private broadcastAll(msg: unknown) {
    for (const room of this.rooms.values()) for (const c of room.conns.values()) c.sock.send(msg);
  }

  private async drop(c: Conn, last: unknown, code: number) {
    if (c.closed) return;
    c.closed = true;
    const room = this.rooms.get(c.join.mediaId);
    if (room?.conns.get(c.join.participantId) === c) room.conns.delete(c.join.participantId);
    this.statusChanged(c.join.mediaId);
    if (room?.feeds.delete(c.join.participantId)) this.broadcastFeeds(c.join.mediaId);
    if (last) c.sock.send(last);
    c.sock.close(code, '');
    const peer = c.peer ?? (await c.peerReady.catch(() => null));
    c.peer = null;
    await peer?.close().catch(() => {});
  }

  /** Live numbers for the app and `guestlist live status`. */
  counts(mediaId: number): { connected: number; publishing: number } {
    const room = this.rooms.get(mediaId);
    return { connected: room?.conns.size ?? 0, publishing: room?.feeds.size ?? 0 };
  }

  async close() {
    for (const off of this.offs) off();
    if (this.statusTimer) clearTimeout(this.statusTimer);
    // The engine outlives this relay (a listener restart); whoever made it stops it.
    for (const room of this.rooms.values()) for (const c of [...room.conns.values()]) await this.drop(c, { t: 'engine', state: 'off', reason: null }, 1001);
  }
}
