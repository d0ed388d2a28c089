#!/usr/bin/env bash
# Builds and runs the compiler benchmarks: compile throughput on large real
# modules against V8's Liftoff, and the C kernels in bench/kernels in Kiln,
# natively and in V8. Prints the tables and writes them to
# BUILD_DIR/bench/compiler-report.md.
#
# Usage: bench/run-compiler.sh [BUILD_DIR] [compiler_bench.py options]
#   (default BUILD_DIR: build). Useful options: --reps N (default 5),
#   --quick (tiny kernel sizes), --skip-compile, --skip-kernels,
#   --kernels nbody,sort, --engines kiln,liftoff.
# Needs clang with the wasm32 target and wasm-ld, and node. The machine may
# be busy: engines run interleaved and only ratios are reported.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="$root/build"
if [[ $# -gt 0 && "$1" != -* ]]; then
  build_dir="$1"
  shift
fi

source "$root/bench/build-for-bench.sh"
build_for_bench "$root" "$build_dir" bench_compile bench_kernels

bench_dir="$build_dir/bench"
modules_dir="$bench_dir/modules"
"$root/bench/fetch-modules.sh" "$modules_dir"

# Each kernel twice from the same source: a freestanding wasm32 module
# exporting run (bulk memory on, so memcpy/memset become memory.copy/fill;
# no SIMD, which Kiln does not compile) and a native program.
kernels_src="$root/bench/kernels"
kernels_dir="$bench_dir/kernels"
mkdir -p "$kernels_dir"
for source in "$kernels_src"/*.c; do
  kernel="$(basename "$source" .c)"
  case "$kernel" in kernel_support | native_main) continue ;; esac
  clang --target=wasm32 -O2 -mbulk-memory -nostdlib -Wl,--no-entry -Wl,--export=run \
    -Wl,-z,stack-size=1048576 -o "$kernels_dir/$kernel.wasm" \
    "$source" "$kernels_src/kernel_support.c"
  clang -O2 -o "$kernels_dir/$kernel.native" "$source" "$kernels_src/native_main.c" -lm
done

echo
echo "== Compiler: compile throughput and kernels (progress on stderr)"
python3 "$root/bench/compiler_bench.py" --build-dir "$build_dir" --kernels-dir "$kernels_dir" \
  --report "$bench_dir/compiler-report.md" "$@" "$modules_dir"/*.wasm
