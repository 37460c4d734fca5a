// Shared by the benchmarks: figures, tables, temp folders, process stats.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Figure {
  bench: string;
  metric: string;
  value: number | null;
  unit: string;
  /** The same metric for the same-run baseline, when there is one. */
  baseline?: number | null;
  /** value / baseline (or baseline / value for "lower is better" timings, see `better`). */
  ratio?: number | null;
  target?: string;
  met?: boolean | null;
  note?: string;
}

export interface BenchContext {
  quick: boolean;
  log: (...a: unknown[]) => void;
}

export type Bench = (ctx: BenchContext) => Promise<Figure[]>;

export function tmpDir(prefix = 'guestlist-bench-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function round(n: number | null | undefined, digits = 2): number | null {
  if (n === null || n === undefined || !Number.isFinite(n)) return null;
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export function ms(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function printTable(figures: Figure[]): void {
  const rows = figures.map((f) => [
    f.bench,
    f.metric,
    f.value === null ? 'n/a' : `${f.value} ${f.unit}`,
    f.baseline === undefined ? '' : f.baseline === null ? 'n/a' : `${f.baseline} ${f.unit}`,
    f.ratio === undefined ? '' : f.ratio === null ? 'n/a' : `${f.ratio}`,
    f.target ?? '',
    f.met === undefined ? '' : f.met === null ? 'not run' : f.met ? 'met' : 'NOT MET',
    f.note ?? '',
  ]);
  const head = ['bench', 'metric', 'value', 'baseline (same run)', 'ratio', 'target', 'status', 'note'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const r of rows) console.log(line(r));
}

export function machine() {
  return {
    nproc: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memTotalGiB: round(os.totalmem() / 2 ** 30, 1),
    memFreeGiB: round(os.freemem() / 2 ** 30, 1),
    loadavg: os.loadavg().map((l) => round(l, 2)),
    node: process.version,
    platform: `${process.platform} ${os.release()}`,
  };
}

/** 1-minute load average as a share of the cores: > 0.5 before a run means someone else was busy. */
export function busyNote(): string {
  const [l1] = os.loadavg();
  const n = os.cpus().length;
  return `load ${l1!.toFixed(2)} on ${n} cores`;
}
