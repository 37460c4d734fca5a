// `guestlist serve`: the guest listener without the desktop app. This
// process IS the host: it runs the same host code as the app's host process
// (src-main/host: runHost, in-process) and talks to it through HostClient,
// as the app's main process does.
import type { Result } from '../api/table';
import type { Core } from '../core';
import { AUTO_BASE_URL, normalizeBaseUrl } from '../core/settings';
import { HostClient } from '../host/client';
import { inProcessHost } from '../host/inProcess';
import { reachScope } from '../listener/reach';
import { parseTrustProxy, trustedProxies } from '../listener/trustProxy';
import { CLI_ACTOR, type Io } from './io';

export async function serve(core: Core, io: Io, json: boolean, opts: { host: string; port: number | string; baseUrl?: string; trustProxy?: string }): Promise<Result<undefined>> {
  const port = typeof opts.port === 'number' ? opts.port : Number.NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) return { ok: false, error: { code: 'INVALID_INPUT', message: `--port must be a whole number from 0 to 65535, not “${opts.port}”.` } };
  // Checked before anything is written or bound.
  const explicitTrust = opts.trustProxy === undefined ? undefined : opts.trustProxy.trim().toLowerCase() === 'none' ? [] : parseTrustProxy(opts.trustProxy);
  const baseUrlFlag = opts.baseUrl === undefined ? undefined : normalizeBaseUrl(opts.baseUrl);
  // The --base-url flag is saved only once the listener runs (a PORT_IN_USE leaves the settings as they were);
  // the listener's trust is decided from the URL it will serve under.
  const explicitBaseUrl = baseUrlFlag === undefined ? core.settings.explicitBaseUrl() : baseUrlFlag === AUTO_BASE_URL ? null : baseUrlFlag;
  // L5: nobody's X-Forwarded-* is believed by default; behind an https public URL, the proxy or tunnel on this computer is.
  const trustProxy = explicitTrust ?? trustedProxies('', explicitBaseUrl);
  const host = new HostClient({ spawn: () => inProcessHost({ dataDir: core.dataDir, core, log: (m, e) => io.err(`[host] ${m}${e ? ` ${String(e)}` : ''}\n`) }) });
  const started = await host.start();
  if (!started.ok) return started;
  const status = await host.call('listener.start', { host: opts.host, port, linkHost: '', trustProxy });
  const listener = status.ok ? status.value : null;
  if (!listener || listener.state !== 'running' || !listener.url) {
    await host.shutdown();
    return { ok: false, error: !status.ok ? status.error : (listener?.error ?? { code: 'LISTENER_FAILED', message: 'The guest listener could not start.' }) };
  }
  if (baseUrlFlag !== undefined) core.settings.set({ baseUrl: baseUrlFlag }, CLI_ACTOR);
  const baseUrl = core.settings.baseUrl();
  const warning =
    reachScope(baseUrl, core.settings.explicitBaseUrl() !== null) === 'this-computer'
      ? `Links use ${baseUrl}: they open on this computer only. For guests on your network use --host 0.0.0.0; for the internet, --public-url with a reverse proxy or tunnel (docs/reach.md).`
      : undefined;
  const info = { url: listener.url, host: listener.host, port: listener.port, baseUrl, trustProxy, dataDir: core.dataDir, ...(warning ? { warning } : {}) };
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
  // The listener closes, then the database (the host's shutdown); the CLI's own close after this is a no-op.
  await host.shutdown();
  if (!json) io.out('Stopped.\n');
  return { ok: true, value: undefined };
}
