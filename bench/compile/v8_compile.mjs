// V8's compile time for one module, in the same JSON form as bench_compile:
//   node --liftoff-only --no-wasm-lazy-compilation [thread flags] v8_compile.mjs MODULE.wasm
// times a synchronous `new WebAssembly.Module(bytes)` (decode, validate and
// compile every function eagerly: V8 validates while it compiles, so its
// figure includes validation). `compile_cpu_ns` is the process's CPU time
// during the compile over all threads, which shows how many threads V8 used.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { argv, cpuUsage, exit, hrtime } from 'node:process';

const file = argv[2];
if (!file) {
  console.error('usage: node [V8 flags] v8_compile.mjs MODULE.wasm');
  exit(2);
}
const bytes = readFileSync(file);
const cpuStart = cpuUsage();
const start = hrtime.bigint();
let error = null;
try {
  new WebAssembly.Module(bytes);
} catch (e) {
  error = String(e);
}
const elapsed = hrtime.bigint() - start;
const cpu = cpuUsage(cpuStart);
console.log(JSON.stringify({
  module: basename(file, '.wasm'),
  compile_ns: Number(elapsed),
  compile_cpu_ns: (cpu.user + cpu.system) * 1000,
  error,
}));
