// The live session (V1-V7): the engine adapter (engine.ts), Janus behind it
// (janusEngine.ts, janusProcess.ts), the role policy (policy.ts) and the
// signaling relay the listener's /s/live route hands sockets to (relay.ts).
import type { Core } from '../core';
import { checkStunServer, checkTurnServer } from '../core/liveSettings';
import { type EngineParticipant, type EnginePeer, type EngineStatus, type LiveEngine, LiveUnavailableError } from './engine';
import { JanusEngine } from './janusEngine';
import { BuiltInJanus, type BuiltInJanusOptions } from './janusProcess';

/** A Janus child of this process, started when a live room is first used. */
export function builtInEngine(opts: BuiltInJanusOptions): JanusEngine & { supervisor: BuiltInJanus } {
  const supervisor = new BuiltInJanus(opts);
  const engine = new JanusEngine({
    source: 'built-in',
    endpoint: () => supervisor.endpoint(),
    onSupervisorState: (fn) => supervisor.onState(fn),
    log: opts.log,
  });
  const stopEngine = engine.stop.bind(engine);
  return Object.assign(engine, {
    supervisor,
    async stop() {
      await stopEngine();
      await supervisor.stop();
    },
  });
}

/** A Janus the user runs elsewhere (a server, Docker): its WebSocket URL and API secret. */
export function externalEngine(url: string, apiSecret: string, adminKey: string, log?: (m: string, e?: unknown) => void): LiveEngine {
  return new JanusEngine({ source: 'external', endpoint: async () => ({ url, apiSecret, adminKey }), log });
}

/** No live engine (turned off in the settings): rooms work without audio and video, and say why. */
export class OffEngine implements LiveEngine {
  constructor(private readonly reason: string) {}
  status(): EngineStatus {
    return { state: 'unavailable', source: 'none', reason: this.reason };
  }
  onStatus(): () => void {
    return () => {};
  }
  private refuse(): never {
    throw new LiveUnavailableError(this.reason);
  }
  async ensureRoom(): Promise<void> {
    this.refuse();
  }
  async destroyRoom(): Promise<void> {}
  async listRooms(): Promise<number[]> {
    return [];
  }
  async listParticipants(): Promise<EngineParticipant[]> {
    return [];
  }
  async kick(): Promise<void> {}
  async mute(): Promise<void> {}
  async openPeer(): Promise<EnginePeer> {
    this.refuse();
  }
  async stop(): Promise<void> {}
}

export const LIVE_OFF_REASON = 'Live audio and video are turned off in this app’s settings (live engine: off).';

/** The engine the live settings ask for (V5): built-in Janus, an external one, or none. */
export function engineFromSettings(core: Core, opts: { runtimeDir: string; iceEnforce?: () => string[]; log?: (m: string, e?: unknown) => void }): LiveEngine {
  const s = core.liveSettings.get();
  if (s.engine === 'off') return new OffEngine(LIVE_OFF_REASON);
  if (s.engine === 'external') {
    const { apiSecret, adminKey } = core.liveSettings.secrets();
    return externalEngine(s.janusUrl ?? '', apiSecret, adminKey, opts.log);
  }
  const { turnSecret } = core.liveSettings.secrets();
  const turn = s.turnServer && turnSecret ? { ...checkTurnServer(s.turnServer), secret: turnSecret } : undefined;
  return builtInEngine({
    runtimeDir: opts.runtimeDir,
    binary: s.janusPath ?? undefined,
    iceEnforce: opts.iceEnforce,
    stun: s.stunServer ? checkStunServer(s.stunServer) : undefined,
    turn: turn && { host: turn.host, port: turn.port, type: turn.type, secret: turn.secret },
    log: opts.log,
  });
}

/**
 * The host's engine: the one the settings ask for, swapped when they change.
 * Swapping stops the old one; its pages reconnect to the new one by themselves.
 */
export class SwitchableEngine implements LiveEngine {
  private current: LiveEngine;
  private readonly listeners = new Set<(s: EngineStatus) => void>();
  private offCurrent: () => void;

  constructor(private readonly make: () => LiveEngine) {
    this.current = make();
    this.offCurrent = this.follow(this.current);
  }

  private follow(e: LiveEngine): () => void {
    return e.onStatus((s) => {
      for (const fn of this.listeners) fn(s);
    });
  }

  async replace(): Promise<void> {
    const old = this.current;
    this.offCurrent();
    this.current = this.make();
    this.offCurrent = this.follow(this.current);
    for (const fn of this.listeners) fn(this.current.status());
    await old.stop();
  }

  status() {
    return this.current.status();
  }
  onStatus(fn: (s: EngineStatus) => void) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
  ensureRoom(mediaId: number) {
    return this.current.ensureRoom(mediaId);
  }
  destroyRoom(mediaId: number) {
    return this.current.destroyRoom(mediaId);
  }
  listRooms() {
    return this.current.listRooms();
  }
  listParticipants(mediaId: number) {
    return this.current.listParticipants(mediaId);
  }
  kick(mediaId: number, feedId: number) {
    return this.current.kick(mediaId, feedId);
  }
  mute(mediaId: number, feedId: number, mids: string[], muted: boolean) {
    return this.current.mute(mediaId, feedId, mids, muted);
  }
  openPeer(mediaId: number, me: { feedId: number; display: string }) {
    return this.current.openPeer(mediaId, me);
  }
  stop() {
    this.offCurrent();
    return this.current.stop();
  }
}
