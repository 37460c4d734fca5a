// The renderer build the harness serves. Same root, plugin and base as the
// `renderer` section of electron.vite.config.ts, so the app code is identical
// to what Electron loads; only the output folder differs.
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const repo = resolve(__dirname, '../..');

export default defineConfig({
  root: resolve(repo, 'src-renderer'),
  base: './',
  plugins: [react()],
  logLevel: 'warn',
  build: {
    outDir: resolve(repo, 'out/harness-renderer'),
    emptyOutDir: true,
    rollupOptions: { input: { index: resolve(repo, 'src-renderer/index.html') } },
  },
});
