// The process boundary (STYLE: "make the process boundary visible"): only
// src-main/electron and src-preload may import electron, and core imports no
// HTTP server. Also: what the Node-side electron tests load is electron-free.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  const abs = path.join(root, dir);
  if (!fs.existsSync(abs)) return [];
  return fs.readdirSync(abs, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

/** Module specifiers of static imports, re-exports, dynamic imports and require() calls. */
function imports(file: string): string[] {
  const src = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
  const out: string[] = [];
  const re = /\b(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const m of src.matchAll(re)) out.push((m[1] ?? m[2] ?? m[3]) as string);
  return out;
}

const isElectron = (s: string) => s === 'electron' || s.startsWith('electron/') || s === 'electron-store' || s.startsWith('@electron/');

describe('process boundaries', () => {
  it('the import scanner sees every import form (self-check)', () => {
    // The probe goes to a temp folder, never into the source tree.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guestlist-boundary-'));
    const tmp = path.join(dir, 'probe.ts');
    fs.writeFileSync(tmp, "import { app } from 'electron';\nimport type X from \"electron-store\";\nexport * from 'node:http';\nconst a = require('fastify');\nvoid import('electron/main');\n");
    try {
      expect(imports(tmp)).toEqual(['electron', 'electron-store', 'node:http', 'fastify', 'electron/main']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const dir of ['src-main/core', 'src-main/api', 'src-main/listener', 'src-main/cli', 'src-main/host', 'bin']) {
    it(`${dir} does not import electron`, () => {
      const files = sourceFiles(dir);
      // A folder that was moved or renamed must fail here, not pass with nothing checked.
      expect(files.length, `${dir} has no source files`).toBeGreaterThan(0);
      const offenders = files.flatMap((f) => imports(f).filter(isElectron).map((s) => `${path.relative(root, f)} → ${s}`));
      expect(offenders).toEqual([]);
    });
  }

  it('core imports no HTTP server (fastify, node:http, https, http2)', () => {
    const files = sourceFiles('src-main/core');
    expect(files.length).toBeGreaterThan(5);
    const offenders = files.flatMap((f) =>
      imports(f)
        .filter((s) => /^(node:)?(http|https|http2|net)$/.test(s) || s === 'fastify' || s.startsWith('@fastify/') || s.includes('/listener'))
        .map((s) => `${path.relative(root, f)} → ${s}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the host process (src-main/host) reaches nothing in src-main/electron: it runs under plain Node too', () => {
    const files = sourceFiles('src-main/host');
    expect(files.length).toBeGreaterThan(3);
    const offenders = files.flatMap((f) => imports(f).filter((s) => s.includes('/electron/') || s.startsWith('./electron')).map((s) => `${path.relative(root, f)} → ${s}`));
    expect(offenders).toEqual([]);
  });

  it('the pure electron-side modules (unit-tested under Node) do not import electron', () => {
    const pure = ['trustedUrl', 'windowOptions', 'permissions', 'csp', 'settingsSchema', 'channels', 'launch', 'rendererFiles', 'nativeBinding', 'ipcSchemas', 'log', 'appMethods', 'settingsStore'];
    const pureFiles = pure.map((m) => path.join(root, 'src-main/electron', `${m}.ts`)).concat(path.join(root, 'src-preload/buildBridge.ts'));
    for (const f of pureFiles) expect(fs.existsSync(f), `${path.relative(root, f)} is missing`).toBe(true);
    const offenders = pureFiles.flatMap((f) => imports(f).filter(isElectron).map((s) => `${path.relative(root, f)} → ${s}`));
    expect(offenders).toEqual([]);
  });

  it('the renderer reaches the main process only through window.guestlist (no electron import)', () => {
    expect(sourceFiles('src-renderer').length).toBeGreaterThan(5);
    const offenders = sourceFiles('src-renderer').flatMap((f) => imports(f).filter(isElectron).map((s) => `${path.relative(root, f)} → ${s}`));
    expect(offenders).toEqual([]);
  });
});
