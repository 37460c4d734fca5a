// Starts the test harness (test/harness/harness.ts) as a child process on a
// fresh temporary data folder (or one the caller seeded) and reads the JSON
// line it prints. The e2e specs and bench/ui.ts use it.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface Harness {
  consoleUrl: string;
  listenerUrl: string | null;
  dataDir: string;
  stop(): Promise<void>;
}

const REPO = path.resolve(__dirname, '../../..');

/** With `dataDir`, the harness opens that folder and leaves it in place on stop; `args` go to the harness (e.g. --listener-port). */
export async function startHarness(options: { dataDir?: string; args?: string[] } = {}): Promise<Harness> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'guestlist-console-'));
  const child: ChildProcess = spawn(process.execPath, [path.join(REPO, 'node_modules/tsx/dist/cli.mjs'), 'test/harness/harness.ts', '--port', '0', '--data', dataDir, ...(options.args ?? [])], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (stderr.length > 20_000) stderr = stderr.slice(-10_000);
  });
  const info = await new Promise<{ consoleUrl: string; listenerUrl: string | null }>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`harness did not start in time.\n${stderr}`)), 120_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      for (const line of out.split('\n')) {
        try {
          const parsed = JSON.parse(line);
          if (parsed && typeof parsed.consoleUrl === 'string') {
            clearTimeout(timer);
            resolve(parsed);
            return;
          }
        } catch {
          /* not the JSON line yet */
        }
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`harness exited with ${code}.\n${stderr}`));
    });
  });
  return {
    ...info,
    dataDir,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const force = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(force);
      }
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
