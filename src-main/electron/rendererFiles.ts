// Process: main (pure). Maps an app:// request to a file of the built
// renderer, refusing anything outside that folder.
import path from 'node:path';
import { APP_HOST, APP_SCHEME } from './trustedUrl';

export function resolveRendererFile(rendererDir: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let rel: string;
  try {
    rel = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (rel.includes('\0')) return null;
  if (rel === '/' || rel === '') rel = '/index.html';
  const root = path.resolve(rendererDir);
  // Backslashes are folder separators on Windows: treat them so everywhere, so
  // an encoded `..\` is judged the same on every platform.
  const file = path.resolve(root, `.${rel.replace(/\\/g, '/')}`);
  // The URL parser already resolved literal `..`; an encoded one (%2f, %5c)
  // that climbs out of the renderer folder is refused, not clamped.
  if (!file.startsWith(root + path.sep)) return null;
  return file;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.map': 'application/json',
};

export function contentType(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}
