import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Core, openCore } from '../../src-main/core';
import type { InviteResult } from '../../src-main/core/invites';
import type { Invite } from '../../src-main/core/types';

export function tmpDir(prefix = 'guestlist-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A core on a real SQLite file in a fresh temp folder. */
export function tmpCore(opts: { now?: () => Date; dataDir?: string } = {}): Core {
  return openCore({ dataDir: opts.dataDir ?? tmpDir(), now: opts.now });
}

/** A clock the test moves by hand. */
export function manualClock(start = '2026-06-01T09:00:00.000Z') {
  let t = Date.parse(start);
  return {
    now: () => new Date(t),
    advanceDays(d: number) {
      t += d * 24 * 60 * 60 * 1000;
    },
  };
}

export const ACTOR = 'moderator (test)';

/** The invites of a batch that must all have gone through. */
export function okInvites(results: readonly InviteResult[]): Invite[] {
  return results.map((r) => {
    if (!r.ok) throw new Error(`invite for ${r.input} failed: ${r.error.message}`);
    return r.invite;
  });
}
