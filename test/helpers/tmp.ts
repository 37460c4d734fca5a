import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Core, openCore } from '../../src-main/core';
import type { InviteResult } from '../../src-main/core/invites';
import type { Invite } from '../../src-main/core/types';

/** The unprivileged user root's folder-permission tests run the CLI as (root ignores folder permissions). */
export const NOBODY = 65534;

/**
 * Why that user can't run this checkout's CLI, or null. A checkout under a
 * private folder (a `mktemp -d` clone is 0700) can't be read by anyone else.
 */
export function nobodyCantRunCli(): string | null {
  const cli = path.resolve(__dirname, '../../bin/guestlist.cjs');
  const r = spawnSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(cli)}, require('fs').constants.R_OK)`], { uid: NOBODY, gid: NOBODY });
  return r.status === 0 ? null : `uid ${NOBODY} can't read ${cli} (a parent folder is private), so the read-only folder can't be tried as root here`;
}

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

/** Polls ok() every 20 ms until it holds or ms pass; returns its last answer. */
export async function until(ok: () => boolean, ms = 3000): Promise<boolean> {
  const end = Date.now() + ms;
  while (!ok() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return ok();
}

/** Opens cores on real files and closes every one of them (call `closeAll` in afterEach). */
export function coreTracker() {
  const open: Core[] = [];
  return {
    open(dataDir: string, now?: () => Date): Core {
      const c = openCore({ dataDir, now });
      open.push(c);
      return c;
    },
    closeAll(): void {
      for (const c of open.splice(0)) c.close();
    },
  };
}
