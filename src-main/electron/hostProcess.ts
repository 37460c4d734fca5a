// Process: main. Starts the host process (out/main/host.js: the core, the
// guest listener and the follower) as an Electron utilityProcess, as a
// HostChild for HostClient (src-main/host/client.ts). Messages go both ways
// over the utility process's port (structured clone), as in Electron's docs
// for utilityProcess / parentPort.
import path from 'node:path';
import { utilityProcess } from 'electron';
import type { HostChild } from '../host/client';

export function forkHostProcess(o: { dataDir: string; nativeBinding: string; logLevel: string }): HostChild {
  const child = utilityProcess.fork(path.join(__dirname, 'host.js'), ['--data', o.dataDir, '--binding', o.nativeBinding, '--log-level', o.logLevel], {
    serviceName: 'Guestlist host',
    stdio: 'inherit',
  });
  let exited: number | null | undefined;
  child.on('exit', (code) => {
    exited = code;
  });
  return {
    send: (msg) => child.postMessage(msg),
    onMessage: (handler) => child.on('message', handler),
    onExit: (handler) => {
      if (exited !== undefined) handler(exited);
      else child.once('exit', (code) => handler(code));
    },
    // "Now": a host that doesn't answer may not run a SIGTERM handler either (utilityProcess.kill() is SIGTERM).
    kill: () => {
      const pid = child.pid;
      try {
        if (pid) process.kill(pid, 'SIGKILL');
        else child.kill();
      } catch {
        child.kill();
      }
    },
  };
}
