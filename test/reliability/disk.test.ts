// O2 through `guestlist serve`: what a moderator sees when the data folder is
// wrong. The core-level versions are in test/core/db.test.ts; these check the
// serve path's exit code and message, and that the listener never started.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { LATEST_VERSION } from '../../src-main/core/db/migrations';
import { DB_FILE_NAME } from '../../src-main/core/paths';
import { NOBODY, nobodyCantRunCli, tmpDir } from '../helpers/tmp';
import { cli, serveFails, snapshotDir } from './helpers';

function lastJson(stderr: string): { code: string; message: string } {
  return JSON.parse(stderr.trim().split('\n').pop()!);
}

/** A real data folder with a media entry and a guest link, checkpointed into one file. */
function preparedFolder(): { dir: string; file: string } {
  const dir = tmpDir();
  expect(cli(dir, 'media', 'add', '--title', 'Webinar', '--kind', 'room').code).toBe(0);
  expect(cli(dir, 'links', 'create', '--media', '1', '--name', 'Everyone', '--clicks', '10').code).toBe(0);
  const file = path.join(dir, DB_FILE_NAME);
  const db = new Database(file);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.pragma('journal_mode = DELETE');
  db.close();
  return { dir, file };
}

describe('O2: guestlist serve refuses a bad data folder clearly and changes nothing', () => {
  it('O2: a database from a newer version: exit 1, DB_NEWER_VERSION, folder byte-identical, no listener', async () => {
    const { dir, file } = preparedFolder();
    const db = new Database(file);
    db.pragma(`user_version = ${LATEST_VERSION + 1}`);
    db.close();
    const before = snapshotDir(dir);
    const r = await serveFails(dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(''); // never printed its address
    const err = lastJson(r.stderr);
    expect(err.code).toBe('DB_NEWER_VERSION');
    expect(err.message).toMatch(/newer version/i);
    expect(err.message).toMatch(/not changed/i);
    expect(snapshotDir(dir)).toEqual(before);
  });

  it('O2: a file that is not a database: exit 1, DB_NOT_A_DATABASE, never overwritten', async () => {
    const dir = tmpDir();
    const junk = Buffer.from('meeting notes, not a database\n'.repeat(300));
    fs.writeFileSync(path.join(dir, DB_FILE_NAME), junk);
    const before = snapshotDir(dir);
    const r = await serveFails(dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(lastJson(r.stderr)).toMatchObject({ code: 'DB_NOT_A_DATABASE', message: expect.stringMatching(/left untouched/i) });
    expect(snapshotDir(dir)).toEqual(before);
  });

  it('O2: a truncated database file: exit 1, DB_NOT_A_DATABASE, never overwritten', async () => {
    const { dir, file } = preparedFolder();
    fs.writeFileSync(file, fs.readFileSync(file).subarray(0, 60));
    const before = snapshotDir(dir);
    const r = await serveFails(dir);
    expect(r.code).toBe(1);
    expect(lastJson(r.stderr).code).toBe('DB_NOT_A_DATABASE');
    expect(snapshotDir(dir)).toEqual(before);
  });

  it('O2: a database whose body is damaged (valid header): exit 1, DB_NOT_A_DATABASE, never overwritten', async () => {
    const { dir, file } = preparedFolder();
    const bytes = fs.readFileSync(file);
    bytes.fill(0x5a, 100, Math.min(bytes.length, 8192));
    fs.writeFileSync(file, bytes);
    const before = snapshotDir(dir);
    const r = await serveFails(dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(lastJson(r.stderr).code).toBe('DB_NOT_A_DATABASE');
    expect(snapshotDir(dir)).toEqual(before);
  });

  const uid = process.getuid?.() === 0 ? NOBODY : undefined; // root ignores folder permissions
  const skipWhy = uid === undefined ? null : nobodyCantRunCli();

  it('O2: a read-only empty data folder: exit 1, DB_READ_ONLY naming the folder and the way out', async (ctx) => {
    if (skipWhy) return ctx.skip(skipWhy);
    const dir = tmpDir();
    fs.chmodSync(dir, 0o555);
    const r = await serveFails(dir, { uid });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const err = lastJson(r.stderr);
    expect(err.code).toBe('DB_READ_ONLY');
    expect(err.message).toContain(dir);
    expect(err.message).toMatch(/--data/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('O2: a read-only folder holding a database: exit 1, DB_READ_ONLY, file unchanged', async (ctx) => {
    if (skipWhy) return ctx.skip(skipWhy);
    const { dir } = preparedFolder();
    fs.chmodSync(dir, 0o555);
    const before = snapshotDir(dir);
    const r = await serveFails(dir, { uid });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(lastJson(r.stderr).code).toBe('DB_READ_ONLY');
    expect(snapshotDir(dir)).toEqual(before);
  });
});
