#!/usr/bin/env node
// Builds better-sqlite3 for Electron's ABI into .native/electron-<version>/,
// leaving node_modules/better-sqlite3 built for Node (tests, CLI). Electron
// loads the copy through better-sqlite3's `nativeBinding` option.
//
// Runs before `npm start`, `npm run dev` and `npm run dist` (not at install:
// `npm install` must work offline). Needs the internet the first time, to
// fetch Electron's headers from https://electronjs.org/headers, plus a C++
// toolchain and Python (node-gyp). Exits non-zero with a clear message when
// it can't.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nativeAbi from './nativeAbi.cjs';

const { bindingFor, installedElectron, moduleAbi } = nativeAbi;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST_URL = 'https://electronjs.org/headers';
const say = (m) => console.log(`[electron-native] ${m}`);
const fail = (m) => {
  console.error(`\n[electron-native] ${m}\n`);
  process.exit(1);
};

if (!fs.existsSync(path.join(root, 'node_modules', 'electron', 'package.json'))) fail('node_modules/electron is missing. Run `npm install` first.');
// The installed Electron and its NODE_MODULE_VERSION (node-abi agrees: 45.x → 150).
const { version: electronVersion, abi: expectedAbi } = installedElectron(root);

const outFile = bindingFor(root, electronVersion);
const outDir = path.dirname(outFile);
const arch = process.env.GUESTLIST_NATIVE_ARCH || process.arch;

function verify(file) {
  const abi = moduleAbi(file);
  if (!abi) return { ok: false, why: 'no node_register_module_v<ABI> symbol found' };
  if (expectedAbi && abi !== expectedAbi) return { ok: false, why: `built for ABI ${abi}, Electron ${electronVersion} needs ${expectedAbi}${abi === process.versions.modules ? ' (that is Node\'s ABI: node-gyp used Node\'s headers, e.g. because npm_config_nodedir was set)' : ''}` };
  return { ok: true, abi };
}

if (process.argv.includes('--check')) {
  if (!fs.existsSync(outFile)) fail(`missing: ${path.relative(root, outFile)}`);
  const v = verify(outFile);
  if (!v.ok) fail(`${path.relative(root, outFile)}: ${v.why}`);
  say(`ok: ${path.relative(root, outFile)} (ABI ${v.abi})`);
  process.exit(0);
}

if (fs.existsSync(outFile) && !process.argv.includes('--force')) {
  const v = verify(outFile);
  if (v.ok) {
    say(`Electron ${electronVersion} SQLite binding present (ABI ${v.abi}).`);
    process.exit(0);
  }
  say(`existing binding is unusable (${v.why}); rebuilding.`);
}

function reachable(url) {
  return new Promise((resolve) => {
    const req = https.request(url, { method: 'HEAD', timeout: 10_000 }, (res) => {
      res.resume();
      resolve((res.statusCode ?? 500) < 500);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(false));
    req.end();
  });
}

const srcPkg = path.join(root, 'node_modules', 'better-sqlite3');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'guestlist-native-'));
const copy = path.join(work, 'better-sqlite3');
say(`building better-sqlite3 for Electron ${electronVersion} (${arch}) in ${work} …`);
fs.cpSync(srcPkg, copy, { recursive: true, filter: (p) => !p.startsWith(path.join(srcPkg, 'build')) && !p.startsWith(path.join(srcPkg, 'node_modules')) });


function install(built, how) {
  fs.mkdirSync(outDir, { recursive: true });
  fs.copyFileSync(built, `${outFile}.tmp`);
  fs.renameSync(`${outFile}.tmp`, outFile);
  fs.rmSync(work, { recursive: true, force: true });
  say(`${how}: ${path.relative(root, outFile)} (ABI ${moduleAbi(outFile)}).`);
  process.exit(0);
}

