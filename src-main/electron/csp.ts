// Process: main (pure). The renderer's Content-Security-Policy (S4), sent as
// a header on every renderer response (app:// and the dev server).

/**
 * Production: only our own scripts, no plugins, no framing, no outside
 * connections (the renderer reaches the core through IPC only), no inline
 * scripts or style elements (React style props use the CSSOM, which CSP
 * allows). img-src allows data: for QR code PNGs. Development adds what
 * Vite's HMR needs (inline preamble and styles, its websocket), never in a
 * packaged build. It matches the meta CSP in src-renderer/index.html.
 */
export function rendererCsp(devServerUrl?: string): string {
  const dev = devServerUrl ? safeOrigin(devServerUrl) : null;
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': dev ? ["'self'", "'unsafe-inline'", dev] : ["'self'"],
    'style-src': dev ? ["'self'", "'unsafe-inline'"] : ["'self'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'connect-src': dev ? ["'self'", dev, dev.replace(/^http/, 'ws')] : ["'self'"],
    'media-src': ["'none'"],
    'object-src': ["'none'"],
    'frame-src': ["'none'"],
    'worker-src': ["'self'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([k, v]) => `${k} ${v.join(' ')}`)
    .join('; ');
}

function safeOrigin(raw: string): string | null {
  try {
    const u = new URL(raw);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}

/**
 * `npm run dev` only: removes the meta CSP from src-renderer/index.html. A
 * meta CSP applies on top of the header, so its strict style-src would undo
 * the relaxed dev header above and leave Vite's injected styles blocked (an
 * unstyled console). Built pages keep the meta, and app:// sends the header.
 */
export function withoutMetaCsp(html: string): string {
  return html.replace(/<meta\s[^>]*http-equiv=["']?Content-Security-Policy["']?[^>]*>\s*/gi, '');
}
