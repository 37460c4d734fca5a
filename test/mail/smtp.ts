// A real SMTP server for the mail tests: Debian's python3-aiosmtpd, run by
// test/helpers/smtp-sink.py on 127.0.0.1, saving every message it accepts.
// Without it the tests skip, saying why (.ci/run installs python3-aiosmtpd).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { tmpDir } from '../helpers/tmp';

const PYTHON = '/usr/bin/python3';
const SINK = path.resolve(__dirname, '../helpers/smtp-sink.py');

/** Why the real SMTP server can't run here, or null. */
export function noSmtpServer(): string | null {
  if (!fs.existsSync(PYTHON)) return `${PYTHON} is missing (the mail tests need Debian's python3-aiosmtpd)`;
  const r = spawnSync(PYTHON, ['-c', 'import aiosmtpd'], { encoding: 'utf8' });
  return r.status === 0 ? null : 'python3-aiosmtpd is not installed (apt-get install python3-aiosmtpd; .ci/run does)';
}

export interface Received {
  envelopeFrom: string;
  envelopeTo: string[];
  from: string;
  to: string;
  subject: string;
  text: string | null;
  html: string | null;
  attachments: { filename: string | null; contentType: string; method: string | null; content: string }[];
}

/** A port nothing listens on (found free, then closed again). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Sink {
  port: number;
  folder: string;
  messages(): Received[];
  stop(): Promise<void>;
}

const running: ChildProcess[] = [];

export async function startSink(port?: number, auth?: string): Promise<Sink> {
  const p = port ?? (await freePort());
  const folder = tmpDir('guestlist-smtp-');
  const child = spawn(PYTHON, [SINK, String(p), folder, ...(auth ? [auth] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the SMTP server did not start: ${err}`)), 15_000);
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('READY')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the SMTP server exited (${code}): ${err}`));
    });
  });
  return {
    port: p,
    folder,
    messages: () =>
      fs
        .readdirSync(folder)
        .filter((f) => f.endsWith('.json'))
        .sort((a, b) => parseInt(a) - parseInt(b))
        .map((f) => JSON.parse(fs.readFileSync(path.join(folder, f), 'utf8')) as Received),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGINT');
      }),
  };
}

/** Stops every server this file started (afterEach). */
export async function stopSinks(): Promise<void> {
  await Promise.all(
    running.splice(0).map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          c.once('exit', () => resolve());
          c.kill('SIGKILL');
        }),
    ),
  );
}

export async function until<T>(what: string, fn: () => T | undefined | null | false, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
