// The ABI checks shared by scripts/electron-native.mjs (building the SQLite
// binding for Electron) and scripts/afterPack.cjs (refusing to package a
// wrong one). Plain CommonJS, no dependencies: electron-builder loads it.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const BINDING_FILE = 'better_sqlite3.node';

/** The installed Electron: its version and NODE_MODULE_VERSION (shipped next to the package as abi_version). */
function installedElectron(root) {
  const dir = path.join(root, 'node_modules', 'electron');
  const version = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
  const abiFile = path.join(dir, 'abi_version');
  const abi = fs.existsSync(abiFile) ? fs.readFileSync(abiFile, 'utf8').trim() : null;
  return { version, abi };
}

/** Where scripts/electron-native.mjs puts the binding for an Electron version. */
function bindingFor(root, electronVersion) {
  return path.join(root, '.native', `electron-${electronVersion}`, BINDING_FILE);
}

/**
 * The ABI a native module was built for: V8-based addons export
 * `node_register_module_v<ABI>` (NODE_MODULE_INIT), so it can be read
 * without loading the file (loading it under Node would fail anyway).
 */
function moduleAbi(file) {
  const text = fs.readFileSync(file).toString('latin1');
  const found = new Set([...text.matchAll(/node_register_module_v(\d+)/g)].map((m) => m[1]));
  return found.size === 1 ? [...found][0] : null;
}

/** Files that must never be in the installed app (paths as listed in app.asar or the app folder). */
const TEST_ONLY = [
  [/(^|\/)out\/harness-renderer\//, "the test harness's renderer"],
  [/(^|\/)node_modules\/(tsx|esbuild|@esbuild)\//, 'tsx / esbuild (the CLI runner, not used by the app)'],
  [/(^|\/)node_modules\/better-sqlite3\/(build|deps|src|docs)\//, "better-sqlite3's build objects, Node-ABI binding or sources"],
  [/\.node$/, 'a native module outside resources/native (the app loads only that one)'],
  [/(^|\/)test\//, 'test files'],
];

function testOnlyFiles(paths) {
  const out = [];
  for (const p of paths) {
    const norm = p.replace(/\\/g, '/').replace(/^\/+/, '');
    const hit = TEST_ONLY.find(([re]) => re.test(norm) && !/(^|\/)node_modules\/[^/]+\/(test|tests)\//.test(norm));
    if (hit) out.push(`${norm} (${hit[1]})`);
  }
  return out;
}

module.exports = { BINDING_FILE, installedElectron, bindingFor, moduleAbi, testOnlyFiles };
