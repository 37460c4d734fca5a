// The live session (V1-V7): the engine adapter (engine.ts), Janus behind it
// (janusEngine.ts, janusProcess.ts), the role policy (policy.ts) and the
// signaling relay the listener's /s/live route hands sockets to (relay.ts).
import type { LiveEngine } from './engine';
import { JanusEngine } from './janusEngine';
import { BuiltInJanus, type BuiltInJanusOptions } from './janusProcess';

/** A Janus child of this process, started when a live room is first used. */
export function builtInEngine(opts: BuiltInJanusOptions): LiveEngine & { supervisor: BuiltInJanus } {
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
