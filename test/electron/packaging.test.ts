// A clean installer: the SQLite binding follows the installed Electron
// version, a binding built for another ABI is refused at afterPack, and
// nothing test-only ships (scripts/afterPack.cjs, electron-builder.yml).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const require = createRequire(import.meta.url);
const { installedElectron, moduleAbi, testOnlyFiles } = require('../../scripts/nativeAbi.cjs') as {
  installedElectron(root: string): { version: string; abi: string | null };
  moduleAbi(file: string): string | null;
  testOnlyFiles(paths: string[]): string[];
};
const afterPack = require('../../scripts/afterPack.cjs') as (ctx: unknown) => Promise<void>;
const nodeBinding = path.join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
const yml = fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');

const temp: string[] = [];
afterAll(() => {
  for (const d of temp) fs.rmSync(d, { recursive: true, force: true });
});

/** A project folder with node_modules/electron at `version`/`abi` and a binding exporting `bindingAbi`. */
function project(version: string, abi: string, bindingAbi: string | null) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guestlist-pack-'));
  temp.push(dir);
  fs.mkdirSync(path.join(dir, 'node_modules/electron'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'node_modules/electron/package.json'), JSON.stringify({ version }));
  fs.writeFileSync(path.join(dir, 'node_modules/electron/abi_version'), abi);
  if (bindingAbi) {
    fs.mkdirSync(path.join(dir, `.native/electron-${version}`), { recursive: true });
    fs.writeFileSync(path.join(dir, `.native/electron-${version}/better_sqlite3.node`), `\x7fELF…node_register_module_v${bindingAbi}\0…`);
  }
  const appOutDir = path.join(dir, 'dist/linux-unpacked');
  fs.mkdirSync(path.join(appOutDir, 'resources/app/out/main'), { recursive: true });
  fs.writeFileSync(path.join(appOutDir, 'resources/app/out/main/index.js'), '');
  const context = { appOutDir, packager: { projectDir: dir, config: {}, getResourcesDir: (d: string) => path.join(d, 'resources') } };
  return { dir, appOutDir, context };
}

describe('packaging: the Electron SQLite binding', () => {
  it('reads the ABI from the module without loading it (the Node build here is ABI %s)', () => {
    expect(moduleAbi(nodeBinding)).toBe(process.versions.modules);
  });

  it('the installed Electron and its ABI come from node_modules/electron', () => {
    const e = installedElectron(root);
    expect(e.version).toBe((JSON.parse(fs.readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version);
    expect(e.abi).toMatch(/^\d+$/);
  });

  it('electron-builder.yml hard-codes no Electron version: afterPack takes the installed one', () => {
    expect(yml).not.toMatch(/electron-\d+\.\d+\.\d+/);
    expect(yml).toMatch(/^afterPack: scripts\/afterPack\.cjs$/m);
  });

  it('afterPack copies the binding built for the installed Electron into resources/native', async () => {
    const p = project('99.1.0', '777', '777');
    await afterPack(p.context);
    expect(moduleAbi(path.join(p.appOutDir, 'resources/native/better_sqlite3.node'))).toBe('777');
  });

  it('afterPack refuses a binding built for another ABI (e.g. Node’s), and one that is missing', async () => {
    const wrong = project('99.1.0', '777', process.versions.modules);
    await expect(afterPack(wrong.context)).rejects.toThrow(/refusing .*ABI 115.*needs 777|refusing .*needs 777/);
    expect(fs.existsSync(path.join(wrong.appOutDir, 'resources/native/better_sqlite3.node'))).toBe(false);
    // After an Electron upgrade, the old version's binding is not taken.
    const upgraded = project('100.0.0', '778', null);
    fs.mkdirSync(path.join(upgraded.dir, '.native/electron-99.1.0'), { recursive: true });
    fs.writeFileSync(path.join(upgraded.dir, '.native/electron-99.1.0/better_sqlite3.node'), 'node_register_module_v777');
    await expect(afterPack(upgraded.context)).rejects.toThrow(/electron-100\.0\.0.*missing/);
  });
});

describe('packaging: nothing test-only ships', () => {
  it('the file list takes only the three app bundles and leaves out tsx, esbuild and better-sqlite3’s build folder', () => {
    const files = /^files:\n((?:\s+- .*\n)+)/m.exec(yml)?.[1] ?? '';
    expect(files).toMatch(/- out\/main\/\*\*/);
    expect(files).not.toMatch(/- out\/\*\*/);
    expect(files).toMatch(/!node_modules\/better-sqlite3\/\{build,/);
    expect(files).toMatch(/!node_modules\/\{tsx,esbuild,@esbuild/);
  });

  it.each([
    ['out/harness-renderer/index.html'],
    ['/node_modules/tsx/dist/cli.mjs'],
    ['node_modules/@esbuild/linux-x64/bin/esbuild'],
    ['node_modules/better-sqlite3/build/Release/better_sqlite3.node'],
    ['node_modules/better-sqlite3/build/Release/obj.target/better_sqlite3/src/better_sqlite3.o'],
    ['node_modules/better-sqlite3/build/Release/test_extension.node'],
  ])('%s is refused', (file) => {
    expect(testOnlyFiles([file])).toHaveLength(1);
  });

  it('the app itself passes', () => {
    expect(testOnlyFiles(['out/main/index.js', 'out/preload/index.js', 'out/renderer/index.html', 'package.json', 'node_modules/better-sqlite3/lib/index.js', 'node_modules/fastify/fastify.js'])).toEqual([]);
  });

  it('afterPack refuses a package that contains the harness renderer', async () => {
    const p = project('99.1.0', '777', '777');
    fs.mkdirSync(path.join(p.appOutDir, 'resources/app/out/harness-renderer'), { recursive: true });
    fs.writeFileSync(path.join(p.appOutDir, 'resources/app/out/harness-renderer/index.html'), '');
    await expect(afterPack(p.context)).rejects.toThrow(/test-only files.*harness-renderer/s);
  });
});
