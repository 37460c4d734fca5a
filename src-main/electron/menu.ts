// Process: main. The application menu, built from Electron's standard roles,
// labelled in the chosen language (nativeText.ts) and rebuilt when it changes.
import fs from 'node:fs';
import { app, Menu, type MenuItemConstructorOptions, shell } from 'electron';
import { logsDir } from '../log';
import type { NativeText } from './nativeText';

export function buildMenu(opts: { dataDir: string; dev: boolean; text: NativeText }): Menu {
  const isMac = process.platform === 'darwin';
  const m = opts.text.menu;
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: m.file,
      submenu: [
        { label: m.showDataFolder, click: () => void shell.openPath(opts.dataDir) },
        { type: 'separator' },
        isMac ? { role: 'close', label: m.close } : { role: 'quit', label: m.quit },
      ],
    },
    {
      label: m.edit,
      submenu: [
        { role: 'undo', label: m.undo },
        { role: 'redo', label: m.redo },
        { type: 'separator' },
        { role: 'cut', label: m.cut },
        { role: 'copy', label: m.copy },
        { role: 'paste', label: m.paste },
        { role: 'selectAll', label: m.selectAll },
      ],
    },
    {
      label: m.view,
      submenu: [
        ...(opts.dev ? ([{ role: 'reload', label: m.reload }, { role: 'toggleDevTools', label: m.devTools }, { type: 'separator' }] as MenuItemConstructorOptions[]) : []),
        { role: 'resetZoom', label: m.actualSize },
        { role: 'zoomIn', label: m.zoomIn },
        { role: 'zoomOut', label: m.zoomOut },
        { type: 'separator' },
        { role: 'togglefullscreen', label: m.fullScreen },
      ],
    },
    { label: m.window, submenu: [{ role: 'minimize', label: m.minimize }, { role: 'close', label: m.close }] },
    {
      label: m.help,
      role: 'help',
      submenu: [
        // The data folder's logs/ (host.log, main.log, serve.log): a fixed local path, never a URL.
        { label: m.openLogsFolder, click: () => void openLogsFolder(opts.dataDir) },
        { type: 'separator' },
        { label: `Guestlist ${app.getVersion()}`, enabled: false },
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}

async function openLogsFolder(dataDir: string): Promise<void> {
  const dir = logsDir(dataDir);
  fs.mkdirSync(dir, { recursive: true });
  await shell.openPath(dir);
}
