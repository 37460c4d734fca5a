// electron-builder afterPack hook (electron-builder.yml). Puts the SQLite
// binding built for the INSTALLED Electron (scripts/electron-native.mjs,
// .native/electron-<version>/) into resources/native, and refuses to finish
// the package when that binding was built for another ABI, or when anything
// test-only made it into the app.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { BINDING_FILE, bindingFor, installedElectron, moduleAbi, testOnlyFiles } = require('./nativeAbi.cjs');

/** Every file of the packaged app: inside app.asar, plus an unpacked app folder if there is one. */
function appFiles(resourcesDir) {
  const files = [];
  const asarFile = path.join(resourcesDir, 'app.asar');
  if (fs.existsSync(asarFile)) {
    const asar = require('@electron/asar');
    files.push(...asar.listPackage(asarFile, { isPack: false }));
  }
  for (const dir of ['app', 'app.asar.unpacked']) {
    const abs = path.join(resourcesDir, dir);
    if (fs.existsSync(abs)) for (const e of fs.readdirSync(abs, { recursive: true, withFileTypes: true })) if (e.isFile()) files.push(path.relative(resourcesDir, path.join(e.parentPath, e.name)));
  }
  return files;
}

async function afterPack(context) {
  const root = context.packager.projectDir ?? context.packager.info.projectDir;
  const electron = installedElectron(root);
  const version = context.packager.config.electronVersion || electron.version;
  const src = bindingFor(root, version);
  if (!fs.existsSync(src)) throw new Error(`[afterPack] ${path.relative(root, src)} is missing: run \`node scripts/electron-native.mjs\` for Electron ${version}.`);
  const abi = moduleAbi(src);
  if (!electron.abi || abi !== electron.abi) {
    throw new Error(`[afterPack] refusing ${path.relative(root, src)}: built for ABI ${abi ?? 'unknown'}, Electron ${version} needs ${electron.abi ?? 'unknown'}. Run \`node scripts/electron-native.mjs --force\`.`);
  }
  const resourcesDir = context.packager.getResourcesDir(context.appOutDir);
  const leaked = testOnlyFiles(appFiles(resourcesDir));
  if (leaked.length) throw new Error(`[afterPack] test-only files in the package:\n  ${leaked.slice(0, 20).join('\n  ')}${leaked.length > 20 ? `\n  … ${leaked.length - 20} more` : ''}`);
  const dest = path.join(resourcesDir, 'native', BINDING_FILE);
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  fs.copyFileSync(src, dest);
  console.log(`[afterPack] ${path.relative(root, src)} (ABI ${abi}) → ${path.relative(context.appOutDir, dest)}`);
}

module.exports = afterPack;
module.exports.default = afterPack;
