#!/usr/bin/env bash
# Builds and runs Kiln's benchmarks and prints a readable summary.
#
# Usage: bench/run.sh [BUILD_DIR]   (default: build)
# The front-end report also goes to BUILD_DIR/bench/frontend-report.md.
# Timings are only meaningful on an otherwise idle machine.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${1:-$root/build}"

source "$root/bench/build-for-bench.sh"
build_for_bench "$root" "$build_dir" bench_frontend

bench_dir="$build_dir/bench"
modules_dir="$bench_dir/modules"
"$root/bench/fetch-modules.sh" "$modules_dir"
modules=("$modules_dir"/*.wasm)

echo
echo "== Front end: Kiln decode, Kiln decode+validate, wabt in-process"
"$bench_dir/bench_frontend" "${modules[@]}" \
  --benchmark_repetitions=3 --benchmark_report_aggregates_only=true \
  --benchmark_out="$bench_dir/frontend.json" --benchmark_out_format=json

echo
echo "== Front end: wasm-validate (median of 5 runs per module)"
python3 "$root/bench/frontend_report.py" \
  --benchmark-json "$bench_dir/frontend.json" --report "$bench_dir/frontend-report.md" \
  "${modules[@]}"

"$root/bench/run-compiler.sh" "$build_dir"
"$root/bench/run-wasi.sh" "$build_dir"
