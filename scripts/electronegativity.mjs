#!/usr/bin/env node
// Electron security scan (S4), run by `npm test`. Scans the main process and
// the preload together with @doyensec/electronegativity (offline: the
// Electron version is given with -e), reads its CSV, and fails on any HIGH or
// MEDIUM finding that electronegativity.json doesn't accept with a reason.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const config = JSON.parse(fs.readFileSync(path.join(root, 'electronegativity.json'), 'utf8'));
const failOn = new Set(config.failOn ?? ['HIGH', 'MEDIUM']);
const started = Date.now();

// Global checks (navigation limits, permission handler, CSP) look across the
// whole input, so main and preload are scanned as one tree.
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'guestlist-eneg-'));
const tree = path.join(work, 'app');
for (const dir of config.inputs) fs.cpSync(path.join(root, dir), path.join(tree, dir), { recursive: true });

const bin = path.join(root, 'node_modules', '@doyensec', 'electronegativity', 'dist', 'index.js');
const HEADER = 'issue, severity, confidence, filename, location, sample, description, url';
const SEVERITIES = new Set(['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH']);

function scan(output) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, '-i', tree, '-e', config.electronVersion, '-o', output, '-v', 'false'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (d) => (log += d));
    child.stderr.on('data', (d) => (log += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, log });
    });
  });
}

/** RFC 4180-ish CSV: quoted fields may hold commas, quotes ("") and newlines. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((x) => x.some((c) => c.trim()));
}

/**
 * electronegativity writes the CSV header and the rows with two concurrent
 * fs.writeFile calls, so the header can truncate rows away (a false "clean").
 * Each attempt therefore also writes SARIF (one write) and the CSV is used
 * only when it is well-formed and has the same number of findings.
 */
async function findingsOnce(attempt) {
  const csvFile = path.join(work, `findings-${attempt}.csv`);
  const sarifFile = path.join(work, `findings-${attempt}.sarif`);
  const [a, b] = await Promise.all([scan(csvFile), scan(sarifFile)]);
  if (!fs.existsSync(csvFile) || !fs.existsSync(sarifFile)) return { error: `the scan produced no report (exit ${a.code}/${b.code}).\n${a.log}${b.log}` };
  const sarifCount = JSON.parse(fs.readFileSync(sarifFile, 'utf8')).runs?.[0]?.results?.length ?? -1;
  const text = fs.readFileSync(csvFile, 'utf8');
  const [header, ...rows] = parseCsv(text);
  if (header?.join(',') !== HEADER.split(',').join(',')) return { retry: 'the CSV header is not where it belongs' };
  if (rows.some((r) => r.length !== 8 || !SEVERITIES.has(r[1]?.trim()))) return { retry: 'a CSV row is malformed' };
  if (rows.length !== sarifCount) return { retry: `the CSV has ${rows.length} findings, the SARIF ${sarifCount}` };
  return { rows };
}

let rows = null;
for (let attempt = 1; attempt <= 3 && !rows; attempt++) {
  const r = await findingsOnce(attempt);
  if (r.error) {
    console.error(`[electronegativity] ${r.error}`);
    process.exit(1);
  }
  if (r.retry) console.log(`[electronegativity] attempt ${attempt}: ${r.retry}; scanning again.`);
  rows = r.rows ?? null;
}
if (!rows) {
  console.error('[electronegativity] could not get a consistent report in 3 attempts.');
  process.exit(1);
}
const col = Object.fromEntries(HEADER.split(',').map((h, i) => [h.trim(), i]));
const findings = rows.map((c) => {
  const file = c[col.filename]?.trim() ?? '';
  return {
    check: c[col.issue]?.trim(),
    severity: c[col.severity]?.trim(),
    confidence: c[col.confidence]?.trim(),
    file: file.startsWith(tree) ? path.relative(tree, file).split(path.sep).join('/') : file,
    location: c[col.location]?.trim(),
    sample: c[col.sample]?.trim() ?? '',
    description: c[col.description]?.trim(),
  };
});
fs.rmSync(work, { recursive: true, force: true });

const used = new Set();
const isAccepted = (f) => {
  const i = config.accepted.findIndex((a) => a.check === f.check && a.file === f.file && (!a.sample || f.sample.includes(a.sample)) && a.reason?.trim());
  if (i >= 0) used.add(i);
  return i >= 0;
};

const bySeverity = {};
for (const f of findings) bySeverity[f.severity] = (bySeverity[f.severity] ?? 0) + 1;
const blocking = findings.filter((f) => failOn.has(f.severity) && !isAccepted(f));
const accepted = findings.filter((f) => failOn.has(f.severity) && !blocking.includes(f));
const secs = ((Date.now() - started) / 1000).toFixed(1);

console.log(`[electronegativity] Electron ${config.electronVersion}, scanned ${config.inputs.join(' + ')} in ${secs} s: ${findings.length} findings (${Object.entries(bySeverity).map(([k, v]) => `${v} ${k}`).join(', ') || 'none'}).`);
for (const f of accepted) console.log(`  accepted  ${f.severity} ${f.check} ${f.file}:${f.location}`);
for (const f of findings.filter((x) => !failOn.has(x.severity))) console.log(`  info      ${f.severity} ${f.check} ${f.file}:${f.location} ${f.description}`);
config.accepted.forEach((a, i) => {
  if (!used.has(i)) console.log(`  unused    accepted entry ${a.check} ${a.file} no longer matches a finding; remove it.`);
});
if (blocking.length) {
  for (const f of blocking) console.log(`  FAIL      ${f.severity} ${f.check} ${f.file}:${f.location} ${f.description}\n            ${f.sample}`);
  console.log(`[electronegativity] ${blocking.length} HIGH/MEDIUM finding(s) not accepted in electronegativity.json.`);
  process.exit(1);
}
console.log('[electronegativity] clean: no unexplained HIGH or MEDIUM findings.');
