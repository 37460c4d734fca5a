// V5, V6: where the live engine comes from, kept in the database so the app,
// the CLI and `guestlist serve` agree. Secrets (an external Janus's API
// secret and admin key) are stored here and never returned by any operation:
// `get()` only says whether one is set. The same goes for the TURN server's
// shared secret (coturn's static-auth-secret): it stays on this computer, and
// pages and Janus get short-lived credentials made from it (live/turn.ts).
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
  /** V6: a TURN server (turn:host:port or turns:host:port, optionally ?transport=udp|tcp) that relays media when no direct path works. */
  turnServer: string | null;
  /** Whether its shared secret (coturn's static-auth-secret) is set; the secret itself is never returned. */
  turnSecretSet: boolean;
}

export interface LiveSettingsPatch {
  engine?: LiveEngineChoice;
  janusPath?: string | null;
  janusUrl?: string | null;
  janusApiSecret?: string | null;
  janusAdminKey?: string | null;
  stunServer?: string | null;
  turnServer?: string | null;
  turnSecret?: string | null;
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

export interface TurnServer {
  /** The URL as pages use it (turn:… or turns:…). */
  url: string;
  /** The host name or address, without IPv6 brackets. */
  host: string;
  port: number;
  /** How Janus reaches it: turns: is TLS; turn: is UDP unless ?transport=tcp. */
  type: 'udp' | 'tcp' | 'tls';
}

export function checkTurnServer(raw: string): TurnServer {
  const m = /^(turns?):([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\]):(\d{1,5})(?:\?transport=(udp|tcp))?$/.exec(raw.trim());
  const port = m ? Number(m[3]) : 0;
  if (!m || port < 1 || port > 65535)
    throw invalid('The TURN server must be turn:host:port or turns:host:port (optionally ending in ?transport=udp or ?transport=tcp), like turn:turn.example.org:3478.');
  const type = m[1] === 'turns' ? 'tls' : m[4] === 'tcp' ? 'tcp' : 'udp';
  return { url: raw.trim(), host: m[2]!.replace(/^\[|\]$/g, ''), port, type };
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
        turnServer: get('live_turn'),
        turnSecretSet: get('live_turn_secret') !== null,
      };
    },
    /** For the host only: never passed to an interface. */
    secrets(): { apiSecret: string; adminKey: string; turnSecret: string } {
      return { apiSecret: get('live_janus_secret') ?? '', adminKey: get('live_janus_admin_key') ?? '', turnSecret: get('live_turn_secret') ?? '' };
    },
    set(patch: LiveSettingsPatch, actor: string): LiveSettings {
      if (patch.engine !== undefined && !(LIVE_ENGINES as readonly string[]).includes(patch.engine)) throw invalid('The live engine must be built-in, external or off.');
      const janusUrl = patch.janusUrl ? checkJanusUrl(patch.janusUrl) : patch.janusUrl;
      if (patch.janusPath && !/^([A-Za-z]:)?[\\/]/.test(patch.janusPath)) throw invalid('The Janus program must be given as a full path, like /usr/bin/janus.');
      const stun = patch.stunServer ? patch.stunServer.trim().replace(/^stun:/, '') : patch.stunServer;
      if (stun) checkStunServer(stun);
      const turn = patch.turnServer ? checkTurnServer(patch.turnServer).url : patch.turnServer;
      const turnSecret = patch.turnSecret ? patch.turnSecret.trim() : patch.turnSecret;
      const next = {
        ...mod.get(),
        ...(patch.engine ? { engine: patch.engine } : {}),
        ...(janusUrl !== undefined ? { janusUrl } : {}),
        ...(turn !== undefined ? { turnServer: turn || null } : {}),
        ...(turnSecret !== undefined ? { turnSecretSet: !!turnSecret } : {}),
      };
      if (next.engine === 'external' && !next.janusUrl) throw invalid('An external live engine needs its URL (ws:// or wss://).');
      // Without the secret nobody could be given credentials, so the server would be named for nothing.
      if (next.turnServer && !next.turnSecretSet) throw invalid('A TURN server needs its shared secret (the static-auth-secret in coturn’s turnserver.conf): give both.');
      ctx.write(() => {
        if (patch.engine !== undefined) put('live_engine', patch.engine);
        if (patch.janusPath !== undefined) put('live_janus_path', patch.janusPath || null);
        if (janusUrl !== undefined) put('live_janus_url', janusUrl || null);
        if (patch.janusApiSecret !== undefined) put('live_janus_secret', patch.janusApiSecret || null);
        if (patch.janusAdminKey !== undefined) put('live_janus_admin_key', patch.janusAdminKey || null);
        if (stun !== undefined) put('live_stun', stun || null);
        if (turn !== undefined) put('live_turn', turn || null);
        if (turnSecret !== undefined) put('live_turn_secret', turnSecret || null);
        // The audit says which settings changed, never a secret's value.
        const details = {
          ...patch,
          ...(patch.janusApiSecret !== undefined ? { janusApiSecret: '(changed)' } : {}),
          ...(patch.janusAdminKey !== undefined ? { janusAdminKey: '(changed)' } : {}),
          ...(patch.turnSecret !== undefined ? { turnSecret: '(changed)' } : {}),
        };
        ctx.audit({ mediaId: null, actor, action: 'settings.changed', subjectType: 'settings', subjectId: null, details });
      });
      return mod.get();
    },
  };
  return mod;
}
export type LiveSettingsModule = ReturnType<typeof liveSettingsModule>;
