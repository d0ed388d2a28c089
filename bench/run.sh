#!/usr/bin/env bash
# Builds and runs Kiln's benchmarks and prints a readable summary.
#
# Usage: bench/run.sh [BUILD_DIR]   (default: build)
# The front-end report also goes to BUILD_DIR/bench/frontend-report.md.
# Timings are only meaningful on an otherwise idle machine.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${1:-$root/build}"

configure=(cmake -S "$root" -B "$build_dir" -DKILN_BENCH=ON)
# A fresh build tree gets Ninja and an optimised build;
# an existing one keeps its generator and build type.
[[ -f "$build_dir/CMakeCache.txt" ]] || configure+=(-G Ninja -DCMAKE_BUILD_TYPE=Release)
"${configure[@]}" >/dev/null
build_type="$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build_dir/CMakeCache.txt")"
case "$build_type" in
  Release | RelWithDebInfo) ;;
  *) echo "bench: warning: $build_dir is a '$build_type' build; numbers will not be representative" >&2 ;;
esac
cmake --build "$build_dir" --target bench_frontend -j2

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
