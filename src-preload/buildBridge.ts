// Process: preload (pure; no electron import, unit-tested with a fake
// ipcRenderer). Builds `window.guestlist` from the table of operations: one
// named method per operation, never a generic invoke(channel) (S4).
import type { AppSettings, BridgeEventName, BridgeEvents, GuestlistBridge, LanAddress, ListenerStatus, Ops, Result } from '../src-main/api/bridge';
import { OPERATION_NAMES, type OperationName } from '../src-main/api/operationNames';
import { CHANNELS, opChannel } from '../src-main/electron/channels';

/**
 * The events the renderer may subscribe to. Listed here rather than imported
 * from core/events (which pulls in node:events, unavailable in a sandboxed
 * preload); a unit test keeps it equal to DOMAIN_EVENT_NAMES + listener.status + app.openMedia + host.status.
 */
export const BRIDGE_EVENT_NAMES = [
  'media.changed',
  'link.changed',
  'invite.changed',
  'participant.changed',
  'chat.posted',
  'live.changed',
  'live.people',
  'listener.status',
  'app.openMedia',
  'host.status',
] as const satisfies readonly BridgeEventName[];
// Compile-time check that no event name is missing from the list above.
type Missing = Exclude<BridgeEventName, (typeof BRIDGE_EVENT_NAMES)[number]>;
const _exhaustive: Missing extends never ? true : never = true;
void _exhaustive;

/** The two ipcRenderer capabilities the bridge needs, passed in so tests can fake them. */
export interface IpcPort {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  /** Subscribes to a channel and returns the unsubscribe function. */
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): () => void;
}

function isBridgeEventName(name: unknown): name is BridgeEventName {
  return typeof name === 'string' && (BRIDGE_EVENT_NAMES as readonly string[]).includes(name);
}

export function buildBridge(ipc: IpcPort): GuestlistBridge {
  const ops = {} as Record<OperationName, (input: unknown) => Promise<unknown>>;
  for (const name of OPERATION_NAMES) {
    const channel = opChannel(name);
    // A named function per operation; the channel is fixed here, not chosen by the caller.
    ops[name] = { [name]: (input: unknown) => ipc.invoke(channel, input ?? {}) }[name] as (input: unknown) => Promise<unknown>;
  }
  Object.freeze(ops);

  const bridge: GuestlistBridge = {
    ops: ops as unknown as Ops,
    onEvent<K extends BridgeEventName>(name: K, handler: (payload: BridgeEvents[K]) => void): () => void {
      if (!isBridgeEventName(name)) throw new TypeError(`Unknown event “${String(name)}”.`);
      if (typeof handler !== 'function') throw new TypeError('onEvent needs a handler function.');
      // The Electron event object (with its sender) is dropped here and never reaches the renderer.
      const off = ipc.on(CHANNELS.event, (_event, eventName, payload) => {
        if (eventName === name) handler(payload as BridgeEvents[K]);
      });
      let done = false;
      return () => {
        if (done) return;
        done = true;
        off();
      };
    },
    app: {
      getSettings: () => ipc.invoke(CHANNELS.getSettings) as Promise<AppSettings>,
      lanAddresses: () => ipc.invoke(CHANNELS.lanAddresses) as Promise<LanAddress[]>,
      setSettings: (patch) => ipc.invoke(CHANNELS.setSettings, patch) as Promise<Result<AppSettings>>,
      openLiveSession: (url) => ipc.invoke(CHANNELS.openLiveSession, url) as Promise<Result<null>>,
    },
    listener: {
      status: () => ipc.invoke(CHANNELS.listenerStatus) as Promise<ListenerStatus>,
      useNextFreePort: () => ipc.invoke(CHANNELS.useNextFreePort) as Promise<Result<ListenerStatus>>,
      checkReach: () => ipc.invoke(CHANNELS.checkReach) as Promise<ListenerStatus>,
    },
    clipboard: { writeText: (text) => ipc.invoke(CHANNELS.clipboardWrite, text) as Promise<Result<null>> },
    mail: { compose: (input) => ipc.invoke(CHANNELS.mailCompose, input) as Promise<Result<null>> },
    files: { save: (input) => ipc.invoke(CHANNELS.filesSave, input) as Promise<Result<{ path: string } | null>> },
  };
  return bridge;
}
