// The built renderer's scripts, and what the first window loads before any
// lazy import: the entry chunk index.html names (plus any modulepreload link)
// and, transitively, every chunk those import statically. Dynamic imports
// (`import("./x.js")`, React.lazy, the dictionaries) are not followed.
//
//   npm run -s build && npx tsx bench/rendererSize.ts [out/renderer] [--json]
import fs from 'node:fs';
import path from 'node:path';

export interface RendererSize {
  chunks: { file: string; bytes: number; firstWindow: boolean }[];
  firstWindow: { files: string[]; bytes: number };
  largest: { file: string; bytes: number };
}

// Minified or not: `import{a as b}from"./x.js"`, `import "./x.js"`, `export * from "./x.js"`; never `import("./x.js")`.
const STATIC_IMPORT = /(?:^|[;\s}])(?:import|export)\s*(?:[\w$*{}\s,]*?\s*from\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g;

export function staticImports(code: string): string[] {
  return [...code.matchAll(STATIC_IMPORT)].map((m) => m[1]!);
}

export function measureRenderer(dir: string): RendererSize {
  const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
  const roots = [
    ...[...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map((m) => m[1]!),
    ...[...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1]!),
  ].map((src) => path.resolve(dir, src));
  const first = new Set<string>();
  const visit = (file: string) => {
    if (first.has(file)) return;
    first.add(file);
    for (const spec of staticImports(fs.readFileSync(file, 'utf8'))) visit(path.resolve(path.dirname(file), spec));
  };
  roots.forEach(visit);
  const all = fs
    .readdirSync(path.join(dir, 'assets'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => path.join(dir, 'assets', f));
  const chunks = all
    .map((file) => ({ file: path.relative(dir, file), bytes: fs.statSync(file).size, firstWindow: first.has(file) }))
    .sort((a, b) => Number(b.firstWindow) - Number(a.firstWindow) || b.bytes - a.bytes);
  const firstFiles = chunks.filter((c) => c.firstWindow);
  const largest = chunks.reduce((a, b) => (b.bytes > a.bytes ? b : a), { file: '', bytes: 0 });
  return { chunks, firstWindow: { files: firstFiles.map((c) => c.file), bytes: firstFiles.reduce((n, c) => n + c.bytes, 0) }, largest };
}

const kb = (n: number) => `${(n / 1000).toFixed(2)} kB`;

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  const args = process.argv.slice(2);
  const dir = path.resolve(args.find((a) => !a.startsWith('--')) ?? 'out/renderer');
  const r = measureRenderer(dir);
  if (args.includes('--json')) console.log(JSON.stringify(r, null, 2));
  else {
    for (const c of r.chunks) console.log(`${c.firstWindow ? 'first ' : 'lazy  '} ${kb(c.bytes).padStart(11)}  ${c.file}`);
    console.log(`first window: ${kb(r.firstWindow.bytes)} in ${r.firstWindow.files.length} file(s); largest chunk ${kb(r.largest.bytes)} (${r.largest.file})`);
  }
}
