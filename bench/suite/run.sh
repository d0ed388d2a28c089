#!/usr/bin/env bash
# The whole benchmark suite, as `make bench` runs it: builds what it needs,
# runs every group with progress on stderr, then writes bench/REPORT.md and
# the charts bench/report-*.png from the results.
#
# Usage: bench/suite/run.sh [BUILD_DIR] [suite.py options]
#   (default BUILD_DIR: build). Useful options: --reps N (default 5),
#   --groups kernels,simd,threads,program,interp,compile,frontend,runtime,capacity,
#   --kernels nbody,sort,saxpy (the SIMD kernels are chosen by the same option),
#   --groups startup --merge-into BUILD_DIR/bench/suite/results.json (rerun one
#   group into the last run's results; the report says so).
# The raw results stay in BUILD_DIR/bench/suite/results.json; rerun only the
# report with `python3 bench/report.py BUILD_DIR/bench/suite/results.json`.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build_dir="$root/build"
if [[ $# -gt 0 && "$1" != -* ]]; then
  build_dir="$(cd "$1" 2>/dev/null && pwd || echo "$1")"
  shift
fi

source "$root/bench/build-for-bench.sh"
build_for_bench "$root" "$build_dir" kiln bench_compile bench_frontend bench_runtime bench_vm bench_instances \
  bench_quickjs_run

results="$build_dir/bench/suite/results.json"
python3 "$root/bench/suite/suite.py" --build-dir "$build_dir" --results "$results" "$@"

# Debian's python3 has python3-matplotlib; a python3 earlier on PATH may not.
report_python=python3
[[ -x /usr/bin/python3 ]] && /usr/bin/python3 -c 'import matplotlib' 2>/dev/null &&
  report_python=/usr/bin/python3
"$report_python" "$root/bench/report.py" "$results" --out-dir "$root/bench" >/dev/null
echo "bench: wrote $root/bench/REPORT.md and its charts"
