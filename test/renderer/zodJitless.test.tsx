// S4: zod's eval probe (`new Function("")`) caused CSP violation reports in the
// production renderer. zod is not in the first window: only the form dialogs
// that validate (Create / Edit link, the media editor) use it, and they are
// loaded on demand. They reach zod through one module, src-renderer/validation.ts,
// which imports zodConfig (jitless) before schemas.ts creates any schema, so
// nothing in the renderer ever calls the Function constructor.
//
// zod's configuration is global and may outlive vi.resetModules (zod is a
// dependency, loaded once), so each check first puts zod back to its default
// (jitless off), as a renderer that never configured it would have it.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { afterEach, describe, expect, it, vi } from 'vitest';

const root = path.resolve(__dirname, '../..');
const RENDERER = path.join(root, 'src-renderer');
const VALIDATION = path.join(RENDERER, 'validation.ts');
const ZOD_CONFIG = path.join(RENDERER, 'zodConfig.ts');
const rel = (f: string) => path.relative(root, f);

const RealFunction = globalThis.Function;
afterEach(() => {
  globalThis.Function = RealFunction;
});

function countFunctionConstructions(): { count: number } {
  const seen = { count: 0 };
  globalThis.Function = new Proxy(RealFunction, {
    construct(target, args) {
      seen.count++;
      return Reflect.construct(target, args);
    },
  });
  return seen;
}

/** Fresh modules, and zod as it is before anyone configures it (jitless off). */
async function zodUnconfigured(): Promise<void> {
  vi.resetModules();
  const { z } = await import('zod');
  z.config({ jitless: false });
  expect(z.config().jitless).toBe(false);
}

// ---- the import graph, as the bundler sees it (type-only imports are erased) ----

interface Imports {
  /** Static value imports and re-exports: our files (absolute paths) and packages (bare names). */
  static: string[];
  /** import() targets. */
  dynamic: string[];
}

function resolveSpec(from: string, spec: string): string {
  if (!spec.startsWith('.')) return spec; // a package
  const base = path.resolve(path.dirname(from), spec);
  const found = [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')].find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
  if (!found) throw new Error(`${rel(from)}: cannot resolve ${spec}`);
  return found;
}

const cache = new Map<string, Imports>();
function importsOf(file: string): Imports {
  const known = cache.get(file);
  if (known) return known;
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: Imports = { static: [], dynamic: [] };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && !node.importClause?.isTypeOnly) out.static.push(resolveSpec(file, node.moduleSpecifier.text));
    else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier) && !node.isTypeOnly) out.static.push(resolveSpec(file, node.moduleSpecifier.text));
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) out.dynamic.push(resolveSpec(file, node.arguments[0].text));
    ts.forEachChild(node, visit);
  };
  visit(source);
  cache.set(file, out);
  return out;
}

const isZod = (m: string) => m === 'zod' || m.startsWith('zod/');
const isOurs = (m: string) => path.isAbsolute(m);

/** Everything `file` loads before it runs: its static imports, transitively (packages are leaves). */
function staticClosure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  if (isOurs(file)) for (const dep of importsOf(file).static) staticClosure(dep, seen);
  return seen;
}

/** Every module of ours the renderer can load, lazily or not, from main.tsx. */
function rendererModules(): string[] {
  const all = new Set<string>();
  const walk = (file: string) => {
    if (all.has(file) || !isOurs(file)) return;
    all.add(file);
    const { static: s, dynamic: d } = importsOf(file);
    [...s, ...d].forEach(walk);
  };
  walk(path.join(RENDERER, 'main.tsx'));
  return [...all];
}

const reachesZod = (file: string) => [...staticClosure(file)].some(isZod);

