// Process: host. The host process's entry (built to out/main/host.js; run
// with tsx in tests and the harness):
//   node host.js --data FOLDER [--binding better_sqlite3.node] [--lobby-grace-ms N] [--reach-timeout-ms N] [--log-level L]
// Under Electron's utilityProcess the channel to main is `process.parentPort`
// (messages arrive as `{ data }`); under Node's child_process.fork it is
// `process.on('message')` / `process.send`. Nothing here imports electron.
import { createLog, DEFAULT_LOG_LEVEL, isLogLevel, type Log } from '../log';
import { type HostTransport, runHost } from './host';
import type { HostMessage } from './protocol';

interface ParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

// Until the data folder is known, and if logs/ can't be written: the terminal.
let logs: Log | null = null;
function log(message: string, error?: unknown): void {
  if (logs) {
    if (error === undefined) logs.logger.warn(message);
    else logs.logger.warn({ err: error instanceof Error ? error : new Error(String(error)) }, message);
  } else console.warn(`[host] ${message}`, error ?? '');
}

/** The channel to main, whichever way this process was started; null when it has none. */
function parentTransport(): HostTransport | null {
  const exit = (code: number) => {
    // Let the last message (the shutdown reply, `failed`) leave before the process does.
    setTimeout(() => process.exit(code), 50);
  };
  const port = (process as unknown as { parentPort?: ParentPort }).parentPort;
  if (port) {
    return {
      send: (msg: HostMessage) => port.postMessage(msg),
      onMessage: (handler) => port.on('message', (e) => handler(e?.data)),
      exit,
    };
  }
  if (typeof process.send === 'function') {
    return {
      send: (msg: HostMessage) => {
        // A closed channel (main gone) is not an error worth dying for.
        if (process.connected) process.send?.(msg, undefined, undefined, (e: Error | null) => e && log('send failed', e));
      },
      onMessage: (handler) => process.on('message', handler),
      exit,
    };
  }
  return null;
}

async function main(): Promise<void> {
  const transport = parentTransport();
  const dataDir = arg('--data');
  if (!transport || !dataDir) {
    console.error('The Guestlist host is started by the app (or `guestlist serve`), with --data FOLDER.');
    process.exit(2);
  }
  // The host's log: logs/host.log in the data folder; warnings and errors also on stderr (a dev terminal).
  const level = arg('--log-level');
  try {
    logs = createLog({
      dataDir,
      name: 'host',
      level: isLogLevel(level) ? level : DEFAULT_LOG_LEVEL,
      console: { format: 'pretty', minLevel: 'warn', write: (t) => process.stderr.write(`[host] ${t}`) },
    });
    process.on('exit', () => logs?.flush());
  } catch (e) {
    console.warn('[host] logs/ cannot be written; logging to the terminal', e);
  }
  // A promise nobody awaited, or a throw from a library callback, is logged: it must not take the data down.
  process.on('unhandledRejection', (reason) => log('unhandled rejection', reason));
  process.on('uncaughtException', (e) => log('uncaught exception', e));

  const positive = (name: string) => {
    const n = Number(arg(name));
    return Number.isFinite(n) && n > 0 ? n : undefined;
  };
  const host = await runHost(transport, { dataDir, nativeBinding: arg('--binding'), lobbyGraceMs: positive('--lobby-grace-ms'), reachTimeoutMs: positive('--reach-timeout-ms'), log, logger: logs?.logger });
  if (!host) {
    // `failed` was sent; main decides (a dialog, maybe a new host). Leave if it doesn't kill us first.
    transport.exit(1);
    return;
  }
  // Asked to stop (main's kill() is SIGTERM) or orphaned: close the data the same clean way.
  const leave = () => void host.shutdown().finally(() => process.exit(0));
  process.on('SIGTERM', leave);
  process.on('disconnect', leave);
  // Ctrl+C in a terminal reaches the whole process group: main quits in order (listener, then `shutdown` here),
  // so the host waits to be asked instead of closing the data under main's feet.
  for (const signal of ['SIGINT', 'SIGHUP'] as const) process.on(signal, () => log(`${signal}: waiting for main to ask for shutdown`));
}

void main();
