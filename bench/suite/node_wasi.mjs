// Runs a WASI command module in Node's built-in WASI:
//   node --no-turbo-fast-api-calls [V8 flags] node_wasi.mjs MODULE.wasm [ARGS...]
// with the current directory preopened as "." and "data" (for programs that
// read input files). The module's exit code becomes Node's. Node 20's WASI can
// crash in a garbage collection during fd_write once memory has grown large;
// --no-turbo-fast-api-calls avoids that.
import { readFileSync } from 'node:fs';
import { argv, exit } from 'node:process';
import { WASI } from 'node:wasi';

const [file, ...args] = argv.slice(2);
if (!file) {
  console.error('usage: node node_wasi.mjs MODULE.wasm [ARGS...]');
  exit(2);
}
const wasi = new WASI({
  version: 'preview1',
  args: [file, ...args],
  // Like `kiln run`, nothing of Node's environment: pandoc's runtime would
  // chdir to $PWD, a host path that is not preopened.
  env: {},
  preopens: { '.': '.', data: 'data' },
  returnOnExit: true,
});
const module = new WebAssembly.Module(readFileSync(file));
const instance = new WebAssembly.Instance(module, wasi.getImportObject());
exit(wasi.start(instance));
