// The renderer loads in pieces (issue "Operable and lean"): the first window's
// script is the entry chunk and its static imports; each non-English dictionary,
// the heavier screens (Participants, Link activity, Audit log, Settings) and the
// form dialogs that validate with zod (Create / Edit link, the media editor),
// with zod, are chunks of their own, loaded on demand; no chunk is over 400 kB. The Electron build and
// the harness take their renderer options from one object (renderer.vite.ts),
// so they load the same chunks; the renderer is built here once, in a temp folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureRenderer, type RendererSize, staticImports } from '../../bench/rendererSize';
import electronConfig from '../../electron.vite.config';
import { MAX_CHUNK_KB, rendererBuild } from '../../renderer.vite';
import harnessConfig from '../harness/vite.renderer.config';

const LAZY = ['fr', 'es', 'he', 'Participants', 'Activity', 'AuditLog', 'Settings', 'CreateLinkDialog', 'MediaEditor'];
const chunkName = (file: string) => path.basename(file).replace(/-[\w-]{8}\.js$/, '');

let dir = '';
let size: RendererSize;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guestlist-renderer-'));
  // Vitest runs with NODE_ENV=test, which Vite would pass on to React (its development build): build as `npm run build` does.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: path.resolve(__dirname, '../harness/vite.renderer.config.ts'), mode: 'production', logLevel: 'error', build: { outDir: dir, emptyOutDir: true } });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  size = measureRenderer(dir);
}, 120_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the renderer in pieces', () => {
  it('Electron and the harness build the renderer with the same options (root, minifier, chunking)', () => {
    const electron = (electronConfig as { renderer: { root: string; build: unknown } }).renderer;
    expect(electron.build).toBe(rendererBuild);
    expect(harnessConfig.build).toMatchObject(rendererBuild);
    expect(harnessConfig.root).toBe(electron.root);
  });

  it('the static-import reader sees minified imports and skips import() (self-check)', () => {
    expect(staticImports('import{a as b}from"./x-1.js";import"./y-2.js";export*from"./z.js";const l=()=>import("./lazy-3.js")')).toEqual(['./x-1.js', './y-2.js', './z.js']);
  });

  it(`no chunk is over ${MAX_CHUNK_KB} kB`, () => {
    for (const c of size.chunks) expect(c.bytes, c.file).toBeLessThanOrEqual(MAX_CHUNK_KB * 1000);
  });

  it('each dictionary but English, Participants, Link activity, Audit log, Settings, Create link and the media editor are lazy chunks, outside the first window', () => {
    const lazy = size.chunks.filter((c) => !c.firstWindow).map((c) => chunkName(c.file));
    const first = size.chunks.filter((c) => c.firstWindow).map((c) => chunkName(c.file));
    expect(lazy).toEqual(expect.arrayContaining(LAZY));
    for (const name of LAZY) expect(first).not.toContain(name);
    // English is the fallback and the key source: in the first window, with the Library.
    const firstWindow = size.firstWindow.files.map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n');
    expect(firstWindow).toContain('Invited people skip the lobby by default');
    expect(firstWindow).not.toContain('Paramètres');
  });

  it('zod is not in the first window: it comes with the dialogs that validate, configured jitless in the same chunk', () => {
    // `jitless` is zod's own option name (its global config, read by every object schema) and survives minification.
    const read = (f: string) => fs.readFileSync(path.join(dir, f), 'utf8');
    for (const f of size.firstWindow.files) expect(read(f), f).not.toContain('jitless');
    const withZod = size.chunks.filter((c) => read(c.file).includes('jitless'));
    expect(withZod.map((c) => c.firstWindow)).toEqual([false]);
    // zodConfig's call (`z.config({jitless:true})`, minified) is in zod's chunk, before schemas.ts creates its schemas (here: the schedule's `unknown time zone` check).
    const code = read(withZod[0]!.file);
    const config = code.search(/\(\{jitless:(?:!0|true)\}\)/);
    expect(config).toBeGreaterThan(-1);
    expect(config).toBeLessThan(code.indexOf('unknown time zone'));
  });
});
