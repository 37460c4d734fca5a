// Process: main (pure; no electron import). The bridge's methods that are not
// moderator operations (settings, listener, clipboard, mail, files), in the
// shape of the operations table: a channel, a zod input and a handler whose
// dependencies are injected. The app's IPC (ipc.ts) and the test harness
// (test/harness/harness.ts) both register from this one table, so the console
// e2e tests drive the same bridge as the app; only the deps differ (Electron's
// clipboard and save dialog in the app, files in the data folder in the harness).
import { writeFile } from 'node:fs/promises';
import type { z } from 'zod';
import type { AppSettings, LanAddress, ListenerStatus, Result } from '../api/bridge';
import { ERROR_MESSAGES, type ErrorCode, type ErrorInfo } from '../core/errors';
import { CHANNELS } from './channels';
import { clipboardTextSchema, filesSaveSchema, liveUrlSchema, mailComposeSchema, noInputSchema, safeFileName } from './ipcSchemas';
import { appSettingsPatchSchema, listenerChanged, validatePatch } from './settingsSchema';
import type { SettingsUpdate } from './settingsStore';
import { isTrustedExternalUrl, type LiveSessionTarget, liveSessionTarget, mailtoUrl } from './trustedUrl';

/** The listener as the bridge sees it (ListenerController in the app and the harness). */
export interface ListenerControl {
  status(): ListenerStatus;
  start(host: string, port: number): Promise<ListenerStatus>;
  checkReach(): Promise<ListenerStatus>;
}

/** What the handlers need from their host; `Sender` is whatever identifies the calling window. */
export interface AppMethodDeps<Sender = unknown> {
  settings: { get(): AppSettings; update(patch: unknown): SettingsUpdate };
  listener: ListenerControl;
  findFreePort(host: string, from: number): Promise<number>;
  lanAddresses(): LanAddress[];
  writeClipboard(text: string): void | Promise<void>;
  /** Opens a checked mailto: URL in the user's mail client. */
  openExternal(url: string): Promise<void>;
  /** Where to save an export (the app asks with a save dialog); null when the user cancelled. */
  chooseSavePath(fileName: string, sender: Sender): Promise<string | null>;
  /** V7: opens the live session's page as the app's own moderator (the app: a hardened window whose session may use the camera, for that origin only). */
  openLiveSession(target: LiveSessionTarget, sender: Sender): void | Promise<void>;
  /** Called after the settings changed (the app applies the new language to its menu). */
  onSettingsChanged?(after: AppSettings): void;
}

type AppChannel = Exclude<(typeof CHANNELS)[keyof typeof CHANNELS], typeof CHANNELS.event>;

interface AppMethod<S extends z.ZodType = z.ZodType> {
  input: S;
  /** The error for input the schema refused (default: INVALID_INPUT with its sentence). */
  refuse?(issue: z.core.$ZodIssue | undefined, raw: unknown): ErrorInfo;
  run(deps: AppMethodDeps, input: z.output<S>, sender: unknown): unknown;
}

const failure = (code: ErrorCode, message: string = ERROR_MESSAGES[code]): ErrorInfo => ({ code, message });
const ok = <T>(value: T): Result<T> => ({ ok: true, value }) as Result<T>;

/** A settings patch the store refused, as the user reads it ("port: …"). */
function settingsRefused(raw: unknown): ErrorInfo {
  const v = validatePatch(raw);
  return failure('SETTING_INVALID', `${ERROR_MESSAGES.SETTING_INVALID}${v.ok ? '' : ` ${v.message}`}`);
}

const method = <S extends z.ZodType>(m: AppMethod<S>): AppMethod => m as unknown as AppMethod;

