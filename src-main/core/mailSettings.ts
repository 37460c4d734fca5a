// Sending invites by email: the SMTP server, kept in the database settings
// table so the app, the CLI and `guestlist serve` agree. The password is
// never returned by any operation (`get()` only says whether one is set).
// From the CLI (config set smtp-url --password-stdin) it is stored in this
// database, like the external Janus's secret. The app keeps its own password
// encrypted with the OS's safeStorage (src-main/electron/mailSecret.ts) and
// gives it to the host at start: held in memory here (setRuntimePassword),
// never written to the database; it wins over a stored one.
import type { Ctx } from './context';
import { isValidEmail } from './email';
import { AppError } from './errors';

export const MAIL_LANGS = ['en', 'fr', 'es', 'he'] as const;
export type MailLang = (typeof MAIL_LANGS)[number];

export interface MailSettings {
  /** True when a server is set: "Send invites" emails them. */
  configured: boolean;
  host: string | null;
  port: number | null;
  /** TLS from the first byte (smtps://, usually port 465). Without it, STARTTLS is used when the server offers it. */
  secure: boolean;
  user: string | null;
  passwordSet: boolean;
  /** The sender address; without one, the user name when it is an address, else guestlist@HOST. */
  from: string | null;
  /** The language of an invite's email when the invite has none of its own. */
  lang: MailLang;
}

export interface MailSettingsPatch {
  /** smtp://[user@]host[:port] or smtps://…; null or '' removes the server. */
  smtpUrl?: string | null;
  /** null or '' removes it. */
  password?: string | null;
  from?: string | null;
  lang?: MailLang;
}

/** What the sender (core/inviteMail.ts) connects with: for the host and the CLI only, never passed to an interface. */
export interface SmtpConnection {
  host: string;
  port: number;
  secure: boolean;
  user: string | null;
  password: string | null;
  from: string;
}

const HOST_RE = /^([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$|^\d{1,3}(\.\d{1,3}){3}$|^\[[0-9a-fA-F:]+\]$/;

export function parseSmtpUrl(raw: string): { host: string; port: number; secure: boolean; user: string | null } {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    throw new AppError('SMTP_URL_INVALID');
  }
  const secure = u.protocol === 'smtps:';
  if ((u.protocol !== 'smtp:' && !secure) || u.password || (u.pathname && u.pathname !== '/') || u.search || u.hash || !HOST_RE.test(u.hostname)) {
    // A password in the URL would land in shell history and the audit log: it goes through --password-stdin.
    throw new AppError('SMTP_URL_INVALID', u.password ? `${new AppError('SMTP_URL_INVALID').message} Give the password separately (--password-stdin), never in the URL.` : undefined);
  }
  const port = u.port ? Number(u.port) : secure ? 465 : 587;
  const user = u.username ? decodeURIComponent(u.username) : null;
  if (user !== null && /[\u0000-\u001f\u007f]/.test(user)) throw new AppError('SMTP_URL_INVALID');
  return { host: u.hostname, port, secure, user };
}

export function mailSettingsModule(ctx: Ctx) {
  const get = (key: string): string | null => (ctx.stmt('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value ?? null;
  const put = (key: string, value: string | null) => {
    if (value === null) ctx.stmt('DELETE FROM settings WHERE key = ?').run(key);
    else ctx.stmt('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  };
  /** The app's password (main keeps it encrypted with safeStorage): in memory only; it wins over one in the database (the CLI's). */
  let runtimePassword: string | null = null;
  const mod = {
    setRuntimePassword(password: string | null): void {
      runtimePassword = password || null;
    },
    get(): MailSettings {
      const host = get('smtp_host');
      const lang = get('mail_lang');
      return {
        configured: host !== null,
        host,
        port: host !== null ? Number(get('smtp_port') ?? 587) : null,
        secure: get('smtp_secure') === '1',
        user: get('smtp_user'),
        passwordSet: runtimePassword !== null || get('smtp_password') !== null,
        from: get('mail_from'),
        lang: (MAIL_LANGS as readonly string[]).includes(lang ?? '') ? (lang as MailLang) : 'en',
      };
    },
    /** For the sender only (host, CLI): never passed to an interface. Null without a server. */
    connection(): SmtpConnection | null {
      const s = mod.get();
      if (!s.host || !s.port) return null;
      const from = s.from ?? (s.user && isValidEmail(s.user) ? s.user : `guestlist@${s.host.replace(/^\[|\]$/g, '')}`);
      return { host: s.host, port: s.port, secure: s.secure, user: s.user, password: runtimePassword ?? get('smtp_password'), from };
    },
    set(patch: MailSettingsPatch, actor: string): MailSettings {
      const server = patch.smtpUrl ? parseSmtpUrl(patch.smtpUrl) : patch.smtpUrl === undefined ? undefined : null;
      const from = patch.from?.trim() || (patch.from === undefined ? undefined : null);
      if (from && !isValidEmail(from)) throw new AppError('MAIL_FROM_INVALID');
      if (patch.lang !== undefined && !(MAIL_LANGS as readonly string[]).includes(patch.lang)) throw new AppError('MAIL_LANGUAGE_INVALID');
      ctx.write(() => {
        if (server !== undefined) {
          put('smtp_host', server?.host ?? null);
          put('smtp_port', server ? String(server.port) : null);
          put('smtp_secure', server ? (server.secure ? '1' : '0') : null);
          put('smtp_user', server?.user ?? null);
          // Removing the server forgets its password too.
          if (server === null) {
            put('smtp_password', null);
            runtimePassword = null;
          }
        }
        if (patch.password !== undefined) put('smtp_password', patch.password || null);
        if (from !== undefined) put('mail_from', from);
        if (patch.lang !== undefined) put('mail_lang', patch.lang);
        // The audit says which settings changed, never the password.
        const details = { ...patch, ...(patch.password !== undefined ? { password: '(changed)' } : {}) };
        ctx.audit({ mediaId: null, actor, action: 'settings.changed', subjectType: 'settings', subjectId: null, details });
      });
      return mod.get();
    },
  };
  return mod;
}
export type MailSettingsModule = ReturnType<typeof mailSettingsModule>;
