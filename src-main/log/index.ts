// Process: any (pure Node; no electron). Guestlist's logs: pino, one JSON
// object a line, into rotated files in the data folder's logs/ (rotatingFile.ts)
// and, for `guestlist serve`, to the terminal as short readable lines
// (pretty.ts) or as the same JSON. Each process kind has its own file:
// host.log (the app's host process), serve.log (`guestlist serve`), main.log
// (Electron's main process). Every line passes maskEmails on its way out.
import path from 'node:path';
import pino, { type Logger } from 'pino';
import { maskEmails } from './mask';
import { formatLine } from './pretty';
import { RotatingFile, type RotatingFileOptions } from './rotatingFile';

export type { Logger } from 'pino';
export { maskEmail, maskEmails } from './mask';
export { formatLine } from './pretty';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const DEFAULT_LOG_LEVEL: LogLevel = 'info';
export const LOG_FILE_NAMES = ['host', 'serve', 'main'] as const;
export type LogName = (typeof LOG_FILE_NAMES)[number];

export function isLogLevel(v: unknown): v is LogLevel {
  return typeof v === 'string' && (LOG_LEVELS as readonly string[]).includes(v);
}

/** The logs folder of a data folder. */
export function logsDir(dataDir: string): string {
  return path.join(dataDir, 'logs');
}

export interface LogOptions {
  /** Where logs/ is; without one, nothing is written to a file. */
  dataDir?: string;
  name: LogName;
  level?: LogLevel;
  /** Also to the terminal: readable lines (default) or the JSON itself. */
  console?: { format: 'pretty' | 'json'; write(text: string): void; /** Only lines at this level or above (default: all). */ minLevel?: LogLevel } | null;
  rotate?: RotatingFileOptions;
}

export interface Log {
  logger: Logger;
  /** The file lines go to, or null. */
  file: string | null;
  setLevel(level: LogLevel): void;
  /** Writes buffered lines now. */
  flush(): void;
  close(): void;
}


/** What the listener logs for each answered request. */
export interface RequestFields {
  method: string;
  /** The route pattern (/g/:token), never the URL. */
  route: string;
  status: number;
  ms: number;
  ip: string;
}

const requestWriters = new WeakMap<Logger, (f: RequestFields) => void>();

/**
 * The one-line-per-request writer for a logger. For a logger made by
 * createLog it writes the same JSON line as `logger.info(fields, 'request')`
 * without pino's generic object path (the listener writes one per request);
 * for any other logger it is that call.
 */
export function requestWriter(logger: Logger): (f: RequestFields) => void {
  return requestWriters.get(logger) ?? ((f) => logger.isLevelEnabled('info') && logger.info(f, 'request'));
}

export function createLog(o: LogOptions): Log {
  const file = o.dataDir ? new RotatingFile(path.join(logsDir(o.dataDir), `${o.name}.log`), o.rotate) : null;
  const out = o.console ?? null;
  const consoleMin = out?.minLevel ? pino.levels.values[out.minLevel] ?? 0 : 0;
  // A line whose level is known and that passed maskEmails.
  const writeSafe = (safe: string, level: number) => {
    if (file) {
      file.write(safe);
      // An error is on disk before anything else can go wrong.
      if (level >= 50) file.flush();
    }
    if (out && level >= consoleMin) {
      if (out.format === 'json') out.write(safe);
      else {
        const text = formatLine(safe);
        if (text) out.write(`${text}\n`);
      }
    }
  };
  const destination = {
    write(line: string) {
      const safe = maskEmails(line);
      writeSafe(safe, Number(/^\{"level":(\d+)/.exec(safe)?.[1] ?? 0));
    },
  };
  const logger = pino(
    {
      level: o.level ?? DEFAULT_LOG_LEVEL,
      base: { proc: o.name, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Errors keep their code next to message and stack.
      serializers: { err: pino.stdSerializers.err },
    },
    destination,
  );
  const bindings = `,"proc":${JSON.stringify(o.name)},"pid":${process.pid}`;
  // The parts that repeat from line to line are made once: the time within the
  // same millisecond, and a method's or route pattern's quoted form (both come
  // from a small set: the routes registered, the methods Node's parser knows).
  let lastMs = -1;
  let lastTime = '';
  const quoted = new Map<string, string>();
  const quote = (s: string) => {
    let q = quoted.get(s);
    if (q === undefined) {
      q = JSON.stringify(s);
      if (quoted.size < 256) quoted.set(s, q);
    }
    return q;
  };
  requestWriters.set(logger, (f) => {
    if (!logger.isLevelEnabled('info')) return;
    const ms = Number.isFinite(f.ms) ? f.ms : 0;
    const now = Date.now();
    if (now !== lastMs) {
      lastMs = now;
      lastTime = new Date(now).toISOString();
    }
    // Only the address can carry text from outside (a trusted proxy's X-Forwarded-For): it is masked; the rest are route patterns and numbers.
    const ip = f.ip.includes('@') ? maskEmails(f.ip) : f.ip;
    writeSafe(
      `{"level":30,"time":"${lastTime}"${bindings},"method":${quote(f.method)},"route":${quote(f.route)},"status":${f.status | 0},"ms":${ms},"ip":${JSON.stringify(ip)},"msg":"request"}\n`,
      30,
    );
  });
  return {
    logger,
    file: file?.file ?? null,
    setLevel: (level) => {
      logger.level = level;
    },
    flush: () => file?.flush(),
    close: () => file?.close(),
  };
}

/** A `(message, error?)` callback (the host's, the live engine's) writing to a logger. */
export function logCallback(logger: Logger, level: 'warn' | 'error' | 'info' = 'warn'): (message: string, error?: unknown) => void {
  return (message, error) => (error === undefined ? logger[level](message) : logger[level]({ err: asError(error) }, message));
}

/** pino's err serializer wants an Error; a thrown string or object becomes one. */
export function asError(e: unknown): Error {
  if (e instanceof Error) return e;
  return new Error(typeof e === 'string' ? e : JSON.stringify(e) ?? String(e));
}
