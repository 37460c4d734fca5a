// Another process (the CLI, a second app) may hold the database's write lock
// for a while. A long-running host (the app, `guestlist serve`) must not wait
// for it synchronously: SQLite's busy timeout sleeps inside the call, which
// freezes the event loop, so /healthz and every page stall with it (O4).
//
// So a serving connection runs with a busy timeout of 0 (see
// `servingConnection`): BEGIN IMMEDIATE fails at once with SQLITE_BUSY, and
// the caller retries asynchronously, the event loop serving everything else
// in between, until a deadline. Reads don't need the lock in WAL mode, so
// pages keep working meanwhile.
//
// Why not a writer thread: every write here is short and synchronous inside
// one transaction, and the domain events must leave after the COMMIT in
// order. A thread would need a second connection, a message protocol for
// every domain operation and its events, and would still have to wait for
// the same lock. Retrying a transaction that never began is simple, and it
// is safe: SQLITE_BUSY from BEGIN IMMEDIATE means nothing was written.
import type { Db } from './db/open';
import { AppError } from './errors';

/** How long an operation a person is waiting for keeps trying to get the lock. */
export const WRITE_DEADLINE_MS = 3000;

/** Whether an error means "another connection holds the lock" (nothing was written). */
export function isBusy(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

export function busyError(): AppError {
  return new AppError('DB_BUSY');
}

/** Pause before the nth retry (1-based): short at first, at most 50 ms. */
export function retryDelayMs(attempt: number): number {
  return Math.min(50, 2 ** Math.min(attempt, 6));
}

function totalChanges(db: Db): number {
  return (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
}

/** From now on this connection never sleeps in SQLite waiting for a lock. */
export function servingConnection(db: Db): void {
  db.pragma('busy_timeout = 0');
}

/**
 * Runs `fn` (one synchronous transaction); while it fails because another
 * process holds the lock, tries again later without blocking, until
 * `deadlineMs` has passed; then rejects with DB_BUSY. Other errors reject at once.
 * Safe because SQLITE_BUSY from BEGIN IMMEDIATE means that transaction wrote nothing.
 */
export async function retryWhileBusy<T>(fn: () => T, deadlineMs = WRITE_DEADLINE_MS, db?: Db): Promise<T> {
  const giveUpAt = Date.now() + deadlineMs;
  for (let attempt = 1; ; attempt++) {
    // With `db`, an fn made of several transactions is retried only if none of them committed.
    const before = db ? totalChanges(db) : 0;
    try {
      return fn();
    } catch (e) {
      if (!isBusy(e)) throw e;
      if (db && totalChanges(db) !== before) throw busyError();
      const wait = retryDelayMs(attempt);
      if (Date.now() + wait > giveUpAt) throw busyError();
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}
