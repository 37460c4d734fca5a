// `npm run bench [-- --quick] [-- --only store,http,lobby,ui,lockstall,knockstorm,live]`
// Runs every benchmark, each with its own same-run baseline, prints one table
// with the ratios, and writes the figures as JSON to bench/results/.
// Not part of `npm test`. Binds 127.0.0.1 only. Every run is bounded.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Bench, busyNote, type Figure, machine, printTable } from './lib';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const onlyArg = argv.find((a) => a.startsWith('--only'));
const only = onlyArg ? (onlyArg.includes('=') ? onlyArg.split('=')[1]! : argv[argv.indexOf(onlyArg) + 1] ?? '').split(',') : null;
const log = (...a: unknown[]) => console.error('[bench]', ...a);

const BENCHES: Array<{ name: string; load: () => Promise<Bench> }> = [
  { name: 'store', load: async () => (await import('./store')).storeBench },
  { name: 'http', load: async () => (await import('./http')).httpBench },
  { name: 'lobby', load: async () => (await import('./lobby')).lobbyBench },
  { name: 'ui', load: async () => (await import('./ui')).uiBench },
  { name: 'lockstall', load: async () => (await import('./lockstall')).lockStallBench },
  { name: 'knockstorm', load: async () => (await import('./knockstorm')).knockStormBench },
  // Needs root (network namespaces), Janus and Chromium; says why and skips otherwise.
  { name: 'live', load: async () => (await import('./live')).liveBench },
];

async function main() {
  const started = new Date();
  const before = busyNote();
  log(`mode ${quick ? 'quick' : 'full'}; ${before}`);
  const figures: Figure[] = [];
  for (const b of BENCHES) {
    if (only && !only.includes(b.name)) continue;
    const t = Date.now();
    try {
      const bench = await b.load();
      figures.push(...(await bench({ quick, log })));
    } catch (e) {
      log(`${b.name} failed:`, (e as Error).stack ?? e);
      figures.push({ bench: b.name, metric: 'run', value: null, unit: '', met: null, note: `failed: ${(e as Error).message}`.slice(0, 200) });
    }
    log(`${b.name} done in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  console.log('');
  printTable(figures);
  const unmet = figures.filter((f) => f.met === false);
  const notRun = figures.filter((f) => f.met === null);
  console.log('');
  console.log(unmet.length ? `Targets NOT met: ${unmet.map((f) => `${f.bench}/${f.metric}`).join('; ')}` : 'Every measured target met.');
  if (notRun.length) console.log(`Not run: ${notRun.map((f) => `${f.bench}/${f.metric}`).join('; ')}`);
  const out = {
    started: started.toISOString(),
    finished: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    machine: machine(),
    loadBefore: before,
    loadAfter: busyNote(),
    figures,
  };
  const dir = path.join(HERE, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const stamp = started.toISOString().replace(/[:.]/g, '-');
  fs.writeFileSync(path.join(dir, `${quick ? 'quick' : 'full'}-${stamp}.json`), `${JSON.stringify(out, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, 'latest.json'), `${JSON.stringify(out, null, 2)}\n`);
  console.log(`\nFigures written to ${path.relative(process.cwd(), path.join(dir, 'latest.json'))} (${os.hostname()}).`);
  // Open handles (autocannon agents, browsers) must not keep a finished run alive.
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
