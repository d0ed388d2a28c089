#!/usr/bin/env bash
# The WASI benchmark: bench/wasi/wasi_bench.c (many small fd_writes, a
# directory walk with stats, reading a 100 MB file) built to wasm32-wasi and
# natively, run natively, in Kiln (`kiln run --dir`) and under Node's `wasi`,
# interleaved. Prints the table and writes BUILD_DIR/bench/wasi-report.md.
#
# Usage: bench/run-wasi.sh [BUILD_DIR] [wasi_bench.py options, e.g. --reps 3]
# The data (a tree of small files and the big file) goes to a temporary
# directory in /dev/shm when there is one, so the file system is not what is
# measured; WASI_BENCH_DATA overrides the parent directory.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="$root/build"
if [[ $# -gt 0 && "$1" != -* ]]; then
  build_dir="$1"
  shift
fi

source "$root/bench/build-for-bench.sh"
build_for_bench "$root" "$build_dir" kiln

bench_dir="$build_dir/bench/wasi"
mkdir -p "$bench_dir"
source="$root/bench/wasi/wasi_bench.c"
clang --target=wasm32-wasi -O2 -Wall -Wextra -Werror -o "$bench_dir/wasi_bench.wasm" "$source"
clang -O2 -Wall -Wextra -Werror -o "$bench_dir/wasi_bench.native" "$source"

parent="${WASI_BENCH_DATA:-}"
if [[ -z "$parent" ]]; then
  parent="$bench_dir"
  [[ -d /dev/shm && -w /dev/shm ]] && parent=/dev/shm
fi
data="$(mktemp -d "$parent/kiln-wasi-bench.XXXXXX")"
trap 'rm -rf "$data"' EXIT

echo
echo "== WASI: native, Kiln and Node's wasi (interleaved)"
python3 "$root/bench/wasi/wasi_bench.py" --kiln "$build_dir/kiln" \
  --wasm "$bench_dir/wasi_bench.wasm" --native "$bench_dir/wasi_bench.native" \
  --node-runner "$root/tests/wasi_cli/node_wasi_run.mjs" --data "$data" \
  --report "$build_dir/bench/wasi-report.md" "$@"
