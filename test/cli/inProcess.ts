// The CLI's own `main` run in this process on a data folder, with its output
// captured (faster than spawning bin/guestlist.cjs; cli.test.ts spawns it).
import { main } from '../../src-main/cli/index';
import type { Io } from '../../src-main/cli/io';

export async function runCli(dataDir: string, ...args: string[]) {
  let stdout = '';
  let stderr = '';
  const io: Io = { out: (s) => (stdout += s), err: (s) => (stderr += s), env: {} };
  const status = await main(['--data', dataDir, ...args], io);
  return { status, stdout, stderr };
}

/** The same, with `stdin` as what the command reads from standard input (--stdin, --password-stdin). */
export async function runCliWithStdin(dataDir: string, stdin: string, ...args: string[]) {
  let stdout = '';
  let stderr = '';
  const io: Io = { out: (s) => (stdout += s), err: (s) => (stderr += s), env: {}, readStdin: async () => stdin };
  const status = await main(['--data', dataDir, ...args], io);
  return { status, stdout, stderr };
}
