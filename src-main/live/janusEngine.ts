// The LiveEngine on Janus's VideoRoom plugin (V1, V3). Room IDs are random
// per session and never leave the host; every room has a secret (kick,
// moderate, destroy), a pin (every join) and `lock_record` (no publisher can
// make Janus write a file), none of which a browser ever sees.
import crypto from 'node:crypto';
import type { EngineParticipant, EnginePeer, EngineStatus, Jsep, LiveEngine, PeerEvent } from './engine';
import { LiveUnavailableError } from './engine';
import { type JanusHandle, JanusConnection, type JanusSession } from './janusClient';
import type { JanusEndpoint } from './janusProcess';

interface RoomInfo {
  janusId: number;
  secret: string;
  pin: string;
}

export interface JanusEngineOptions {
  /** Where Janus is: the built-in child (started on first use) or an external URL. */
  endpoint: () => Promise<JanusEndpoint>;
  source: 'built-in' | 'external';
  /** The built-in supervisor's state changes, so pages hear of a restart at once. */
  onSupervisorState?: (fn: (state: string, reason?: string) => void) => () => void;
  log?: (m: string, e?: unknown) => void;
}

const randomRoomId = () => crypto.randomInt(1, 2 ** 47);
const secret = () => crypto.randomBytes(18).toString('base64url');

export class JanusEngine implements LiveEngine {
  private conn: JanusConnection | null = null;
  private connecting: Promise<{ conn: JanusConnection; admin: JanusHandle; adminKey: string }> | null = null;
  private admin: { conn: JanusConnection; admin: JanusHandle; adminKey: string } | null = null;
  private readonly rooms = new Map<number, RoomInfo>();
  private readonly roomCreation = new Map<number, Promise<RoomInfo>>();
  private readonly peers = new Set<JanusPeer>();
  private readonly statusListeners = new Set<(s: EngineStatus) => void>();
  private current: EngineStatus;
  private stopped = false;

  constructor(private readonly opts: JanusEngineOptions) {
    this.current = { state: 'idle', source: opts.source, reason: null };
    opts.onSupervisorState?.((state, reason) => {
      if (state === 'ready') this.setStatus('ready', null);
      else if (state === 'restarting') this.setStatus('restarting', null);
      else if (state === 'starting') this.setStatus('starting', null);
      else if (state === 'failed') this.setStatus('unavailable', reason ?? 'The live engine could not start.');
    });
  }

  status(): EngineStatus {
    return this.current;
  }

  onStatus(fn: (s: EngineStatus) => void): () => void {
    this.statusListeners.add(fn);
    return () => this.statusListeners.delete(fn);
  }

  private setStatus(state: EngineStatus['state'], reason: string | null) {
    if (this.current.state === state && this.current.reason === reason) return;
    this.current = { state, source: this.opts.source, reason };
    for (const fn of this.statusListeners) {
      try {
        fn(this.current);
      } catch (e) {
        this.opts.log?.('a live status listener failed', e);
      }
    }
  }

  /** The admin connection: one WebSocket for the room requests and every peer's session. */
  private connect(): Promise<{ conn: JanusConnection; admin: JanusHandle; adminKey: string }> {
    if (this.admin && !this.admin.conn.closed) return Promise.resolve(this.admin);
    if (this.stopped) return Promise.reject(new LiveUnavailableError('The live engine has stopped.'));
    if (!this.connecting) {
      this.connecting = (async () => {
        if (this.current.state !== 'ready') this.setStatus(this.current.state === 'idle' || this.current.state === 'off' || this.current.state === 'unavailable' ? 'starting' : this.current.state, null);
        let ep: JanusEndpoint;
        try {
          ep = await this.opts.endpoint();
        } catch (e) {
          this.setStatus('unavailable', e instanceof Error ? e.message : String(e));
          throw new LiveUnavailableError(this.current.reason ?? 'The live engine is unavailable.');
        }
        let conn: JanusConnection;
        try {
          conn = await JanusConnection.open(ep.url, ep.apiSecret);
        } catch (e) {
          this.setStatus('unavailable', e instanceof Error ? e.message : String(e));
          throw new LiveUnavailableError(this.current.reason ?? 'The live engine is unavailable.');
        }
        conn.onClose = () => this.lost(conn);
        const session = await conn.createSession();
        const admin = await session.attach();
        this.conn = conn;
        this.admin = { conn, admin, adminKey: ep.adminKey };
        this.setStatus('ready', null);
        return this.admin;
      })().finally(() => {
        this.connecting = null;
      });
    }
    return this.connecting;
  }

