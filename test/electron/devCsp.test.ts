// `npm run dev` got an unstyled console: the meta CSP in src-renderer/index.html
// (style-src 'self') applied on top of the relaxed dev header. The dev server
// now serves the page without the meta; the build keeps it (builtApp.test.ts
// fetches the built page through app://).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import config from '../../electron.vite.config';
import { withoutMetaCsp } from '../../src-main/electron/csp';

const html = fs.readFileSync(path.resolve(__dirname, '../../src-renderer/index.html'), 'utf8');
const metaCsp = /http-equiv=["']?Content-Security-Policy/i;

interface HtmlPlugin {
  name: string;
  apply?: string;
  transformIndexHtml?: (html: string) => string;
}

describe('S4: the renderer CSP in development', () => {
  it('the source page carries a meta CSP (kept in the build)', () => {
    expect(html).toMatch(metaCsp);
  });

  it('withoutMetaCsp removes only the meta CSP', () => {
    const out = withoutMetaCsp(html);
    expect(out).not.toMatch(metaCsp);
    expect(out).toContain('<meta charset="UTF-8" />');
    expect(out).toContain('<div id="root"></div>');
  });

  it('the dev server (and only the dev server) serves the page without the meta CSP', () => {
    const renderer = (config as { renderer?: { plugins?: unknown[] } }).renderer;
    const plugins = (renderer?.plugins ?? []).flat(3) as HtmlPlugin[];
    const devCsp = plugins.find((p) => p && typeof p.transformIndexHtml === 'function' && p.apply === 'serve');
    expect(devCsp, 'a serve-only plugin that transforms index.html').toBeDefined();
    expect(devCsp!.transformIndexHtml!(html)).not.toMatch(metaCsp);
  });
});