// 1. better-sqlite3's published prebuilt binary for this Electron version:
// no C++ toolchain needed. Offline or for an unpublished version it fails,
// and we fall back to building (2).
const prebuildInstall = path.join(root, 'node_modules', 'prebuild-install', 'bin.js');
if (fs.existsSync(prebuildInstall) && !process.argv.includes('--from-source')) {
  say(`trying better-sqlite3's prebuilt binary for Electron ${electronVersion} (${process.platform}-${arch}) …`);
  const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_/i.test(k)));
  const pb = spawnSync(process.execPath, [prebuildInstall, '--runtime', 'electron', '--target', electronVersion, '--arch', arch, '--platform', process.platform, '--tag-prefix', 'v', '--verbose'], { cwd: copy, env: cleanEnv, stdio: 'inherit', timeout: 120_000 });
  const fetched = path.join(copy, 'build', 'Release', 'better_sqlite3.node');
  if (pb.status === 0 && fs.existsSync(fetched)) {
    const v = verify(fetched);
    if (v.ok) install(fetched, 'installed the prebuilt binary');
    say(`the prebuilt binary is unusable (${v.why}); building from source instead.`);
  } else {
    say('no prebuilt binary (offline, or none published for this version); building from source instead.');
  }
  fs.rmSync(path.join(copy, 'build'), { recursive: true, force: true });
}

// 2. node-gyp against Electron's headers.
const headersUrl = `${DIST_URL}/v${electronVersion}/node-v${electronVersion}-headers.tar.gz`;
const devDir = path.join(os.homedir(), '.electron-gyp');
const haveHeaders = fs.existsSync(path.join(devDir, electronVersion, 'include', 'node', 'node.h'));
if (!haveHeaders && !(await reachable(headersUrl))) {
  fs.rmSync(work, { recursive: true, force: true });
  fail(
    [
      `Guestlist needs a copy of better-sqlite3 built for Electron ${electronVersion} (ABI ${expectedAbi ?? '?'}), and it isn't built yet.`,
      `Building it needs, once:`,
      `  - internet access to ${DIST_URL} (Electron's C++ headers; could not reach ${headersUrl}),`,
      `  - a C++ toolchain and Python 3 for node-gyp (build-essential / Xcode CLT / Visual Studio Build Tools).`,
      `Then run: node scripts/electron-native.mjs   (npm start runs it for you).`,
      `It writes ${path.relative(root, outFile)} and leaves node_modules (built for Node) untouched.`,
    ].join('\n'),
  );
}

// npm exports user config as npm_config_*; a nodedir there (e.g. nodedir=/usr
// in ~/.npmrc) silently makes node-gyp use Node's headers. Drop all of it and
// say exactly what we want.
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_/i.test(k) && k.toUpperCase() !== 'NODEDIR'));
Object.assign(env, { npm_config_runtime: 'electron', npm_config_target: electronVersion, npm_config_disturl: DIST_URL, npm_config_arch: arch });

const nodeGyp = path.join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
if (!fs.existsSync(nodeGyp)) fail('node_modules/node-gyp is missing; it is needed to build the binding.');
const started = Date.now();
const r = spawnSync(
  process.execPath,
  [nodeGyp, 'rebuild', '--release', `--target=${electronVersion}`, `--arch=${arch}`, `--dist-url=${DIST_URL}`, `--devdir=${devDir}`, `--jobs=max`],
  { cwd: copy, env, stdio: 'inherit' },
);
if (r.status !== 0) {
  fs.rmSync(work, { recursive: true, force: true });
  fail(`node-gyp failed (exit ${r.status}). It needs Electron's headers from ${DIST_URL}, a C++ toolchain and Python 3.`);
}

const built = path.join(copy, 'build', 'Release', 'better_sqlite3.node');
const v = verify(built);
if (!v.ok) {
  fs.rmSync(work, { recursive: true, force: true });
  fail(`the built binding is wrong: ${v.why}. Nothing was installed.`);
}
install(built, `built from source in ${Math.round((Date.now() - started) / 1000)} s`);
