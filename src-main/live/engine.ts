// The live engine behind one narrow interface (V1). The listener, the relay
// and the pages only ever see this; Janus is one implementation of it
// (janusEngine.ts). Another engine (an external LiveKit or Jitsi for events
// that outgrow one machine) would be another implementation.
//
// IDs: a "room" is our media entry's ID; a "feed" is our participant's ID.
// The engine maps them to its own IDs, which never leave the host.

export interface Jsep {
  type: 'offer' | 'answer';
  sdp: string;
}

/** idle: ready to start on first use (nobody has joined a live session yet); off: stopped, or nothing serves guests. */
export type EngineState = 'idle' | 'off' | 'starting' | 'ready' | 'restarting' | 'unavailable';

export interface EngineStatus {
  state: EngineState;
  /** Built-in (a Janus child of the host) or external (a Janus the user runs elsewhere). */
  source: 'built-in' | 'external' | 'none';
  /** Why live media is unavailable, and how to get it (for the app, the CLI and the pages). */
  reason: string | null;
}

export interface EngineParticipant {
  feedId: number;
  display: string;
  publisher: boolean;
}

export type PeerEvent =
  /** The engine ended this person's subscription (its publisher left). */
  | { type: 'sub-ended'; sub: number }
  /** This person's publisher is connected: others can now subscribe to it. */
  | { type: 'pub-up' }
  /** The engine hung up this person's publisher (kicked, or its connection failed). */
  | { type: 'pub-ended'; reason: string }
  /** The engine itself went away (crash, restart): the page reconnects. */
  | { type: 'engine-lost' };

/** One person's connection to the engine, for as long as their live socket is open. */
export interface EnginePeer {
  publish(offer: Jsep, opts: { audio: boolean; video: boolean }): Promise<{ answer: Jsep; mids: { audio: string[]; video: string[] } }>;
  unpublish(): Promise<void>;
  subscribe(feedId: number): Promise<{ sub: number; offer: Jsep }>;
  start(sub: number, answer: Jsep): Promise<void>;
  unsubscribe(sub: number): Promise<void>;
  trickle(target: 'publisher' | number, candidate: unknown): Promise<void>;
  onEvent(fn: (e: PeerEvent) => void): void;
  close(): Promise<void>;
}

export interface LiveEngine {
  status(): EngineStatus;
  onStatus(fn: (s: EngineStatus) => void): () => void;
  /** Makes sure the room exists (creates it on first use, and again after an engine restart). */
  ensureRoom(mediaId: number): Promise<void>;
  /** Ends the room for everyone. */
  destroyRoom(mediaId: number): Promise<void>;
  /** Rooms that exist in the engine now (our media IDs). */
  listRooms(): Promise<number[]>;
  listParticipants(mediaId: number): Promise<EngineParticipant[]>;
  kick(mediaId: number, feedId: number): Promise<void>;
  /** Server-side mute of a publisher's streams (the engine drops the media; the browser is not asked). */
  mute(mediaId: number, feedId: number, mids: string[], muted: boolean): Promise<void>;
  openPeer(mediaId: number, me: { feedId: number; display: string }): Promise<EnginePeer>;
  stop(): Promise<void>;
}

export class LiveUnavailableError extends Error {
  readonly code = 'LIVE_UNAVAILABLE';
}
