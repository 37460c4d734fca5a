import type { Ctx } from './context';
import { AppError } from './errors';

export const DEFAULT_PORT = 4410;
export const DEFAULT_BASE_URL = `http://127.0.0.1:${DEFAULT_PORT}`;

export interface CoreSettings {
  /** L1: links are built from this, so prepared links stay the same when the network changes. */
  baseUrl: string;
  /** I5: whether a new invite skips the lobby unless told otherwise. */
  inviteSkipLobbyDefault: boolean;
}

export function normalizeBaseUrl(raw: string): string {
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

export function settingsModule(ctx: Ctx) {
  const get = (key: string): string | undefined =>
    (ctx.stmt('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  const put = (key: string, value: string) =>
    ctx.stmt('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);

  return {
    get(): CoreSettings {
      return {
        baseUrl: get('base_url') ?? DEFAULT_BASE_URL,
        inviteSkipLobbyDefault: get('invite_skip_lobby_default') === '1',
      };
    },
    baseUrl(): string {
      return get('base_url') ?? DEFAULT_BASE_URL;
    },
    set(patch: Partial<CoreSettings>, actor: string): CoreSettings {
      const baseUrl = patch.baseUrl === undefined ? undefined : normalizeBaseUrl(patch.baseUrl);
      ctx.write(() => {
        if (baseUrl !== undefined) put('base_url', baseUrl);
        if (patch.inviteSkipLobbyDefault !== undefined) put('invite_skip_lobby_default', patch.inviteSkipLobbyDefault ? '1' : '0');
        ctx.audit({ mediaId: null, actor, action: 'settings.changed', subjectType: 'settings', subjectId: null, details: { ...patch, ...(baseUrl ? { baseUrl } : {}) } });
      });
      return this.get();
    },
  };
}
export type SettingsModule = ReturnType<typeof settingsModule>;
