// Process: main (pure). A logger named after its module. Until the data
// folder is known it writes to the terminal; configureMainLog then sends
// every module's lines to logs/main.log (pino, rotated: src-main/log) and,
// for warnings and errors, to the terminal as well.
import { asError, createLog, type Log, type LogLevel } from '../log';

let root: Log | null = null;

/** Opens logs/main.log in the data folder at the app's level. Never throws: without it the terminal is used. */
export function configureMainLog(dataDir: string, level: LogLevel): string | null {
  try {
    root?.close();
    root = createLog({ dataDir, name: 'main', level, console: { format: 'pretty', minLevel: 'warn', write: (t) => process.stderr.write(`[main] ${t}`) } });
    process.on('exit', () => root?.flush());
    return root.file;
  } catch (e) {
    console.warn('[guestlist:main] logs/ cannot be written; logging to the terminal', e);
    return null;
  }
}

export function setMainLogLevel(level: LogLevel): void {
  root?.setLevel(level);
}

export function flushMainLog(): void {
  root?.flush();
}

export function logger(module: string) {
  const tag = `[guestlist:${module}]`;
  const at =
    (level: 'info' | 'warn' | 'error', fallback: (...a: unknown[]) => void) =>
    (message: string, error?: unknown) => {
      if (!root) return error === undefined ? fallback(tag, message) : fallback(tag, message, error);
      const fields = error === undefined ? { module } : { module, err: asError(error) };
      root.logger[level](fields, message);
    };
  return {
    info: at('info', console.log),
    warn: at('warn', console.warn),
    error: at('error', console.error),
  };
}
