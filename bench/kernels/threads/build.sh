#!/usr/bin/env bash
# Builds one parallel kernel twice from the same source: KERNEL.wasm, a
# wasm32 module with an imported (and exported) shared memory that runs under
# wasi-threads, and KERNEL.native with POSIX threads. The suite (`make bench`,
# group threads) and tests/wasi_cli/parallel_kernels_test.py both build with it.
#
# Usage: bench/kernels/threads/build.sh KERNEL OUT_DIR [CLANG]
set -euo pipefail

kernel="${1:?usage: build.sh KERNEL OUT_DIR [CLANG]}"
out="${2:?usage: build.sh KERNEL OUT_DIR [CLANG]}"
clang="${3:-clang}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
kernels="$(dirname "$here")"
mkdir -p "$out"

# 1 GiB of shared memory at most (reserved up front by the engines, never
# committed), and a 1 MiB main stack; spawned threads' stacks come from the heap.
"$clang" --target=wasm32-wasi -O2 -matomics -mbulk-memory -nostdlib \
  -Wall -Wextra -Werror -I"$kernels" -I"$here" \
  -Wl,--shared-memory -Wl,--import-memory -Wl,--max-memory=1073741824 \
  -Wl,-z,stack-size=1048576 \
  -o "$out/$kernel.wasm" "$here/$kernel.c" "$here/parallel_wasi.c" "$here/thread_start.s" \
  "$kernels/kernel_support.c"
python3 "$here/export_memory.py" "$out/$kernel.wasm"

"$clang" -O2 -pthread -Wall -Wextra -Werror -I"$kernels" -I"$here" \
  -o "$out/$kernel.native" "$here/$kernel.c" "$here/parallel_native.c"
