#!/usr/bin/env bash
# The text-format benchmark: Kiln's parser against wabt's on `wasm2wat`
# output of the large real-world modules (bench/fetch-modules.sh).
#
# Usage: bench/text/run-text.sh [BUILD_DIR] [MODULE_NAME...]
#   (default: build; all fetched modules)
# The .wat files are written once into BUILD_DIR/bench/wat. Timings are only
# meaningful on an otherwise idle machine; compare ratios.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build_dir="${1:-$root/build}"
shift || true

source "$root/bench/build-for-bench.sh"
build_for_bench "$root" "$build_dir" bench_text

bench_dir="$build_dir/bench"
modules_dir="$bench_dir/modules"
wat_dir="$bench_dir/wat"
"$root/bench/fetch-modules.sh" "$modules_dir"
mkdir -p "$wat_dir"

names=("$@")
if ((${#names[@]} == 0)); then
  for module in "$modules_dir"/*.wasm; do names+=("$(basename "$module" .wasm)"); done
fi
inputs=()
for name in "${names[@]}"; do
  wat="$wat_dir/$name.wat"
  if [[ ! -s "$wat" ]]; then
    echo "run-text: wasm2wat $name.wasm"
    wasm2wat "$modules_dir/$name.wasm" -o "$wat.tmp" && mv "$wat.tmp" "$wat"
  fi
  inputs+=("$wat")
done

echo
echo "== Text format to binary: Kiln, wabt in-process (with and without validation)"
"$bench_dir/bench_text" "${inputs[@]}" --benchmark_repetitions=3 \
  --benchmark_report_aggregates_only=true \
  --benchmark_out="$bench_dir/text.json" --benchmark_out_format=json

echo
echo "== wat2wasm, the tool (wall time of one run per module)"
for input in "${inputs[@]}"; do
  /usr/bin/time -f "$(basename "$input"): wat2wasm %e s, %M KB peak" \
    wat2wasm "$input" -o /dev/null
done
