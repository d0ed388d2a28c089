// Runs a wasi-threads command module in Node, which has WASI but no
// wasi-threads: node --no-turbo-fast-api-calls [V8 flags] node_wasi_threads.mjs MODULE.wasm [ARGS...]
// The module imports its shared memory (env.memory) and wasi.thread-spawn.
// This shim creates the memory from the import's own limits, and implements
// thread-spawn with a worker thread that instantiates the module again on the
// same memory and calls wasi_thread_start(tid, arg), as wasi-threads says.
// Only the main thread gets Node's WASI: the parallel kernels' other threads
// make no WASI calls, so theirs are stubs that fail loudly if called.
import { readFileSync } from 'node:fs';
import { argv, exit } from 'node:process';
import { WASI } from 'node:wasi';
import { Worker, isMainThread, workerData } from 'node:worker_threads';

/// The limits {initial, maximum} of the memory import env.memory.
function importedMemoryLimits(bytes) {
  let at = 8;
  const leb = () => {
    let value = 0, shift = 0, byte;
    do {
      byte = bytes[at++];
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return value;
  };
  const name = () => {
    const length = leb();
    at += length;
    return Buffer.from(bytes.subarray(at - length, at)).toString();
  };
  while (at < bytes.length) {
    const id = bytes[at++];
    const size = leb();
    const end = at + size;
    if (id === 2) {
      for (let count = leb(); count > 0; --count) {
        const module = name(), field = name(), kind = bytes[at++];
        if (kind === 2) {
          const flags = bytes[at++];
          const initial = leb(), maximum = flags & 1 ? leb() : undefined;
          if (module === 'env' && field === 'memory') return { initial, maximum, shared: true };
        } else if (kind === 0) leb();
        else if (kind === 1) { at++; const flags = bytes[at++]; leb(); if (flags & 1) leb(); }
        else if (kind === 3) at += 2;
        else if (kind === 4) { at++; leb(); }
      }
    }
    at = end;
  }
  throw new Error('the module imports no env.memory');
}

/// wasi.thread-spawn: thread ids are unique across all threads, so the last
/// one handed out is shared with every worker.
function threadSpawner(module, memory, lastTid) {
  return (arg) => {
    const tid = Atomics.add(lastTid, 0, 1) + 1;
    new Worker(new URL(import.meta.url), { workerData: { module, memory, lastTid, tid, arg } });
    return tid;
  };
}

if (isMainThread) {
  const [file, ...args] = argv.slice(2);
  if (!file) {
    console.error('usage: node node_wasi_threads.mjs MODULE.wasm [ARGS...]');
    exit(2);
  }
  const bytes = readFileSync(file);
  const module = new WebAssembly.Module(bytes);
  const memory = new WebAssembly.Memory(importedMemoryLimits(bytes));
  const wasi = new WASI({ version: 'preview1', args: [file, ...args], env: {}, returnOnExit: true });
  const instance = new WebAssembly.Instance(module, {
    ...wasi.getImportObject(),
    env: { memory },
    wasi: { 'thread-spawn': threadSpawner(module, memory, new Int32Array(new SharedArrayBuffer(4))) },
  });
  exit(wasi.start(instance));
} else {
  const { module, memory, lastTid, tid, arg } = workerData;
  const noWasi = new Proxy({}, {
    get: (_, name) => () => { throw new Error(`WASI ${String(name)} called on a spawned thread`); },
  });
  const imports = { wasi_snapshot_preview1: noWasi, env: { memory },
                    wasi: { 'thread-spawn': threadSpawner(module, memory, lastTid) } };
  const instance = new WebAssembly.Instance(module, imports);
  instance.exports.wasi_thread_start(tid, arg);
}
