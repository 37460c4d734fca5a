// `guestlist logs [--lines N]`: where the logs are, and their last lines
// (host.log, serve.log and main.log merged by time), readable or as JSON.
import fs from 'node:fs';
import path from 'node:path';
import { formatLine, LOG_FILE_NAMES, logsDir } from '../log';

export interface LogTail {
  dir: string;
  /** The last lines, oldest first: the JSON objects as written. */
  lines: Record<string, unknown>[];
}

/** The last `n` lines of a file and, if it has fewer, of the file rotated before it. */
function lastLines(file: string, n: number): string[] {
  const out: string[] = [];
  for (const f of [file, `${file}.1`]) {
    let text: string;
    try {
      text = fs.readFileSync(f, 'utf8');
    } catch {
      break;
    }
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    out.unshift(...lines.slice(-(n - out.length)));
    if (out.length >= n) break;
  }
  return out;
}

export function tailLogs(dataDir: string, n: number): LogTail {
  const dir = logsDir(dataDir);
  const all: { time: string; obj: Record<string, unknown> }[] = [];
  for (const name of LOG_FILE_NAMES) {
    for (const line of lastLines(path.join(dir, `${name}.log`), n)) {
      try {
        const obj = JSON.parse(line) as Record<string, unknown>;
        all.push({ time: typeof obj.time === 'string' ? obj.time : '', obj });
      } catch {
        // A line cut by a crash: skipped.
      }
    }
  }
  all.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  return { dir, lines: all.slice(-n).map((x) => x.obj) };
}

/** For people: the folder, then one line each; `escape` makes each line safe for a terminal. */
export function logsText(t: LogTail, escape: (s: string) => string = (s) => s): string {
  const body = t.lines.map((o) => escape(formatLine(JSON.stringify(o), { date: true, proc: true }))).join('\n');
  return `Logs: ${escape(t.dir)}\n${body ? `${body}\n` : '(no log lines yet)\n'}`;
}
