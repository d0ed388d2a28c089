// Runs a WASI command module under Node's built-in `wasi` module, with the
// same options as `kiln run`, so tests and benchmarks can compare the two:
//
//   node node_wasi_run.mjs [--dir HOST[::GUEST]]... [--env NAME=VALUE]... FILE [ARGS...]
//
// argv[0] is FILE as written; nothing from Node's environment reaches the
// guest. Exits with the guest's exit status.
import { readFile } from 'node:fs/promises';
import process from 'node:process';
import { WASI } from 'node:wasi';

const argv = process.argv.slice(2);
const preopens = {};
const env = {};
while (argv.length > 1 && (argv[0] === '--dir' || argv[0] === '--env')) {
  const [option, value] = argv.splice(0, 2);
  if (option === '--dir') {
    const [host, guest] = value.includes('::') ? value.split('::') : [value, value];
    preopens[guest] = host;
  } else {
    const equals = value.indexOf('=');
    env[value.slice(0, equals)] = value.slice(equals + 1);
  }
}
if (argv.length === 0) {
  process.stderr.write('usage: node_wasi_run.mjs [--dir H[::G]]... [--env N=V]... FILE [ARGS...]\n');
  process.exit(2);
}

const wasi = new WASI({ version: 'preview1', args: argv, env, preopens, returnOnExit: true });
const module = await WebAssembly.compile(await readFile(argv[0]));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
