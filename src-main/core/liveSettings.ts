// V5, V6: where the live engine comes from, kept in the database so the app,
// the CLI and `guestlist serve` agree. Secrets (an external Janus's API
// secret and admin key) are stored here and never returned by any operation:
// `get()` only says whether one is set.
import type { Ctx } from './context';
import { AppError } from './errors';

export const LIVE_ENGINES = ['built-in', 'external', 'off'] as const;
export type LiveEngineChoice = (typeof LIVE_ENGINES)[number];

export interface LiveSettings {
  /** built-in: a Janus child of the host (the `janus` on PATH or `janusPath`); external: a Janus at `janusUrl`; off: no live media. */
  engine: LiveEngineChoice;
  janusPath: string | null;
  janusUrl: string | null;
  janusSecretSet: boolean;
  /** V6: a STUN server Janus and the pages use to find their public address (host:port). */
  stunServer: string | null;
}

export interface LiveSettingsPatch {
  engine?: LiveEngineChoice;
  janusPath?: string | null;
  janusUrl?: string | null;
  janusApiSecret?: string | null;
  janusAdminKey?: string | null;
  stunServer?: string | null;
}

const invalid = (message: string) => new AppError('SETTING_INVALID', message);

export function checkJanusUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    throw invalid('The Janus URL must be a ws:// or wss:// address, like ws://janus.example.org:8188.');
  }
  if ((u.protocol !== 'ws:' && u.protocol !== 'wss:') || u.username || u.password || u.hash) throw invalid('The Janus URL must be a ws:// or wss:// address, like ws://janus.example.org:8188.');
  return u.toString();
}

export function checkStunServer(raw: string): { host: string; port: number } {
  const m = /^(?:stun:)?([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\]):(\d{1,5})$/.exec(raw.trim());
  const port = m ? Number(m[2]) : 0;
  if (!m || port < 1 || port > 65535) throw invalid('The STUN server must be host:port, like stun.example.org:3478.');
  return { host: m[1]!, port };
}

export function liveSettingsModule(ctx: Ctx) {
  const get = (key: string): string | null => (ctx.stmt('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value ?? null;
  const put = (key: string, value: string | null) => {
    if (value === null) ctx.stmt('DELETE FROM settings WHERE key = ?').run(key);
    else ctx.stmt('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  };
  const mod = {
    get(): LiveSettings {
      const engine = get('live_engine');
      return {
        engine: (LIVE_ENGINES as readonly string[]).includes(engine ?? '') ? (engine as LiveEngineChoice) : 'built-in',
        janusPath: get('live_janus_path'),
        janusUrl: get('live_janus_url'),
        janusSecretSet: get('live_janus_secret') !== null,
        stunServer: get('live_stun'),
      };
    },
    /** For the host only: never passed to an interface. */
    secrets(): { apiSecret: string; adminKey: string } {
      return { apiSecret: get('live_janus_secret') ?? '', adminKey: get('live_janus_admin_key') ?? '' };
    },
    set(patch: LiveSettingsPatch, actor: string): LiveSettings {
      if (patch.engine !== undefined && !(LIVE_ENGINES as readonly string[]).includes(patch.engine)) throw invalid('The live engine must be built-in, external or off.');
      const janusUrl = patch.janusUrl ? checkJanusUrl(patch.janusUrl) : patch.janusUrl;
      if (patch.janusPath && !/^([A-Za-z]:)?[\\/]/.test(patch.janusPath)) throw invalid('The Janus program must be given as a full path, like /usr/bin/janus.');
      const stun = patch.stunServer ? patch.stunServer.trim().replace(/^stun:/, '') : patch.stunServer;
      if (stun) checkStunServer(stun);
      const next = { ...mod.get(), ...(patch.engine ? { engine: patch.engine } : {}), ...(janusUrl !== undefined ? { janusUrl } : {}) };
      if (next.engine === 'external' && !next.janusUrl) throw invalid('An external live engine needs its URL (ws:// or wss://).');
      ctx.write(() => {
        if (patch.engine !== undefined) put('live_engine', patch.engine);
        if (patch.janusPath !== undefined) put('live_janus_path', patch.janusPath || null);
        if (janusUrl !== undefined) put('live_janus_url', janusUrl || null);
        if (patch.janusApiSecret !== undefined) put('live_janus_secret', patch.janusApiSecret || null);
        if (patch.janusAdminKey !== undefined) put('live_janus_admin_key', patch.janusAdminKey || null);
        if (stun !== undefined) put('live_stun', stun || null);
        // The audit says which settings changed, never a secret's value.
        const details = { ...patch, ...(patch.janusApiSecret !== undefined ? { janusApiSecret: '(changed)' } : {}), ...(patch.janusAdminKey !== undefined ? { janusAdminKey: '(changed)' } : {}) };
        ctx.audit({ mediaId: null, actor, action: 'settings.changed', subjectType: 'settings', subjectId: null, details });
      });
      return mod.get();
    },
  };
  return mod;
}
export type LiveSettingsModule = ReturnType<typeof liveSettingsModule>;
