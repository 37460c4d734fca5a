// Shared by the reliability tests: the CLI, and `guestlist serve` as a child process.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';

export const REPO = path.resolve(__dirname, '../..');
export const CLI = path.join(REPO, 'bin/guestlist.cjs');

/** Runs `guestlist --data DIR --json ...args` and parses its JSON output. */
export function cli(dataDir: string, ...args: string[]): { code: number; out: unknown; err: string } {
  const r = spawnSync(process.execPath, [CLI, '--data', dataDir, '--json', ...args], { encoding: 'utf8', timeout: 30_000 });
  let out: unknown = null;
  try {
    out = r.stdout ? JSON.parse(r.stdout) : null;
  } catch {
    out = r.stdout;
  }
  return { code: r.status ?? -1, out, err: r.stderr };
}

export interface Served {
  child: ChildProcess;
  url: string;
  port: number;
  stderr: () => string;
}

/** Starts `guestlist serve` on a free port; resolves once it printed its JSON line. */
export function startServe(dataDir: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<Served> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, '--data', dataDir, '--json', 'serve', '--host', '127.0.0.1', '--port', '0', ...extra], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not start in 20 s: ${err}`));
    }, 20_000);
    child.stderr!.on('data', (d) => (err += d));
    child.stdout!.on('data', (d) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl === -1) return;
      clearTimeout(timer);
      try {
        const info = JSON.parse(out.slice(0, nl)) as { url: string; port: number };
        resolve({ child, url: info.url.replace(/\/$/, ''), port: info.port, stderr: () => err });
      } catch (e) {
        reject(new Error(`serve printed ${out}: ${String(e)}`));
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited ${code} before starting: ${err}`));
    });
  });
}

/** Runs `guestlist serve` expecting it to fail; resolves with its exit code and stderr. */
export function serveFails(dataDir: string, opts: { uid?: number } = {}): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, '--data', dataDir, '--json', 'serve', '--host', '127.0.0.1', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(opts.uid !== undefined ? { uid: opts.uid, gid: opts.uid, env: { ...process.env, HOME: os.tmpdir() } } : {}),
    });
    // A serve that started (it should not have) is stopped so the test can report it.
    child.stdout.once('data', () => setTimeout(() => child.kill('SIGTERM'), 200));
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr: err, stdout: out });
    });
  });
}

export function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** Every file in a folder with its bytes, to prove an attempt changed nothing. */
export function snapshotDir(dir: string): Map<string, Buffer> {
  const m = new Map<string, Buffer>();
  for (const name of fs.readdirSync(dir).sort()) m.set(name, fs.readFileSync(path.join(dir, name)));
  return m;
}

/**
 * One HTTP request from a chosen loopback address (127.0.0.0/8 all reaches
 * 127.0.0.1 on Linux), so a test can stand for guests on many addresses (S2);
 * or through a keep-alive agent bound to one (the benchmarks).
 */
export function request(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string; from?: string; agent?: http.Agent }): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: opts.method ?? 'GET', headers: opts.headers, localAddress: opts.from, agent: opts.agent ?? false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** GETs an entry page and returns the browser cookie and the form's CSRF token. */
export async function entryForm(url: string, token: string, kind: 'g' | 'i' = 'g', from?: string): Promise<{ status: number; cookie: string; csrf: string }> {
  const res = await request(`${url}/${kind}/${token}`, { from });
  const set = (res.headers['set-cookie'] ?? []).find((c) => c.startsWith('gl_b='));
  const csrf = /name="_csrf" value="([^"]+)"/.exec(res.text)?.[1] ?? '';
  return { status: res.status, cookie: set ? set.split(';')[0]! : '', csrf };
}

export interface Submitted {
  status: number;
  location: string | null;
  reason: string | null;
  body: string;
  /** The browser cookie plus whatever the answer set (the session, once let in or waiting). */
  cookie: string;
}

/** POSTs the entry form the way a browser does (urlencoded, cookie, hidden CSRF field), optionally from a given loopback address. */
export async function submitForm(url: string, token: string, form: { cookie: string; csrf: string }, values: { name: string; email: string }, kind: 'g' | 'i' = 'g', from?: string): Promise<Submitted> {
  const body = new URLSearchParams({ _csrf: form.csrf, name: values.name, email: values.email }).toString();
  const res = await request(`${url}/${kind}/${token}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: form.cookie }, body, from });
  const location = res.headers.location;
  const cookie = [form.cookie, ...(res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]!)].filter(Boolean).join('; ');
  return { status: res.status, location: typeof location === 'string' ? location : null, reason: /data-reason="([^"]+)"/.exec(res.text)?.[1] ?? null, body: res.text, cookie };
}

/** The n-th of a set of loopback client addresses: 127.0.1.1, 127.0.1.2, … */
export const loopbackAddress = (n: number) => `127.0.1.${(n % 250) + 1}`;

/** Prepares a data folder through the CLI: a room with guest access and one link. */
export function preparedLink(dir: string, opts: { clicks?: number; requireAdmission?: boolean } = {}): { token: string; linkId: number; mediaId: number } {
  const m = cli(dir, 'media', 'add', '--title', 'Webinar', '--kind', 'room', ...(opts.requireAdmission ? ['--require-admission'] : []));
  if (m.code !== 0) throw new Error(`media add failed: ${m.err}`);
  const mediaId = (m.out as { id: number }).id;
  const g = cli(dir, 'media', 'set', '--media', String(mediaId), '--guest-access', 'on');
  if (g.code !== 0) throw new Error(`media set failed: ${g.err}`);
  const l = cli(dir, 'links', 'create', '--media', String(mediaId), '--name', 'Everyone', ...(opts.clicks ? ['--clicks', String(opts.clicks)] : []));
  if (l.code !== 0) throw new Error(`links create failed: ${l.err}`);
  const link = l.out as { id: number; token: string };
  return { token: link.token, linkId: link.id, mediaId };
}

/** Whether some connection holds the write lock (a probe that never waits). */
export function locked(file: string): boolean {
  const probe = new Database(file, { timeout: 0 });
  try {
    probe.exec('BEGIN IMMEDIATE');
    probe.exec('ROLLBACK');
    return false;
  } catch (e) {
    if ((e as { code?: string }).code?.startsWith('SQLITE_BUSY')) return true;
    throw e;
  } finally {
    probe.close();
  }
}

/** Another process takes the write lock and keeps it for `seconds`; resolves once it holds it. */
export async function holdLock(file: string, seconds: number): Promise<{ child: ChildProcess; released: Promise<void>; holding: () => boolean }> {
  const child = spawn('sqlite3', [file, 'BEGIN IMMEDIATE;', `.shell sleep ${seconds}`, 'ROLLBACK;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const released = new Promise<void>((r) => child.once('exit', () => r()));
  const holding = () => child.exitCode === null && child.signalCode === null;
  // sqlite3 buffers its output in a pipe, so ask the file instead.
  for (let i = 0; i < 200 && !locked(file); i++) {
    if (!holding()) throw new Error('sqlite3 exited before taking the lock');
    await new Promise((r) => setTimeout(r, 10));
  }
  if (!locked(file)) throw new Error('sqlite3 did not take the lock');
  return { child, released, holding };
}
