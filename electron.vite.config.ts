import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { RENDERER_ROOT, rendererBuild, rendererPlugins } from './renderer.vite';
import { withoutMetaCsp } from './src-main/electron/csp';

export default defineConfig({
  // Main: CommonJS (out/main/index.js). Dependencies stay external (better-sqlite3
  // loads its Electron-ABI binding through `nativeBinding`), except the
  // ESM-only electron-store and conf, which are bundled so require() works.
  main: {
    // when-exit (conf → atomically) would hook the process signals at load and
    // re-raise them, skipping before-quit; see src-main/electron/whenExit.ts.
    resolve: { alias: { 'when-exit': resolve(__dirname, 'src-main/electron/whenExit.ts') } },
    build: {
      externalizeDeps: { exclude: ['electron-store', 'conf'] },
      rollupOptions: {
        // host.js: the host process (core, listener, follower), forked by main as a utilityProcess.
        input: { index: resolve(__dirname, 'src-main/electron/main.ts'), host: resolve(__dirname, 'src-main/host/entry.ts') },
        external: ['electron', 'better-sqlite3'],
      },
    },
  },
  // Preload: the window is sandboxed, so the preload must be ONE CommonJS file
  // that requires nothing but 'electron' (no chunks, no node_modules).
  preload: {
    build: {
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src-preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].js', codeSplitting: false },
      },
    },
  },
  renderer: {
    // Root, plugin, minifier and chunking: renderer.vite.ts, shared with the harness.
    root: RENDERER_ROOT,
    build: rendererBuild,
    plugins: [
      ...rendererPlugins(),
      // The dev server's page relies on the relaxed CSP header (security.ts); see withoutMetaCsp.
      { name: 'guestlist-dev-csp', apply: 'serve', transformIndexHtml: (html: string) => withoutMetaCsp(html) },
    ],
  },
});