  /** Janus went away: its rooms and sessions are gone with it; pages reconnect and rooms are made again. */
  private lost(conn: JanusConnection) {
    if (this.conn !== conn) return;
    this.conn = null;
    this.admin = null;
    this.rooms.clear();
    this.roomCreation.clear();
    if (!this.stopped) this.setStatus('restarting', null);
    for (const p of [...this.peers]) p.engineLost();
  }

  private async room(mediaId: number): Promise<{ info: RoomInfo; admin: JanusHandle }> {
    const { admin, adminKey } = await this.connect();
    const have = this.rooms.get(mediaId);
    if (have) return { info: have, admin };
    let creating = this.roomCreation.get(mediaId);
    if (!creating) {
      creating = (async () => {
        const info: RoomInfo = { janusId: randomRoomId(), secret: secret(), pin: secret() };
        await admin.message({
          request: 'create',
          room: info.janusId,
          admin_key: adminKey,
          secret: info.secret,
          pin: info.pin,
          is_private: true,
          publishers: 64,
          lock_record: true,
          record: false,
          notify_joining: false,
          audiolevel_event: false,
          description: `guestlist media ${mediaId}`,
        });
        this.rooms.set(mediaId, info);
        return info;
      })().finally(() => this.roomCreation.delete(mediaId));
      this.roomCreation.set(mediaId, creating);
    }
    return { info: await creating, admin };
  }

  async ensureRoom(mediaId: number): Promise<void> {
    await this.room(mediaId);
  }

  async destroyRoom(mediaId: number): Promise<void> {
    const info = this.rooms.get(mediaId);
    if (!info || !this.admin) return;
    this.rooms.delete(mediaId);
    await this.admin.admin.message({ request: 'destroy', room: info.janusId, secret: info.secret }).catch((e) => this.opts.log?.('destroying a live room failed', e));
  }

  async listRooms(): Promise<number[]> {
    if (!this.admin) return [];
    // Our rooms are private (Janus's `list` leaves them out), so each is asked about by ID.
    const out: number[] = [];
    for (const [mediaId, info] of this.rooms) {
      const { data } = await this.admin.admin.message({ request: 'exists', room: info.janusId });
      if (data.exists === true) out.push(mediaId);
    }
    return out;
  }

  /** The Janus room ID behind a media entry (host-side only: never sent to a page or shown to anyone). */
  janusRoomId(mediaId: number): number | null {
    return this.rooms.get(mediaId)?.janusId ?? null;
  }

  /** Whether Janus has a room by this media's last Janus ID, even one we dropped (tests: End really destroyed it). */
  async janusHas(janusId: number): Promise<boolean> {
    if (!this.admin) return false;
    const { data } = await this.admin.admin.message({ request: 'exists', room: janusId });
    return data.exists === true;
  }

  async listParticipants(mediaId: number): Promise<EngineParticipant[]> {
    const info = this.rooms.get(mediaId);
    if (!info || !this.admin) return [];
    const { data } = await this.admin.admin.message({ request: 'listparticipants', room: info.janusId });
    return ((data.participants as Array<{ id: number; display?: string; publisher: boolean }>) ?? []).map((p) => ({ feedId: p.id, display: p.display ?? '', publisher: !!p.publisher }));
  }

  async kick(mediaId: number, feedId: number): Promise<void> {
    const info = this.rooms.get(mediaId);
    if (!info || !this.admin) return;
    await this.admin.admin.message({ request: 'kick', room: info.janusId, secret: info.secret, id: feedId }).catch(() => {});
  }

  async mute(mediaId: number, feedId: number, mids: string[], muted: boolean): Promise<void> {
    const info = this.rooms.get(mediaId);
    if (!info || !this.admin) return;
    for (const mid of mids) await this.admin.admin.message({ request: 'moderate', room: info.janusId, secret: info.secret, id: feedId, mid, mute: muted });
  }