describe('S4: zod runs without eval in the renderer', () => {
  it('the graph reader sees value imports, re-exports and import(), not type-only imports (self-check)', () => {
    const validation = importsOf(VALIDATION);
    expect(validation.static.map(rel)).toEqual(['src-renderer/zodConfig.ts', 'src-main/api/schemas.ts']);
    expect(importsOf(ZOD_CONFIG).static).toEqual(['zod']);
    const app = importsOf(path.join(RENDERER, 'App.tsx'));
    expect(app.dynamic.map(rel)).toContain('src-renderer/screens/MediaEditor.tsx');
    expect(app.static.map(rel)).not.toContain('src-renderer/screens/MediaEditor.tsx');
    // bridge.ts imports schemas.ts for a type only: erased, so no edge.
    expect(importsOf(path.join(root, 'src-main/api/bridge.ts')).static.map(rel)).not.toContain('src-main/api/schemas.ts');
  });

  it('the first window (main.tsx and what it imports statically) has no zod', () => {
    const first = staticClosure(path.join(RENDERER, 'main.tsx'));
    expect([...first].filter(isZod)).toEqual([]);
    for (const lazy of ['validation.ts', 'screens/CreateLinkDialog.tsx', 'screens/MediaEditor.tsx']) expect(first.has(path.join(RENDERER, lazy)), lazy).toBe(false);
  });

  it('the renderer reaches zod only through validation.ts, whose first import is zodConfig', () => {
    // A renderer module that imports zod, or a module outside the renderer that brings zod (schemas.ts, ...),
    // must be validation.ts (or zodConfig itself): any other would create schemas before zod is configured.
    const doors = rendererModules()
      .filter((f) => f.startsWith(RENDERER + path.sep))
      .filter((f) => importsOf(f).static.some((dep) => isZod(dep) || (isOurs(dep) && !dep.startsWith(RENDERER + path.sep) && reachesZod(dep))));
    expect(doors.map(rel).sort()).toEqual(['src-renderer/validation.ts', 'src-renderer/zodConfig.ts']);
    expect(importsOf(VALIDATION).static[0]).toBe(ZOD_CONFIG);
    // And the form dialogs that validate do use it (so the checks below exercise the app's path).
    for (const dialog of ['screens/CreateLinkDialog.tsx', 'screens/MediaEditor.tsx']) expect(importsOf(path.join(RENDERER, dialog)).static, dialog).toContain(VALIDATION);
  });

  it('loading Create / Edit link, as React.lazy does, and validating with it never constructs a Function', async () => {
    await zodUnconfigured();
    const seen = countFunctionConstructions();
    const { validateLinkForm } = await import('../../src-renderer/screens/CreateLinkDialog');
    expect(validateLinkForm({ name: 'Everyone', clicks: '5', days: '' })).toEqual({});
    expect(validateLinkForm({ name: ' ', clicks: 'many', days: '99999' })).toEqual({ name: 'validation.linkName', clicks: 'validation.clicks', days: 'validation.days' });
    const { schemas } = await import('../../src-main/api/schemas');
    expect(schemas['links.create'].safeParse({ mediaId: 1, name: 'Everyone' }).success).toBe(true);
    expect(seen.count).toBe(0);
  });

  it('loading the media editor, as React.lazy does, and checking a schedule (an object schema) never constructs a Function', async () => {
    await zodUnconfigured();
    const seen = countFunctionConstructions();
    await import('../../src-renderer/screens/MediaEditor');
    const { mediaTitle, scheduleSchema } = await import('../../src-renderer/validation');
    expect(mediaTitle.safeParse('Town hall').success).toBe(true);
    expect(scheduleSchema.safeParse({ startsAt: '2026-12-01T09:00:00Z', endsAt: '2026-12-01T10:00:00Z', timeZone: 'Europe/Paris' }).success).toBe(true);
    expect(scheduleSchema.safeParse({ startsAt: '2026-12-01T09:00:00Z', endsAt: '2026-12-01T10:00:00Z', timeZone: 'Mars/Olympus' }).success).toBe(false);
    expect(seen.count).toBe(0);
  });

  it('(control) without the configuration, the same schemas make zod construct a Function (its eval probe, then its fast path)', async () => {
    await zodUnconfigured();
    const seen = countFunctionConstructions();
    const { schemas, scheduleSchema } = await import('../../src-main/api/schemas');
    scheduleSchema.safeParse({ startsAt: '2026-12-01T09:00:00Z', endsAt: '2026-12-01T10:00:00Z', timeZone: 'Europe/Paris' });
    schemas['links.create'].safeParse({ mediaId: 1, name: 'Everyone' });
    expect(seen.count).toBeGreaterThan(0);
  });
});
