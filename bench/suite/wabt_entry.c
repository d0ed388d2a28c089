// Entry point for wabt's interpreter, which in Debian's build cannot run WASI
// programs nor pass arguments: the kernel is built freestanding (with
// bench/kernels/kernel_support.c) and this file exports `bench()`, which calls
// run(BENCH_N) with N fixed at build time. `wasm-interp K.wasm --run-all-exports`
// then prints `bench() => i64:<checksum>`.
#include "kernel_support.h"

int64_t bench(void) { return run(BENCH_N); }
