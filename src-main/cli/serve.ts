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
import { createLog, DEFAULT_LOG_LEVEL, isLogLevel, LOG_LEVELS } from '../log';
import { CLI_ACTOR, type Io } from './io';

export async function serve(core: Core, io: Io, json: boolean, opts: { host: string; port: number | string; baseUrl?: string; trustProxy?: string; logLevel?: string; logFormat?: string }): Promise<Result<undefined>> {
  const port = typeof opts.port === 'number' ? opts.port : Number.NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) return { ok: false, error: { code: 'INVALID_INPUT', message: `--port must be a whole number from 0 to 65535, not “${opts.port}”.` } };
  // Checked before anything is written or bound.
  const level = (opts.logLevel ?? io.env.GUESTLIST_LOG_LEVEL ?? DEFAULT_LOG_LEVEL).trim().toLowerCase();
  if (!isLogLevel(level)) return { ok: false, error: { code: 'INVALID_INPUT', message: `--log-level (or GUESTLIST_LOG_LEVEL) must be one of ${LOG_LEVELS.join(', ')}, not “${level}”.` } };
  const format = opts.logFormat ?? 'pretty';
  if (format !== 'pretty' && format !== 'json') return { ok: false, error: { code: 'INVALID_INPUT', message: `--log-format must be pretty or json, not “${format}”.` } };
  const explicitTrust = opts.trustProxy === undefined ? undefined : opts.trustProxy.trim().toLowerCase() === 'none' ? [] : parseTrustProxy(opts.trustProxy);
  const baseUrlFlag = opts.baseUrl === undefined ? undefined : normalizeBaseUrl(opts.baseUrl);
  // The --base-url flag is saved only once the listener runs (a PORT_IN_USE leaves the settings as they were);
  // the listener's trust is decided from the URL it will serve under.
  const explicitBaseUrl = baseUrlFlag === undefined ? core.settings.explicitBaseUrl() : baseUrlFlag === AUTO_BASE_URL ? null : baseUrlFlag;
  // L5: nobody's X-Forwarded-* is believed by default; behind an https public URL, the proxy or tunnel on this computer is.
  const trustProxy = explicitTrust ?? trustedProxies('', explicitBaseUrl);
  // Logs: logs/serve.log in the data folder, and the terminal's stderr (one short line per request, or the JSON);
  // stdout stays the command's own output (the --json line tests and scripts read first).
  const logs = createLog({ dataDir: core.dataDir, name: 'serve', level, console: { format, write: (t) => io.err(t) } });
  const host = new HostClient({ spawn: () => inProcessHost({ dataDir: core.dataDir, core, logger: logs.logger }) });
  try {
    return await run(core, io, json, host, { ...opts, port, explicitTrust, baseUrlFlag, trustProxy });
  } finally {
    logs.close();
  }
}

async function run(
  core: Core,
  io: Io,
  json: boolean,
  host: HostClient,
  opts: { host: string; port: number; baseUrlFlag: string | undefined; trustProxy: string[]; explicitTrust: string[] | undefined },
): Promise<Result<undefined>> {
  const { port, baseUrlFlag, trustProxy } = opts;
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
