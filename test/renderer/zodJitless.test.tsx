// S4: zod's eval probe (`new Function("")`) caused CSP violation reports in the
// production renderer. The renderer configures zod jitless before any schema
// exists, so nothing in it ever calls the Function constructor.
import { afterEach, describe, expect, it, vi } from 'vitest';

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

describe('S4: zod runs without eval in the renderer', () => {
  it('main.tsx imports the zod configuration before anything else', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const src = fs.readFileSync(path.resolve(__dirname, '../../src-renderer/main.tsx'), 'utf8');
    const firstImport = /^import .*$/m.exec(src)?.[0];
    expect(firstImport).toBe("import './zodConfig';");
  });

  it('with the renderer’s configuration, creating and using the schemas never constructs a Function', async () => {
    vi.resetModules();
    const seen = countFunctionConstructions();
    await import('../../src-renderer/zodConfig');
    const { schemas } = await import('../../src-main/api/schemas');
    expect(schemas['links.create'].safeParse({ mediaId: 1, name: 'Everyone' }).success).toBe(true);
    expect(schemas['media.list'].safeParse({ limit: 10 }).success).toBe(true);
    expect(seen.count).toBe(0);
  });

  it('(control) without it, zod probes eval with the Function constructor', async () => {
    vi.resetModules();
    const seen = countFunctionConstructions();
    const { z } = await import('zod');
    z.config({ jitless: false });
    const { schemas } = await import('../../src-main/api/schemas');
    schemas['links.create'].safeParse({ mediaId: 1, name: 'Everyone' });
    expect(seen.count).toBeGreaterThan(0);
  });
});
