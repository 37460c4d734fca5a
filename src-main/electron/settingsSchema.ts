// Process: main (pure). Desktop settings: schema, defaults and validation.
// electron-store persists them (settingsStore.ts); this file has no electron
// import so it is unit-tested under Node, through `conf` with a temp folder.
import { isIP } from 'node:net';
import { z } from 'zod';
import type { AppSettings } from '../api/bridge';
import { DEFAULT_PORT } from '../core/settings';
import { parseTrustProxy } from '../listener/trustProxy';
import { LOG_LEVELS } from '../log';
import { DEFAULT_BOUNDS, type WindowBounds } from './windowOptions';

/** A bind address: an IP literal (v4 or v6) or "localhost". Host names are not bound to. */
export const hostSchema = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .refine((h) => h === 'localhost' || isIP(h) !== 0, 'must be an IP address (e.g. 127.0.0.1 or 0.0.0.0) or localhost');

export const portSchema = z.number().int().min(1).max(65535);
export const languageSchema = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, 'must be a language tag such as en or pt-BR');

export const windowBoundsSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(200).max(20_000),
  height: z.number().int().min(200).max(20_000),
});

/** '' (a sensible LAN address) or an IP literal. */
export const linkHostSchema = z.union([z.literal(''), z.string().refine((h) => isIP(h) !== 0, 'must be an IP address of this computer, or empty')]);

/** How much the logs say (src-main/log). */
export const logLevelSchema = z.enum(LOG_LEVELS);

/** L5: '' (the default) or a list the listener accepts (parseTrustProxy). */
export const trustProxySchema = z
  .string()
  .max(1000)
  .refine((list) => isTrustList(list), 'must be IP addresses, ranges like 10.0.0.0/8, or loopback, separated by commas')
  .transform((list) => parseTrustProxy(list).join(', '));

function isTrustList(list: string): boolean {
  try {
    parseTrustProxy(list);
    return true;
  } catch {
    return false;
  }
}

/** L5: whom the listener believes X-Forwarded-* from (lives next to parseTrustProxy; the host uses it). */
export { trustedProxies } from '../listener/trustProxy';

export const appSettingsSchema = z
  .object({ host: hostSchema, port: portSchema, linkHost: linkHostSchema, trustProxy: trustProxySchema, language: languageSchema, notifyOnKnock: z.boolean(), logLevel: logLevelSchema })
  .strict();

/** What the renderer may change through `app.setSettings`. Unknown keys are refused. */
export const appSettingsPatchSchema = appSettingsSchema.partial().strict();

export const DEFAULT_SETTINGS: AppSettings = { host: '127.0.0.1', port: DEFAULT_PORT, linkHost: '', trustProxy: '', language: 'en', notifyOnKnock: true, logLevel: 'info' };

export interface StoredSettings extends AppSettings {
  windowBounds: WindowBounds;
  windowMaximized: boolean;
}

export const STORE_DEFAULTS: StoredSettings = { ...DEFAULT_SETTINGS, windowBounds: { ...DEFAULT_BOUNDS }, windowMaximized: false };

/**
 * The JSON schema electron-store (conf, ajv) checks the file against. It
 * mirrors the zod schema above; a unit test keeps the two in step.
 */
