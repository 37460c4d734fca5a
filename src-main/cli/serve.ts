// `guestlist serve`: the guest listener without the desktop app.
import type { Result } from '../api/table';
import type { Core } from '../core';
import { normalizeBaseUrl } from '../core/settings';
import { createListener } from '../listener';
import { CLI_ACTOR, type Io } from './io';

export async function serve(core: Core, io: Io, json: boolean, opts: { host: string; port: number | string; baseUrl?: string }): Promise<Result<undefined>> {
  const port = typeof opts.port === 'number' ? opts.port : Number.NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) return { ok: false, error: { code: 'INVALID_INPUT', message: `--port must be a whole number from 0 to 65535, not “${opts.port}”.` } };
  if (opts.baseUrl !== undefined) core.settings.set({ baseUrl: normalizeBaseUrl(opts.baseUrl) }, CLI_ACTOR);
  const listener = await createListener({ core, host: opts.host, port });
  const baseUrl = core.settings.baseUrl();
  // Links are built from the base URL (L1); say so when it can't reach this listener.
  const base = new URL(baseUrl);
  const warning =
    ['127.0.0.1', 'localhost', '[::1]'].includes(base.hostname) && (base.port || '80') !== String(listener.port)
      ? `Links point to ${baseUrl}, but this listener is on port ${listener.port}. Set the public base URL with --base-url or \`guestlist config set base-url URL\`.`
      : undefined;
  const info = { url: listener.url, host: listener.host, port: listener.port, baseUrl, dataDir: core.dataDir, ...(warning ? { warning } : {}) };
  if (json) io.out(`${JSON.stringify(info)}\n`);
  else {
    io.out(`Guestlist listener running on ${listener.url} (links use ${baseUrl}). Press Ctrl+C to stop.\n`);
    if (warning) io.err(`warning: ${warning}\n`);
  }
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await listener.close();
  if (!json) io.out('Stopped.\n');
  return { ok: true, value: undefined };
}
