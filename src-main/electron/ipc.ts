// Process: main. Registers every IPC channel the preload uses: one per
// operation of the api table, plus the bridge's app/listener/clipboard/mail/
// files channels. Each handler checks the sender, validates its input and
// returns a Result; nothing throws across IPC for a user error.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { app, BrowserWindow, clipboard, dialog, type IpcMainInvokeEvent, ipcMain, shell } from 'electron';
import type { AppSettings, ListenerStatus, Result } from '../api/bridge';
import { OPERATION_NAMES } from '../api/schemas';
import { callOperation } from '../api/table';
import type { Core } from '../core';
import { ERROR_MESSAGES, type ErrorCode } from '../core/errors';
import { DOMAIN_EVENT_NAMES } from '../core/events';
import { CHANNELS, opChannel } from './channels';
import { clipboardTextSchema, filesSaveSchema, mailComposeSchema, safeFileName } from './ipcSchemas';
import { lanAddresses } from '../core/network';
import type { ListenerController } from './listenerController';
import { logger } from './log';
import { devServerUrl } from './security';
import { listenerChanged } from './settingsSchema';
import type { SettingsStore } from './settingsStore';
import { isRendererUrl, isTrustedExternalUrl, mailtoUrl } from './trustedUrl';

export const APP_ACTOR = 'moderator (app)';
const log = logger('ipc');

const fail = (code: ErrorCode, message: string = ERROR_MESSAGES[code]): { ok: false; error: { code: ErrorCode; message: string } } => ({
  ok: false,
  error: { code, message },
});

/** Only our own renderer's main frame may call in; anything else is refused and logged. */
function assertSender(event: IpcMainInvokeEvent, channel: string): void {
  const url = event.senderFrame?.url;
  if (!isRendererUrl(url, devServerUrl())) {
    log.warn(`refused ${channel} from an untrusted frame`);
    throw new Error('Refused: untrusted sender.');
  }
}

function handle(channel: string, fn: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void {
  ipcMain.handle(channel, async (event, ...args) => {
    assertSender(event, channel);
    try {
      return await fn(event, ...args);
    } catch (e) {
      log.error(`${channel} failed`, e);
      return fail('INTERNAL');
    }
  });
}

export function broadcast(channel: string, ...args: unknown[]): void {
  for (const win of BrowserWindow.getAllWindows()) {
    if (!win.isDestroyed() && !win.webContents.isDestroyed()) win.webContents.send(channel, ...args);
  }
}

export interface IpcDeps {
  core: Core;
  settings: SettingsStore;
  listener: ListenerController;
  findFreePort(host: string, from: number): Promise<number>;
  /** Called after settings changed (e.g. to apply the new language to the menu). */
  onSettingsChanged?(s: AppSettings): void;
}

/** Registers all channels and forwards domain events; returns a function that undoes it. */
export function registerIpc(deps: IpcDeps): () => void {
  const { core, settings, listener } = deps;
  const channels: string[] = [];
  const reg = (channel: string, fn: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown) => {
    handle(channel, fn);
    channels.push(channel);
  };

  for (const name of OPERATION_NAMES) {
    reg(opChannel(name), async (_e, input) => {
      const wasExplicit = core.settings.explicitBaseUrl() !== null;
      const r = await callOperation(core, name, input, APP_ACTOR);
      if (name === 'settings.set' && r.ok) {
        // L5: trusted proxies follow the choice (loopback behind a public URL), so a switch restarts the listener;
        // L4: either way the new base URL is checked at once (the status carries the result).
        const s = settings.get();
        if (wasExplicit !== (core.settings.explicitBaseUrl() !== null)) void listener.start(s.host, s.port);
        else void listener.checkReach();
      }
      return r;
    });
  }

  reg(CHANNELS.getSettings, () => settings.get());

  reg(CHANNELS.setSettings, async (_e, patch): Promise<Result<AppSettings>> => {
    const r = settings.update(patch);
    if (!r.ok) return fail('SETTING_INVALID', `${ERROR_MESSAGES.SETTING_INVALID} ${r.message}`);
    if (listenerChanged(r.before, r.after)) await listener.start(r.after.host, r.after.port);
    deps.onSettingsChanged?.(r.after);
    return { ok: true, value: r.after };
  });

  reg(CHANNELS.listenerStatus, () => listener.status());
  reg(CHANNELS.checkReach, () => listener.checkReach());
  reg(CHANNELS.lanAddresses, () => lanAddresses());

  reg(CHANNELS.useNextFreePort, async (): Promise<Result<ListenerStatus>> => {
    const s = listener.status();
    const port = s.nextFreePort ?? (await deps.findFreePort(s.host, s.port + 1));
    const r = settings.update({ port });
    if (!r.ok) return fail('SETTING_INVALID', `${ERROR_MESSAGES.SETTING_INVALID} ${r.message}`);
    return { ok: true, value: await listener.start(r.after.host, r.after.port) };
  });

  // G6: the full URL goes on the clipboard from main (the renderer has no clipboard permission).
  reg(CHANNELS.clipboardWrite, (_e, text): Result<null> => {
    const p = clipboardTextSchema.safeParse(text);
    if (!p.success) return fail('INVALID_INPUT', 'Nothing to copy, or the text is too long.');
    clipboard.writeText(p.data);
    return { ok: true, value: null };
  });

  reg(CHANNELS.mailCompose, async (_e, input): Promise<Result<null>> => {
    const p = mailComposeSchema.safeParse(input);
    if (!p.success) return fail(p.error.issues[0]?.path[0] === 'to' ? 'EMAIL_INVALID' : 'INVALID_INPUT');
    const url = mailtoUrl({ to: p.data.to.join(','), subject: p.data.subject, body: p.data.body });
    if (!isTrustedExternalUrl(url)) return fail('INVALID_INPUT');
    await shell.openExternal(url);
    return { ok: true, value: null };
  });

  reg(CHANNELS.filesSave, async (event, input): Promise<Result<{ path: string } | null>> => {
    const p = filesSaveSchema.safeParse(input);
    if (!p.success) return fail('INVALID_INPUT', 'The file name or content is not valid.');
    const win = BrowserWindow.fromWebContents(event.sender);
    const defaultPath = path.join(app.getPath('downloads'), safeFileName(p.data.defaultName));
    const options = { defaultPath, properties: ['createDirectory', 'showOverwriteConfirmation'] as Array<'createDirectory' | 'showOverwriteConfirmation'> };
    const chosen = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
    if (chosen.canceled || !chosen.filePath) return { ok: true, value: null };
    await writeFile(chosen.filePath, Buffer.from(p.data.content, p.data.encoding));
    log.info('saved an export');
    return { ok: true, value: { path: chosen.filePath } };
  });

  // Domain events go to every window; the preload strips the Electron event object.
  const unsubscribers = DOMAIN_EVENT_NAMES.map((name) => core.events.on(name, (payload) => broadcast(CHANNELS.event, name, payload)));

  return () => {
    for (const off of unsubscribers) off();
    for (const c of channels) ipcMain.removeHandler(c);
  };
}
