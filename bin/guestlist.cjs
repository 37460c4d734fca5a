#!/usr/bin/env node
// The `guestlist` command. The sources are TypeScript; tsx loads them under plain Node.
require('tsx/cjs/api').register();
const { main } = require('../src-main/cli/index.ts');
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
