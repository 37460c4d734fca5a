// Finds the Electron binary WITHOUT require('electron'): that require tries to
// download the binary when it is missing, and the download fails offline.
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../../..');

export interface ElectronLookup {
  executablePath: string | null;
  version: string;
  /** Why the Electron e2e test can't run here, when it can't. */
  reason: string | null;
}

export function findElectron(env: NodeJS.ProcessEnv = process.env): ElectronLookup {
  const pkgDir = path.join(ROOT, 'node_modules', 'electron');
  const version = fs.existsSync(path.join(pkgDir, 'package.json')) ? (JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { version: string }).version : '?';
  const pathTxt = path.join(pkgDir, 'path.txt');
  const relative = fs.existsSync(pathTxt) ? fs.readFileSync(pathTxt, 'utf8').trim() : null;
  const defaultRel = process.platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : process.platform === 'win32' ? 'electron.exe' : 'electron';
  const candidates = [
    env.ELECTRON_OVERRIDE_DIST_PATH ? path.join(env.ELECTRON_OVERRIDE_DIST_PATH, relative ?? defaultRel) : null,
    path.join(pkgDir, 'dist', relative ?? defaultRel),
  ].filter((p): p is string => !!p);
  const found = candidates.find((p) => fs.existsSync(p)) ?? null;
  if (!found) {
    return {
      executablePath: null,
      version,
      reason: `the Electron ${version} binary is not installed (looked for ${candidates.map((c) => path.relative(ROOT, c) || c).join(' and ')}; it is downloaded on first use, which needs the internet). Set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron ${version} to run this test.`,
    };
  }
  const binding = path.join(ROOT, '.native', `electron-${version}`, 'better_sqlite3.node');
  if (!fs.existsSync(binding)) {
    return { executablePath: found, version, reason: `the better-sqlite3 binding for Electron ${version} is missing (${path.relative(ROOT, binding)}); run "node scripts/electron-native.mjs" with internet access.` };
  }
  return { executablePath: found, version, reason: null };
}
