// Process: main side, plain Node (tests, the harness, benches). A host
// started with child_process.fork, as a HostChild for HostClient. The app
// starts it with Electron's utilityProcess instead (electron/hostProcess.ts).
import { fork, type ForkOptions } from 'node:child_process';
import path from 'node:path';
import type { HostChild } from './client';

/** The host entry in the source tree (run it with tsx). */
export const HOST_ENTRY_SOURCE = path.resolve(__dirname, 'entry.ts');

export interface NodeHostOptions {
  /** The entry to run: the built out/main/host.js, or entry.ts with tsx in execArgv. */
  entry?: string;
  dataDir: string;
  lobbyGraceMs?: number;
  reachTimeoutMs?: number;
  /** Default: tsx when the entry is TypeScript. */
  execArgv?: string[];
  env?: NodeJS.ProcessEnv;
  stdio?: ForkOptions['stdio'];
}

export function forkNodeHost(o: NodeHostOptions): HostChild & { pid: number | undefined } {
  const entry = o.entry ?? HOST_ENTRY_SOURCE;
  const args = ['--data', o.dataDir, ...(o.lobbyGraceMs ? ['--lobby-grace-ms', String(o.lobbyGraceMs)] : []), ...(o.reachTimeoutMs ? ['--reach-timeout-ms', String(o.reachTimeoutMs)] : [])];
  const child = fork(entry, args, {
    execArgv: o.execArgv ?? (entry.endsWith('.ts') ? ['--import', 'tsx'] : []),
    env: o.env ?? process.env,
    stdio: o.stdio ?? ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
  // A send on a channel that just closed surfaces as an 'error' event; the exit handler deals with the death.
  child.on('error', () => undefined);
  return {
    pid: child.pid,
    send: (msg) => {
      if (child.connected) child.send(msg as never);
    },
    onMessage: (handler) => child.on('message', handler),
    onExit: (handler) => {
      if (child.exitCode !== null || child.signalCode !== null) handler(child.exitCode);
      else child.once('exit', (code) => handler(code));
    },
    kill: () => {
      child.kill('SIGKILL');
    },
  };
}
