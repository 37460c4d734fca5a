import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../errors';
import { LATEST_VERSION, MIGRATIONS } from './migrations';

export type Db = Database.Database;

export interface OpenOptions {
  /** Path to a better-sqlite3 native binding built for the host (Electron's ABI). */
  nativeBinding?: string;
  /** How long a writer waits for another process's lock, in ms. */
  busyTimeoutMs?: number;
}

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Reads the header of an existing file without letting SQLite touch it, so a
 * file from a newer version or a file that isn't a database is refused
 * byte-for-byte unchanged (O2).
 */
export function inspectDatabaseFile(file: string): { exists: boolean; userVersion: number } {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { exists: false, userVersion: 0 };
    throw new AppError('DB_OPEN_FAILED', `The data file ${file} could not be read.`);
  }
  try {
    const size = fs.fstatSync(fd).size;
    if (size === 0) return { exists: true, userVersion: 0 };
    const header = Buffer.alloc(100);
    const read = fs.readSync(fd, header, 0, 100, 0);
    if (read < 100 || !header.subarray(0, 16).equals(SQLITE_MAGIC)) {
      throw new AppError('DB_NOT_A_DATABASE', `${file} is not a Guestlist database, or it is damaged. It was left untouched.`);
    }
    return { exists: true, userVersion: header.readUInt32BE(60) };
  } finally {
    fs.closeSync(fd);
  }
}

function newerVersionError(file: string, version: number): AppError {
  return new AppError(
    'DB_NEWER_VERSION',
    `${file} was written by a newer version of Guestlist (data version ${version}; this app knows up to ${LATEST_VERSION}). Update the app to open it. The file was not changed.`,
  );
}

function mapSqliteError(e: unknown, file: string, dir: string): AppError {
  if (e instanceof AppError) return e;
  const code = (e as { code?: string }).code ?? '';
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new AppError('DB_NOT_A_DATABASE', `${file} is not a Guestlist database, or it is damaged. It was left untouched.`);
  }
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code === 'EACCES' || code === 'EROFS' || code === 'EPERM') {
    return new AppError('DB_READ_ONLY', `The data folder ${dir} cannot be written to. Choose a writable folder with --data or GUESTLIST_DATA_DIR.`);
  }
  return new AppError('DB_OPEN_FAILED', `The data file ${file} could not be opened (${code || 'unknown error'}).`);
}

/** Opens (creating if needed) and migrates the database. */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const dir = path.dirname(file);
  const info = inspectDatabaseFile(file);
  if (info.userVersion > LATEST_VERSION) throw newerVersionError(file, info.userVersion);

  let db: Db | undefined;
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
    db = new Database(file, {
      timeout: options.busyTimeoutMs ?? 5000,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
    // Check again through SQLite before any write (a WAL file can hold a newer header).
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > LATEST_VERSION) throw newerVersionError(file, version);
    db.pragma('journal_mode = WAL');
    // FULL: a change is on disk (power-safe) before it is acknowledged (O2).
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    migrate(db);
    return db;
  } catch (e) {
    try {
      db?.close();
    } catch {
      /* already failing */
    }
    throw mapSqliteError(e, file, dir);
  }
}

/** Runs every pending migration in one IMMEDIATE transaction. */
export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const pending = MIGRATIONS.filter((m) => m.version > current);
  if (pending.length === 0) return;
  const run = db.transaction(() => {
    for (const m of pending) db.exec(m.sql);
    db.pragma(`user_version = ${LATEST_VERSION}`);
  });
  run.immediate();
}

export function closeDatabase(db: Db): void {
  if (!db.open) return;
  try {
    db.pragma('optimize');
  } catch {
    /* best effort */
  }
  db.close();
}
