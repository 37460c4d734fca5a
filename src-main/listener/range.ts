// M4: HTTP range requests for the media player, so seeking works.
import path from 'node:path';

export type RangeResult = { kind: 'full' } | { kind: 'partial'; start: number; end: number } | { kind: 'unsatisfiable' };

/**
 * Parses a Range header against a file size, as RFC 9110 §14 says:
 * - a header that isn't a valid `bytes` range set (another unit, bad syntax,
 *   a last position before the first) is ignored: the whole file, 200;
 * - more than one range: the whole file (a server may ignore Range);
 * - a last position past the end (however large) is clamped to the end;
 * - only a first position at or past the end, a zero-length suffix, or any
 *   range of an empty file is unsatisfiable: 416.
 */
export function parseRange(header: string | undefined, size: number): RangeResult {
  if (header === undefined) return { kind: 'full' };
  const m = /^\s*bytes\s*=\s*(.+)$/i.exec(header);
  if (!m) return { kind: 'full' };
  const specs = m[1]!.split(',');
  if (specs.length > 1) return { kind: 'full' };
  const r = /^\s*(\d*)\s*-\s*(\d*)\s*$/.exec(specs[0]!);
  if (!r || (r[1] === '' && r[2] === '')) return { kind: 'full' };
  if (r[1] === '') {
    // suffix: the last N bytes (all of them if N is larger than the file)
    const n = Number(r[2]);
    if (n === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(r[1]);
  const end = r[2] === '' ? Number.POSITIVE_INFINITY : Number(r[2]);
  if (end < start) return { kind: 'full' };
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end: Math.min(end, size - 1) };
}

const TYPES: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.mov': 'video/quicktime',
  '.webm': 'video/webm',
  '.ogv': 'video/ogg',
  '.mkv': 'video/x-matroska',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.aac': 'audio/aac',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
  '.oga': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.flac': 'audio/flac',
};

export function mediaType(filePath: string): string {
  return TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

export function playerKind(filePath: string | null): 'video' | 'audio' | null {
  if (!filePath) return null;
  return mediaType(filePath).startsWith('audio/') ? 'audio' : 'video';
}