export const STORE_JSON_SCHEMA = {
  host: { type: 'string', anyOf: [{ const: 'localhost' }, { format: 'ipv4' }, { format: 'ipv6' }] },
  port: { type: 'integer', minimum: 1, maximum: 65535 },
  linkHost: { type: 'string', anyOf: [{ const: '' }, { format: 'ipv4' }, { format: 'ipv6' }] },
  // The list's shape; whether each address is valid (999.1.1.1) is checked by zod when read (readSettings).
  trustProxy: { type: 'string', maxLength: 1000, pattern: '^\\s*((loopback|linklocal|uniquelocal|[0-9A-Fa-f.:]+(/[0-9]{1,3})?)\\s*(,\\s*|$))*$' },
  language: { type: 'string', pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$' },
  notifyOnKnock: { type: 'boolean' },
  logLevel: { type: 'string', enum: [...LOG_LEVELS] },
  windowBounds: {
    type: 'object',
    properties: {
      x: { type: 'integer' },
      y: { type: 'integer' },
      width: { type: 'integer', minimum: 200, maximum: 20000 },
      height: { type: 'integer', minimum: 200, maximum: 20000 },
    },
    required: ['width', 'height'],
  },
  windowMaximized: { type: 'boolean' },
} as const;

/** The settings file is settings.json in the data folder (userData). */
export const SETTINGS_FILE_NAME = 'settings';

/**
 * Options shared by `new Store(...)` (electron-store names the file with
 * `name`) and `new Conf(...)` in tests (`configName`): defaults and schema.
 */
export function storeOptions() {
  return {
    defaults: STORE_DEFAULTS,
    schema: STORE_JSON_SCHEMA,
    // A hand-edited file that fails the schema is reset to defaults rather
    // than stopping the app at launch.
    clearInvalidConfig: true,
  };
}

/** Reads settings defensively: any field that fails validation falls back to its default. */
export function readSettings(raw: Partial<Record<keyof AppSettings, unknown>>): AppSettings {
  const pick = <K extends keyof AppSettings>(key: K, schema: z.ZodType<AppSettings[K]>): AppSettings[K] => {
    const r = schema.safeParse(raw[key]);
    return r.success ? r.data : DEFAULT_SETTINGS[key];
  };
  return {
    host: pick('host', hostSchema),
    port: pick('port', portSchema),
    linkHost: pick('linkHost', linkHostSchema),
    trustProxy: pick('trustProxy', trustProxySchema),
    language: pick('language', languageSchema),
    notifyOnKnock: pick('notifyOnKnock', z.boolean()),
    logLevel: pick('logLevel', logLevelSchema),
  };
}

export function readBounds(raw: unknown): WindowBounds {
  const r = windowBoundsSchema.safeParse(raw);
  return r.success ? r.data : { ...DEFAULT_BOUNDS };
}

export type PatchResult = { ok: true; value: Partial<AppSettings> } | { ok: false; field: string; message: string };

/** What each setting must be, in a sentence the user reads (named as in Settings). */
const SETTING_RULES: Record<keyof AppSettings, string> = {
  host: 'The bind address must be an IP address (e.g. 127.0.0.1 or 0.0.0.0) or localhost.',
  port: 'The port must be a whole number from 1 to 65535.',
  linkHost: 'The link address must be an IP address of this computer, or empty.',
  trustProxy: 'Trusted proxies must be IP addresses, ranges like 10.0.0.0/8, or loopback, separated by commas.',
  language: 'The language must be a language tag such as en or pt-BR.',
  notifyOnKnock: 'Knock notifications must be on or off.',
  logLevel: 'The log level must be fatal, error, warn, info, debug, trace or silent.',
};

/** Validates a patch; a refusal names the setting in words ("The port must be a whole number from 1 to 65535."). */
export function validatePatch(input: unknown): PatchResult {
  const r = appSettingsPatchSchema.safeParse(input ?? {});
  if (r.success) return { ok: true, value: r.data };
  const issue = r.error.issues[0];
  const field = String(issue?.path[0] ?? '');
  if (issue?.code === 'unrecognized_keys') return { ok: false, field: '', message: `There is no setting called “${issue.keys.join('”, “')}”.` };
  const rule = SETTING_RULES[field as keyof AppSettings];
  return { ok: false, field, message: rule ?? 'Settings must be a list of names and values.' };
}

/** Whether a change needs the listener restarted (L1, L3). */
export function listenerChanged(before: AppSettings, after: AppSettings): boolean {
  return before.host !== after.host || before.port !== after.port || before.linkHost !== after.linkHost || before.trustProxy !== after.trustProxy;
}
