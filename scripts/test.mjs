#!/usr/bin/env node
// `npm test`: typecheck, the vitest suites (core, api, CLI, listener,
// reliability, renderer components), the Playwright suites in Debian's
// Chromium (and Electron where its binary exists), and the Electron
// security scan. Prints one closing line: "N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'guestlist-test-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
const failedSteps = [];

function run(name, cmd, args, env = {}) {
  console.log(`\n[test] ${name}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) failedSteps.push(name);
  return r.status === 0;
}

function countVitest(file) {
  if (!fs.existsSync(file)) return false;
  const j = JSON.parse(fs.readFileSync(file, 'utf8'));
  totals.passed += j.numPassedTests ?? 0;
  totals.failed += j.numFailedTests ?? 0;
  totals.skipped += (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
  return true;
}

function countPlaywright(file) {
  if (!fs.existsSync(file)) return false;
  const j = JSON.parse(fs.readFileSync(file, 'utf8'));
  const s = j.stats ?? {};
  totals.passed += (s.expected ?? 0) + (s.flaky ?? 0);
  totals.failed += s.unexpected ?? 0;
  totals.skipped += s.skipped ?? 0;
  return true;
}

// 1. Types (a failed typecheck counts as one failed check).
if (run('typecheck', 'npm', ['run', '-s', 'typecheck'])) totals.passed += 1;
else totals.failed += 1;

// 2. Vitest.
const vitestJson = path.join(reports, 'vitest.json');
run('vitest', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
if (!countVitest(vitestJson)) totals.failed += 1;

// 3. Playwright (browser e2e and, where the binary exists, Electron).
if (fs.existsSync(path.join(root, 'playwright.config.ts'))) {
  const pwJson = path.join(reports, 'playwright.json');
  run('playwright', 'npx', ['playwright', 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson });
  if (!countPlaywright(pwJson)) totals.failed += 1;
}

// 4. Electron security scan.
if (fs.existsSync(path.join(root, 'scripts', 'electronegativity.mjs'))) {
  if (run('electronegativity', 'node', ['scripts/electronegativity.mjs'])) totals.passed += 1;
  else totals.failed += 1;
}

if (failedSteps.length) console.log(`\n[test] failing steps: ${failedSteps.join(', ')}`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedSteps.length || totals.failed ? 1 : 0);
