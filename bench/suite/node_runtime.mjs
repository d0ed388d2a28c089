// V8's side of the runtime group, the same operations bench_runtime times in
// Kiln: `node [V8 flags] node_runtime.mjs SMALL.wasm ADD.wasm TRAP.wasm`
// prints one JSON line with nanoseconds per operation:
//   instantiate_ns  new WebAssembly.Instance of SMALL (one-page memory, data segment)
//   call_ns         a JS -> Wasm call of ADD's add(i32, i32) -> i32
//   trap_ns         a call of TRAP's copy(), whose memory.copy goes out of bounds,
//                   and catching the WebAssembly.RuntimeError it throws
// Each is the median of 5 batches, after a warm-up batch.
import { readFileSync } from 'node:fs';
import { argv, exit, hrtime } from 'node:process';

const [small, add, trap] = argv.slice(2).map((f) => new WebAssembly.Module(readFileSync(f)));
if (!trap) {
  console.error('usage: node node_runtime.mjs SMALL.wasm ADD.wasm TRAP.wasm');
  exit(2);
}

function nsPerOperation(batch, operation) {
  const samples = [];
  for (let round = 0; round < 6; ++round) {
    const start = hrtime.bigint();
    for (let i = 0; i < batch; ++i) operation(i);
    const elapsed = Number(hrtime.bigint() - start) / batch;
    if (round > 0) samples.push(elapsed);  // round 0 warms up
  }
  samples.sort((a, b) => a - b);
  return samples[samples.length >> 1];
}

let keep = null;
const instantiate_ns = nsPerOperation(2000, () => { keep = new WebAssembly.Instance(small, {}); });
const addFunction = new WebAssembly.Instance(add, {}).exports.add;
let sum = 0;
const call_ns = nsPerOperation(1_000_000, (i) => { sum += addFunction(i, 1); });
const copy = new WebAssembly.Instance(trap, {}).exports.copy;
const trap_ns = nsPerOperation(20_000, () => {
  try {
    copy();
  } catch (e) {
    if (!(e instanceof WebAssembly.RuntimeError)) throw e;
  }
});
if (keep === null || sum === 0) exit(1);  // keeps the work observable
console.log(JSON.stringify({ instantiate_ns, call_ns, trap_ns }));
