import os from 'node:os';
import path from 'node:path';

export const APP_NAME = 'Guestlist';
export const DB_FILE_NAME = 'guestlist.db';

/**
 * The same folder Electron's app.getPath('userData') gives for this app, so
 * links prepared with the CLI show up in the desktop app (O2).
 */
export function platformDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = os.homedir()): string {
  if (platform === 'win32') return path.win32.join(env.APPDATA ?? path.win32.join(home, 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', APP_NAME);
  return path.posix.join(env.XDG_CONFIG_HOME || path.posix.join(home, '.config'), APP_NAME);
}

/** --data DIR wins, then GUESTLIST_DATA_DIR, then the platform folder. */
export function resolveDataDir(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return path.resolve(flag);
  if (env.GUESTLIST_DATA_DIR) return path.resolve(env.GUESTLIST_DATA_DIR);
  return platformDataDir(env);
}
