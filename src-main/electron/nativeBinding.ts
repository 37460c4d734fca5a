// Process: main (pure). Where the better-sqlite3 binding built for Electron's
// ABI lives. node_modules keeps the Node build (tests, CLI); Electron loads
// this one through better-sqlite3's `nativeBinding` option.
// scripts/electron-native.mjs builds it into the same place.
import path from 'node:path';

export const BINDING_FILE = 'better_sqlite3.node';

export function electronBindingPath(o: { packaged: boolean; resourcesPath: string; appPath: string; electronVersion: string }): string {
  // Packaged: electron-builder copies it to resources/native (extraResources).
  if (o.packaged) return path.join(o.resourcesPath, 'native', BINDING_FILE);
  return path.join(o.appPath, '.native', `electron-${o.electronVersion}`, BINDING_FILE);
}