  async openPeer(mediaId: number, me: { feedId: number; display: string }): Promise<EnginePeer> {
    const { info } = await this.room(mediaId);
    const session = await this.conn!.createSession();
    const peer = new JanusPeer(session, info, me, () => this.peers.delete(peer));
    this.peers.add(peer);
    return peer;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.conn?.close();
    this.setStatus('off', null);
  }
}

class JanusPeer implements EnginePeer {
  private pub: JanusHandle | null = null;
  private readonly subs = new Map<number, JanusHandle>();
  private nextSub = 1;
  private listener: (e: PeerEvent) => void = () => {};
  private closed = false;

  constructor(
    private readonly session: JanusSession,
    private readonly room: RoomInfo,
    private readonly me: { feedId: number; display: string },
    private readonly onClosed: () => void,
  ) {}

  onEvent(fn: (e: PeerEvent) => void) {
    this.listener = fn;
  }

  private emit(e: PeerEvent) {
    try {
      this.listener(e);
    } catch {
      /* the relay handles its own errors */
    }
  }

  engineLost() {
    this.closed = true;
    this.onClosed();
    this.emit({ type: 'engine-lost' });
  }

  async publish(offer: Jsep, opts: { audio: boolean; video: boolean }) {
    if (this.pub) await this.unpublish();
    const h = await this.session.attach();
    this.pub = h;
    h.onEvent((m) => {
      const data = m.plugindata?.data ?? {};
      if (m.janus === 'webrtcup' && this.pub === h) return this.emit({ type: 'pub-up' });
      if (m.janus === 'hangup' || data.leaving === 'ok' || data.kicked !== undefined) {
        if (this.pub === h) {
          this.pub = null;
          void h.detach();
          this.emit({ type: 'pub-ended', reason: typeof m.reason === 'string' ? m.reason : 'ended' });
        }
      }
    });
    try {
      const { data, jsep } = await h.message(
        { request: 'joinandconfigure', room: this.room.janusId, pin: this.room.pin, ptype: 'publisher', id: this.me.feedId, display: this.me.display, audio: opts.audio, video: opts.video },
        offer,
      );
      if (!jsep || jsep.type !== 'answer') throw new Error('The live engine gave no answer to the offer.');
      const streams = (data.streams as Array<{ type: string; mid: string }> | undefined) ?? [];
      return {
        answer: jsep as Jsep,
        mids: { audio: streams.filter((s) => s.type === 'audio').map((s) => s.mid), video: streams.filter((s) => s.type === 'video').map((s) => s.mid) },
      };
    } catch (e) {
      if (this.pub === h) this.pub = null;
      await h.detach();
      throw e;
    }
  }

  async unpublish() {
    const h = this.pub;
    this.pub = null;
    if (h) await h.detach(); // detaching leaves the room: the feed is gone for everyone
  }

  async subscribe(feedId: number) {
    const h = await this.session.attach();
    const sub = this.nextSub++;
    this.subs.set(sub, h);
    h.onEvent((m) => {
      if (m.janus === 'hangup' || m.plugindata?.data?.left === 'ok') {
        if (this.subs.get(sub) === h) {
          this.subs.delete(sub);
          void h.detach();
          this.emit({ type: 'sub-ended', sub });
        }
      }
    });
    try {
      const { jsep } = await h.message({ request: 'join', room: this.room.janusId, pin: this.room.pin, ptype: 'subscriber', streams: [{ feed: feedId }] });
      if (!jsep || jsep.type !== 'offer') throw new Error('The live engine gave no offer for that feed.');
      return { sub, offer: jsep as Jsep };
    } catch (e) {
      this.subs.delete(sub);
      await h.detach();
      throw e;
    }
  }

  async start(sub: number, answer: Jsep) {
    const h = this.subs.get(sub);
    if (!h) throw new Error('No such subscription.');
    await h.message({ request: 'start' }, answer);
  }

  async unsubscribe(sub: number) {
    const h = this.subs.get(sub);
    this.subs.delete(sub);
    if (h) await h.detach();
  }

  async trickle(target: 'publisher' | number, candidate: unknown) {
    const h = target === 'publisher' ? this.pub : this.subs.get(target);
    if (!h) return;
    await h.trickle(candidate);
  }

  async close() {
    if (this.closed) return;
    this.closed = true;
    this.onClosed();
    this.pub = null;
    this.subs.clear();
    await this.session.destroy();
  }
}
