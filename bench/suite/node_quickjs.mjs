// Runs a JavaScript file in QuickJS compiled to Wasm (the WASI reactor of the
// npm package quickjs-wasi), in Node's WebAssembly and WASI:
//   node --no-turbo-fast-api-calls [V8 flags] node_quickjs.mjs quickjs.wasm SCRIPT.js
// Prints the script's value as a string. bench/suite/quickjs_run.cpp does the
// same on Kiln's API; the suite compares their output.
import { readFileSync } from 'node:fs';
import { argv, exit, stdout } from 'node:process';
import { WASI } from 'node:wasi';

const [file, script] = argv.slice(2);
if (!file || !script) {
  console.error('usage: node node_quickjs.mjs quickjs.wasm SCRIPT.js');
  exit(2);
}
// The module's host hooks (module loading, host functions, interrupts,
// promise rejections, time zones): the script uses none, so each answers
// "nothing", as in quickjs_run.cpp.
const env = {
  host_call: () => 0,
  host_interrupt: () => 0,
  host_promise_rejection: () => {},
  host_module_normalize: () => 0,
  host_module_load: () => 0,
  host_get_timezone_offset: () => 0,
};
const wasi = new WASI({ version: 'preview1', args: [file], env: {}, returnOnExit: true });
const module = new WebAssembly.Module(readFileSync(file));
const instance = new WebAssembly.Instance(module,
                                          { env, wasi_snapshot_preview1: wasi.wasiImport });
const q = instance.exports;
wasi.initialize(instance);  // calls _initialize
if (q.qjs_init() !== 0) {
  console.error('qjs_init failed');
  exit(1);
}

// A NUL-terminated UTF-8 copy of `text` in guest memory: [pointer, length].
function guestString(text) {
  const bytes = new TextEncoder().encode(text);
  const pointer = q.wasm_malloc(bytes.length + 1);
  const memory = new Uint8Array(q.memory.buffer);
  memory.set(bytes, pointer);
  memory[pointer + bytes.length] = 0;
  return [pointer, bytes.length];
}
function hostString(pointer) {
  const memory = new Uint8Array(q.memory.buffer);
  const end = memory.indexOf(0, pointer);
  return new TextDecoder().decode(memory.subarray(pointer, end));
}

const [code, length] = guestString(readFileSync(script, 'utf8'));
const [name] = guestString(script);
let value = q.qjs_eval(code, length, name, 0);
const failed = q.qjs_is_exception(value) !== 0;
if (failed) value = q.qjs_get_exception();
const text = q.qjs_get_string(value);
const result = text ? hostString(text) : '<no string>';
if (failed) {
  console.error(`uncaught exception: ${result}`);
  exit(1);
}
stdout.write(result + '\n');
