import crypto from 'node:crypto';
import type { Ctx } from './context';
import { AppError } from './errors';
import { readListenerAddress } from './servedAddress';

export const DEFAULT_PORT = 4410;
export const DEFAULT_BASE_URL = `http://127.0.0.1:${DEFAULT_PORT}`;

/** The stored value that means "follow the listener" (L1). */
export const AUTO_BASE_URL = 'auto';

export interface CoreSettings {
  /**
   * L1: links are built from this. Explicit: the moderator's public URL, never
   * changed behind their back. Automatic: where the listener last served.
   */
  baseUrl: string;
  /** True while the base URL follows the listener (no explicit public URL). */
  baseUrlAuto: boolean;
  /** I5: whether a new invite skips the lobby unless told otherwise. */
  inviteSkipLobbyDefault: boolean;
}

export function normalizeBaseUrl(raw: string): string {
  if (raw.trim().toLowerCase() === AUTO_BASE_URL) return AUTO_BASE_URL;
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    throw new AppError('BASE_URL_INVALID');
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.username || u.password || u.search || u.hash) {
    throw new AppError('BASE_URL_INVALID');
  }
  return u.toString().replace(/\/+$/, '');
}

/** The settings only set() writes, always with a 'settings.changed' audit entry: safe to keep in memory while following. */
const AUDITED_KEYS = new Set(['base_url', 'invite_skip_lobby_default']);

export function settingsModule(ctx: Ctx, dataDir: string) {
  const read = (key: string): string | undefined =>
    (ctx.stmt('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  // A serving process (it follows other processes: core.followOtherProcesses) keeps the audited
  // settings in memory: the entry page asks for the base URL on every request. The cache is
  // dropped by this process's own set() and by the follower on another process's 'settings.changed'.
  let memo: Map<string, string | undefined> | null = null;
  const get = (key: string): string | undefined => {
    if (!memo || !AUDITED_KEYS.has(key)) return read(key);
    if (!memo.has(key)) memo.set(key, read(key));
    return memo.get(key);
  };
  const put = (key: string, value: string) =>
    ctx.stmt('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);

  /** The explicit public URL, or null while the base URL is automatic. */
  const explicitBaseUrl = (): string | null => {
    const v = get('base_url');
    return v === undefined || v === AUTO_BASE_URL ? null : v;
  };
  /** One function every process builds link URLs with (L1). */
  const baseUrl = (): string => explicitBaseUrl() ?? readListenerAddress(dataDir)?.linkBaseUrl ?? DEFAULT_BASE_URL;

  return {
    get(): CoreSettings {
      return {
        baseUrl: baseUrl(),
        baseUrlAuto: explicitBaseUrl() === null,
        inviteSkipLobbyDefault: get('invite_skip_lobby_default') === '1',
      };
    },
    baseUrl,
    explicitBaseUrl,
    /** Keep the audited settings in memory (on while following other processes), or read them each time. */
    keepInMemory(on: boolean): void {
      memo = on ? new Map() : null;
    },
    /** Another process changed the settings (its 'settings.changed' audit entry): read them again. */
    changedElsewhere(): void {
      memo?.clear();
    },
    /**
     * L4: the secret the reach probe proves itself with (HMAC-SHA256 of the
     * nonce, core/reachProof.ts): 32 random bytes made on first use and kept
     * in this database, so the listener and the CLI of this data folder share
     * it. Never shown by any operation, never sent, never written beside the database.
     */
    reachKey(): Buffer {
      const existing = get('reach_key');
      if (existing) return Buffer.from(existing, 'hex');
      ctx.write(() => ctx.stmt('INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)').run('reach_key', crypto.randomBytes(32).toString('hex')));
      return Buffer.from(get('reach_key')!, 'hex');
    },
    /**
     * S5: the secret key the listener signs `gl_b` browser IDs with (HMAC-SHA256),
     * 32 random bytes made once and kept in this database, so every process
     * serving this data folder (and a restart) verifies the same IDs. Never
     * shown by any operation, never written to a file beside the database.
     */
    browserIdKey(): Buffer {
      const existing = get('browser_id_key');
      if (existing) return Buffer.from(existing, 'hex');
      ctx.write(() => ctx.stmt('INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)').run('browser_id_key', crypto.randomBytes(32).toString('hex')));
      return Buffer.from(get('browser_id_key')!, 'hex');
    },
    set(patch: Partial<Omit<CoreSettings, 'baseUrlAuto'>>, actor: string): CoreSettings {
      const baseUrl = patch.baseUrl === undefined ? undefined : normalizeBaseUrl(patch.baseUrl);
      try {
        ctx.write(() => {
          if (baseUrl !== undefined) put('base_url', baseUrl);
          if (patch.inviteSkipLobbyDefault !== undefined) put('invite_skip_lobby_default', patch.inviteSkipLobbyDefault ? '1' : '0');
          ctx.audit({ mediaId: null, actor, action: 'settings.changed', subjectType: 'settings', subjectId: null, details: { ...patch, ...(baseUrl ? { baseUrl } : {}) } });
        });
      } finally {
        // Committed or rolled back, the next read goes to the database.
        memo?.clear();
      }
      return this.get();
    },
  };
}
export type SettingsModule = ReturnType<typeof settingsModule>;
