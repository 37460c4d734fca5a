// Starts bench/server.ts as a child process and talks to it line by line.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

export interface ServerChild {
  child: ChildProcess;
  info: Record<string, unknown> & { url: string };
  /** Sends a command line and resolves with the next JSON line. */
  ask(cmd: string): Promise<Record<string, unknown>>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export function startServer(args: string[], nodeArgs: string[] = []): Promise<ServerChild> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(HERE, 'server.ts'), ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    const lines = readline.createInterface({ input: child.stdout! });
    const waiting: Array<(o: Record<string, unknown>) => void> = [];
    let err = '';
    child.stderr!.on('data', (d) => {
      err += d;
      if (err.length > 20_000) err = err.slice(-10_000);
    });
    let started = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`bench server did not start: ${err}`));
    }, 60_000);
    lines.on('line', (line) => {
      let o: Record<string, unknown>;
      try {
        o = JSON.parse(line);
      } catch {
        return;
      }
      if (!started) {
        started = true;
        clearTimeout(timer);
        resolve({
          child,
          info: o as ServerChild['info'],
          ask(cmd) {
            return new Promise((r) => {
              waiting.push(r);
              child.stdin!.write(`${cmd}\n`);
            });
          },
          kill(signal = 'SIGTERM') {
            return new Promise((r) => {
              if (child.exitCode !== null || child.signalCode !== null) return r();
              child.once('exit', () => r());
              child.kill(signal);
              if (signal !== 'SIGKILL') setTimeout(() => child.kill('SIGKILL'), 5000).unref();
            });
          },
        });
        return;
      }
      waiting.shift()?.(o);
    });
    child.on('exit', (code) => {
      if (!started) {
        clearTimeout(timer);
        reject(new Error(`bench server exited ${code}: ${err}`));
      }
    });
  });
}
