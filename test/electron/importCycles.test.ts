// No import cycles in the app's own code (src-main, src-preload, src-renderer).
// Every edge counts: value and type-only imports, re-exports and dynamic
// import() (a type-only loop still ties two modules' designs together, and a
// runtime one makes evaluation order decide what is undefined). Imports are
// read with the TypeScript compiler's own pre-processor, so comments and
// strings can't fool it; relative specifiers are resolved as the bundler does.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const DIRS = ['src-main', 'src-preload', 'src-renderer'];
const EXTS = ['.ts', '.tsx', '.d.ts', '.mts', '.cts'];

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|tsx|mts|cts)$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

function resolveImport(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null; // packages and node: builtins are not ours
  const base = path.resolve(path.dirname(from), spec);
  const candidates = [base, ...EXTS.map((e) => base + e), ...EXTS.map((e) => path.join(base, `index${e}`))];
  // `./x.js` written for a `.ts` file
  if (/\.[cm]?js$/.test(base)) candidates.push(...EXTS.map((e) => base.replace(/\.[cm]?js$/, e)));
  return candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile()) ?? null;
}

/** Our modules each file imports: static, type-only, re-exports, import() and require(). */
export function importGraph(files: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
    const deps = info.importedFiles.map((f) => resolveImport(file, f.fileName)).filter((f): f is string => f !== null);
    graph.set(file, [...new Set(deps)]);
  }
  return graph;
}

/** Each cycle as a path of files (first = last), one per strongly connected component (Tarjan). */
export function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const strong = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) !== idx.get(v)) return;
    const scc: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      scc.push(w);
    } while (w !== v);
    if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(onePath(graph, new Set(scc), v));
  };
  for (const v of graph.keys()) if (!idx.has(v)) strong(v);
  return found;
}

/** A shortest loop from `start` back to itself inside one component (breadth-first), for the message. */
function onePath(graph: Map<string, string[]>, scc: Set<string>, start: string): string[] {
  const prev = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const v = queue.shift()!;
    for (const w of graph.get(v) ?? []) {
      if (!scc.has(w)) continue;
      if (w === start) {
        const loop: string[] = [];
        for (let x = v; x !== start; x = prev.get(x)!) loop.unshift(x);
        return [start, ...loop, start];
      }
      if (!prev.has(w)) {
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}

const rel = (f: string) => path.relative(root, f).split(path.sep).join('/');

describe('import cycles', () => {
  it('the graph walk finds a type-only loop, a re-export loop and a dynamic-import loop, and nothing in a tree (self-check)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guestlist-cycles-'));
    const write = (name: string, text: string) => fs.writeFileSync(path.join(dir, name), text);
    try {
      write('a.ts', "import type { B } from './b';\nexport type A = B;\n// import { c } from './c' is only a comment\n");
      write('b.ts', "import { x } from './x.js';\nexport type B = typeof x;\n");
      write('x.ts', "export * from './a';\nexport const x = 1;\n");
      write('c.ts', "export const c = () => import('./d');\n");
      write('d.ts', "import { c } from './c';\nexport const d = c;\nimport 'react';\n");
      write('leaf.ts', "import { x } from './x';\nexport const leaf = x;\n");
      const files = sourceFiles(dir);
      const found = cycles(importGraph(files)).map((c) => c.map((f) => path.basename(f)));
      expect(found).toHaveLength(2);
      expect(found.map((c) => new Set(c))).toEqual(expect.arrayContaining([new Set(['a.ts', 'b.ts', 'x.ts']), new Set(['c.ts', 'd.ts'])]));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('src-main, src-preload and src-renderer import each other in a tree, with no loop', () => {
    const graph = importGraph(DIRS.flatMap((d) => sourceFiles(path.join(root, d))));
    expect(graph.size).toBeGreaterThan(100);
    expect(cycles(graph).map((c) => c.map(rel).join(' -> '))).toEqual([]);
  });
});
