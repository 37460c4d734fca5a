// Process: main. Registers every IPC channel the preload uses: one per
// operation of the api table, plus the bridge's app/listener/clipboard/mail/
// files channels. Each handler checks the sender, validates its input and
// returns a Result; nothing throws across IPC for a user error.
import path from 'node:path';
import { app, BrowserWindow, clipboard, dialog, type IpcMainInvokeEvent, ipcMain, shell } from 'electron';
import type { AppSettings } from '../api/bridge';
import { OPERATION_NAMES } from '../api/schemas';
import { callOperation } from '../api/table';
import type { Core } from '../core';
import { ERROR_MESSAGES, type ErrorCode } from '../core/errors';
import { DOMAIN_EVENT_NAMES } from '../core/events';
import { type AppMethodDeps, APP_CHANNELS, callAppMethod } from './appMethods';
import { CHANNELS, opChannel } from './channels';
import { lanAddresses } from '../core/network';
import type { ListenerController } from '../host/listenerController';
import { logger } from './log';
import { devServerUrl } from './security';
import type { SettingsStore } from './settingsStore';
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
    onSettingsChanged: deps.onSettingsChanged,
  };
  for (const channel of APP_CHANNELS) reg(channel, (event, input) => callAppMethod(appDeps as AppMethodDeps, channel, input, event.sender));

  // Domain events go to every window; the preload strips the Electron event object.
  const unsubscribers = DOMAIN_EVENT_NAMES.map((name) => core.events.on(name, (payload) => broadcast(CHANNELS.event, name, payload)));

  return () => {
    for (const off of unsubscribers) off();
    for (const c of channels) ipcMain.removeHandler(c);
  };
}
