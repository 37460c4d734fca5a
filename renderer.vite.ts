// The renderer build, shared by electron.vite.config.ts (the app) and
// test/harness/vite.renderer.config.ts (the harness): same root, plugin,
// minifier and chunking, so both load the same chunks. Only the output
// folder (and electron-vite's Chromium target) differ.
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';

export const RENDERER_ROOT = resolve(__dirname, 'src-renderer');

/** No chunk may be larger than this (issue "Operable and lean"); Vite warns above it. */
export const MAX_CHUNK_KB = 400;

export const rendererBuild = {
  // electron-vite leaves the renderer unminified by default; plain Vite minifies. Both minify.
  minify: true,
  // Electron's Chromium and the harness's Chromium support <link rel=modulepreload>: no inline polyfill.
  modulePreload: { polyfill: false },
  chunkSizeWarningLimit: MAX_CHUNK_KB,
  reportCompressedSize: false,
  rollupOptions: { input: { index: resolve(RENDERER_ROOT, 'index.html') } },
};

export const rendererPlugins = () => [react()];
