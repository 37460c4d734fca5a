// The renderer build the harness serves. Root, plugin, minifier and chunking
// come from renderer.vite.ts, like the `renderer` section of
// electron.vite.config.ts, so the app code and its chunks are identical to
// what Electron loads; only the output folder differs.
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import { RENDERER_ROOT, rendererBuild, rendererPlugins } from '../../renderer.vite';

const repo = resolve(__dirname, '../..');

export default defineConfig({
  root: RENDERER_ROOT,
  base: './',
  plugins: rendererPlugins(),
  logLevel: 'warn',
  build: {
    ...rendererBuild,
    outDir: resolve(repo, 'out/harness-renderer'),
    emptyOutDir: true,
  },
});
