// Node driver for one kernel: `node [V8 flags] node_driver.mjs KERNEL.wasm N`
// compiles and instantiates the module (untimed), calls run(N) once and
// prints the checksum, the call's wall time and the process's CPU time during
// the call in the format every engine's driver uses. Run it with `--no-wasm-lazy-compilation`, or the first call
// would also time compiling the functions it reaches.
import { readFileSync } from 'node:fs';
import { argv, cpuUsage, exit, hrtime } from 'node:process';

const [file, n] = argv.slice(2);
if (!file || n === undefined) {
  console.error('usage: node node_driver.mjs KERNEL.wasm N');
  exit(2);
}
const module = new WebAssembly.Module(readFileSync(file));
const instance = new WebAssembly.Instance(module, {});
const cpuStart = cpuUsage();
const start = hrtime.bigint();
const checksum = instance.exports.run(Number(n));
const elapsed = hrtime.bigint() - start;
const cpu = cpuUsage(cpuStart);
console.log(`checksum=${checksum} ns=${elapsed} cpu_ns=${(cpu.user + cpu.system) * 1000}`);
