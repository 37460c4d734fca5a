// Process: main (pure). Launch arguments and the words of the startup
// failure dialog, kept out of main.ts so they are unit-tested.
import { isAppError } from '../core/errors';

/** `--data DIR` or `--data=DIR` (O2); the env var is read by resolveDataDir. */
export function dataFlag(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--data') return argv[i + 1];
    if (a.startsWith('--data=')) return a.slice('--data='.length) || undefined;
  }
  return undefined;
}

/** Windows' AppUserModelID for notifications and the taskbar: electron-builder's appId (a test keeps them equal). */
export const APP_USER_MODEL_ID = 'app.guestlist.desktop';

export interface StartupProblem {
  title: string;
  message: string;
  detail: string;
  /** Whether choosing another data folder can help. */
  canPickFolder: boolean;
}

export function describeStartupError(e: unknown, dataDir: string, bindingPath: string): StartupProblem {
  const where = `Data folder: ${dataDir}`;
  if (isAppError(e)) {
    switch (e.code) {
      case 'DB_NEWER_VERSION':
        return { title: 'Guestlist', message: 'This data was written by a newer version of Guestlist.', detail: `${e.message}\n\n${where}`, canPickFolder: true };
      case 'DB_NOT_A_DATABASE':
        return { title: 'Guestlist', message: 'The data file is not a Guestlist database, or it is damaged.', detail: `${e.message}\n\n${where}`, canPickFolder: true };
      case 'DB_READ_ONLY':
        return { title: 'Guestlist', message: 'The data folder cannot be written to.', detail: `${e.message}\n\n${where}`, canPickFolder: true };
      default:
        return { title: 'Guestlist', message: 'Guestlist could not open its data.', detail: `${e.message}\n\n${where}`, canPickFolder: true };
    }
  }
  const text = e instanceof Error ? e.message : String(e);
  if (/NODE_MODULE_VERSION|was compiled against a different Node\.js version|Cannot find module|better_sqlite3\.node|invalid ELF|not a valid Win32/i.test(text)) {
    return {
      title: 'Guestlist',
      message: 'The SQLite module for this version of Electron is missing or was built for another version.',
      detail: `Expected it at ${bindingPath}.\nRun "node scripts/electron-native.mjs" (npm start does this) on a machine with internet access, or reinstall Guestlist.\n\n${text}`,
      canPickFolder: false,
    };
  }
  return { title: 'Guestlist', message: 'Guestlist could not start.', detail: `${text}\n\n${where}`, canPickFolder: true };
}

/** The data folder could not be created or written to (shown after ready, never a crash at load). */
export function describeDataFolderError(e: unknown, dataDir: string): StartupProblem {
  const text = e instanceof Error ? e.message : String(e);
  return {
    title: 'Guestlist',
    message: 'Guestlist cannot create or write to its data folder.',
    detail: `${text}\n\nData folder: ${dataDir}\nTo use another folder, start Guestlist with --data FOLDER or set GUESTLIST_DATA_DIR.`,
    canPickFolder: false,
  };
}