export const APP_METHODS: Record<AppChannel, AppMethod> = {
  [CHANNELS.getSettings]: method({ input: noInputSchema, run: (d) => d.settings.get() }),

  [CHANNELS.setSettings]: method({
    input: appSettingsPatchSchema,
    refuse: (_issue, raw) => settingsRefused(raw),
    async run(d, patch) {
      const r = d.settings.update(patch);
      if (!r.ok) return { ok: false, error: failure('SETTING_INVALID', `${ERROR_MESSAGES.SETTING_INVALID} ${r.message}`) };
      // L1, L3: a new address or port restarts the listener; its status reaches the UI as an event.
      if (listenerChanged(r.before, r.after)) await d.listener.start(r.after.host, r.after.port);
      d.onSettingsChanged?.(r.after);
      return ok(r.after);
    },
  }),

  [CHANNELS.listenerStatus]: method({ input: noInputSchema, run: (d) => d.listener.status() }),
  [CHANNELS.checkReach]: method({ input: noInputSchema, run: (d) => d.listener.checkReach() }),
  [CHANNELS.lanAddresses]: method({ input: noInputSchema, run: (d) => d.lanAddresses() }),

  [CHANNELS.useNextFreePort]: method({
    input: noInputSchema,
    async run(d) {
      // L3: the port offered with the error, or the next free one after the current port.
      const s = d.listener.status();
      const port = s.nextFreePort ?? (await d.findFreePort(s.host, s.port + 1));
      const r = d.settings.update({ port });
      if (!r.ok) return { ok: false, error: failure('SETTING_INVALID', `${ERROR_MESSAGES.SETTING_INVALID} ${r.message}`) };
      d.onSettingsChanged?.(r.after);
      return ok(await d.listener.start(r.after.host, r.after.port));
    },
  }),

  // G6: the full URL goes on the clipboard from main (the renderer has no clipboard permission).
  [CHANNELS.clipboardWrite]: method({
    input: clipboardTextSchema,
    refuse: () => failure('INVALID_INPUT', 'Nothing to copy, or the text is too long.'),
    async run(d, text) {
      await d.writeClipboard(text);
      return ok(null);
    },
  }),

  [CHANNELS.mailCompose]: method({
    input: mailComposeSchema,
    refuse: (issue) => failure(issue?.path[0] === 'to' || issue?.path[0] === 'bcc' ? 'EMAIL_INVALID' : 'INVALID_INPUT'),
    async run(d, m) {
      const url = mailtoUrl({ to: m.to.join(','), bcc: m.bcc?.join(','), subject: m.subject, body: m.body });
      if (!isTrustedExternalUrl(url)) return { ok: false, error: failure('INVALID_INPUT', 'The message is too long to open in your mail program; send it to fewer people at once, or shorten it.') };
      await d.openExternal(url);
      return ok(null);
    },
  }),

  [CHANNELS.filesSave]: method({
    input: filesSaveSchema,
    refuse: () => failure('INVALID_INPUT', 'The file name or content is not valid.'),
    async run(d, f, sender) {
      const chosen = await d.chooseSavePath(safeFileName(f.defaultName), sender);
      if (!chosen) return ok(null);
      await writeFile(chosen, Buffer.from(f.content, f.encoding));
      return ok({ path: chosen });
    },
  }),

  // V7: only live.join's own answer (the listener's /a/CODE) opens, and only its origin may use the camera.
  [CHANNELS.openLiveSession]: method({
    input: liveUrlSchema,
    refuse: () => failure('INVALID_INPUT', 'That is not a live session address of this app.'),
    async run(d, url, sender) {
      const target = liveSessionTarget(url, d.listener.status());
      if (!target) return { ok: false, error: failure('INVALID_INPUT', 'That is not a live session address of this app.') };
      await d.openLiveSession(target, sender);
      return ok(null);
    },
  }),
};

export const APP_CHANNELS = Object.keys(APP_METHODS) as AppChannel[];

export function isAppChannel(channel: unknown): channel is AppChannel {
  return typeof channel === 'string' && Object.hasOwn(APP_METHODS, channel);
}

/**
 * Validates the input and runs one method. Input the schema refuses gets a
 * coded error and runs nothing. A handler that throws is the caller's to log
 * (ipc.ts and the harness turn it into INTERNAL).
 */
export async function callAppMethod(deps: AppMethodDeps, channel: AppChannel, raw: unknown, sender: unknown): Promise<unknown> {
  const m = APP_METHODS[channel];
  const parsed = m.input.safeParse(raw);
  if (!parsed.success) return { ok: false, error: m.refuse ? m.refuse(parsed.error.issues[0], raw) : failure('INVALID_INPUT') };
  return m.run(deps, parsed.data, sender);
}
