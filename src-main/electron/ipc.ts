// Process: main. Registers every IPC channel the preload uses: one per
// operation of the api table, plus the bridge's app/listener/clipboard/mail/
// files channels. Each handler checks the sender, validates its input and
// returns a Result; nothing throws across IPC for a user error. Operations
// are validated here, then relayed to the host process, which holds the data
// (main runs no SQL); the host's events are broadcast by lifecycle.ts.
import path from 'node:path';
import { app, BrowserWindow, clipboard, dialog, type IpcMainInvokeEvent, ipcMain, shell } from 'electron';
import type { AppSettings } from '../api/bridge';
import { OPERATION_NAMES } from '../api/schemas';
import { validateOperation } from '../api/table';
import { ERROR_MESSAGES, type ErrorCode } from '../core/errors';
import { type AppMethodDeps, APP_CHANNELS, callAppMethod } from './appMethods';
import { CHANNELS, opChannel } from './channels';
import { lanAddresses } from '../core/network';
import type { HostClient } from '../host/client';
import type { HostListener } from '../host/hostListener';
import { openLiveWindow } from './liveWindow';
import { logger } from './log';
import { devServerUrl } from './security';
import type { SettingsStore } from './settingsStore';
import type { MailSecret } from './mailSecret';
import { takeMailPassword } from './ipcSchemas';
import { isRendererUrl } from './trustedUrl';

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
  host: Pick<HostClient, 'op' | 'call'>;
  settings: SettingsStore;
  listener: HostListener;
  findFreePort(host: string, from: number): Promise<number>;
  /** Called after settings changed (e.g. to apply the new language to the menu). */
  onSettingsChanged?(s: AppSettings): void;
  /** Where the app keeps the mail server password (safeStorage); without it, the password goes to the database. */
  mailSecret?: MailSecret;
}

/** Registers all channels and forwards domain events; returns a function that undoes it. */
export function registerIpc(deps: IpcDeps): () => void {
  const { host, settings, listener } = deps;
  const channels: string[] = [];
  const reg = (channel: string, fn: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown) => {
    handle(channel, fn);
    channels.push(channel);
  };

  for (const name of OPERATION_NAMES) {
    reg(opChannel(name), async (_e, input) => {
      // The boundary check stays here: input the schema refuses never reaches the host.
      const v = validateOperation(name, input);
      if (!v.ok) return v;
      // The mail server password is kept by main, encrypted with safeStorage; the host gets it in memory only.
      const secret = deps.mailSecret?.available() ? takeMailPassword(name, v.input) : null;
      if (secret) {
        const r = await host.op(name, secret.input, APP_ACTOR);
        if (!r.ok) return r;
        deps.mailSecret!.save(secret.password);
        const set = await host.call('mail.setPassword', { password: secret.password });
        if (!set.ok) return set;
        return host.op('mail.settings.get', {}, APP_ACTOR);
      }
      // settings.set's listener restart (L5) and reach check (L4) happen in the host, next to the listener.
      return host.op(name, input, APP_ACTOR);
    });
  }

  // The bridge's other methods, from the table the harness registers too (appMethods.ts).
  const appDeps: AppMethodDeps<IpcMainInvokeEvent['sender']> = {
    settings,
    listener,
    findFreePort: deps.findFreePort,
    lanAddresses,
    writeClipboard: (text) => clipboard.writeText(text),
    openExternal: (url) => shell.openExternal(url),
    async chooseSavePath(fileName, sender) {
      const win = BrowserWindow.fromWebContents(sender);
      const options = { defaultPath: path.join(app.getPath('downloads'), fileName), properties: ['createDirectory', 'showOverwriteConfirmation'] as Array<'createDirectory' | 'showOverwriteConfirmation'> };
      const chosen = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return chosen.canceled || !chosen.filePath ? null : chosen.filePath;
    },
    openLiveSession: (target) => openLiveWindow(target),
    onSettingsChanged: deps.onSettingsChanged,
  };
  for (const channel of APP_CHANNELS) reg(channel, (event, input) => callAppMethod(appDeps as AppMethodDeps, channel, input, event.sender));

  return () => {
    for (const c of channels) ipcMain.removeHandler(c);
  };
}
