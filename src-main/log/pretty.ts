// Process: any (pure). One pino JSON line as one short line for a terminal:
//   21:20:18 GET /g/:token 200 3ms 192.0.2.7
//   21:20:19 WARN listener failed on 0.0.0.0:8080: PORT_IN_USE
// Requests (msg "request") get the compact form; anything else its level (but
// info), message, and the remaining fields as key=value; an error its message
// and code (the stack stays in the file).

const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const QUIET = new Set(['level', 'time', 'pid', 'hostname', 'proc', 'msg', 'err']);

export function formatLine(json: string, opts: { date?: boolean; proc?: boolean } = {}): string {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.trimEnd();
  }
  const time = typeof o.time === 'string' ? new Date(o.time) : typeof o.time === 'number' ? new Date(o.time) : new Date();
  const valid = !Number.isNaN(time.getTime());
  const clock = valid ? time.toTimeString().slice(0, 8) : '--:--:--';
  const day = valid ? `${time.getFullYear()}-${String(time.getMonth() + 1).padStart(2, '0')}-${String(time.getDate()).padStart(2, '0')} ` : '';
  const hhmmss = `${opts.date ? day : ''}${clock}${opts.proc && typeof o.proc === 'string' ? ` ${o.proc}` : ''}`;
  const level = typeof o.level === 'number' ? (LEVEL_NAMES[o.level] ?? String(o.level)) : String(o.level ?? '');
  if (o.msg === 'request') {
    const ms = typeof o.ms === 'number' ? `${o.ms < 10 ? o.ms.toFixed(1) : Math.round(o.ms)}ms` : '';
    return [hhmmss, o.method, o.route, o.status, ms, o.ip].filter((x) => x !== undefined && x !== '').join(' ');
  }
  const parts = [hhmmss];
  if (level !== 'INFO') parts.push(level);
  parts.push(String(o.msg ?? ''));
  for (const [k, v] of Object.entries(o)) if (!QUIET.has(k) && v !== undefined) parts.push(`${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  const err = o.err as { message?: string; code?: string; type?: string } | undefined;
  if (err) parts.push(`— ${err.type && err.type !== 'Error' ? `${err.type}: ` : ''}${err.message ?? ''}${err.code ? ` (${err.code})` : ''}`);
  return parts.join(' ');
}
