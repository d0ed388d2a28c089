#!/bin/sh
# Long differential-fuzzing run: run.sh SECONDS [BUILD_DIR] [--simd] [--features30]
# (BUILD_DIR defaults to build/; --simd lets the generator use SIMD,
# --features30 the 3.0 features wabt runs; or, against binaryen's
# interpreter, --reference binaryen --binaryen BUILD_DIR/npm-binaryen after
# scripts/fetch-npm-binaryen.sh BUILD_DIR/npm-binaryen). Uses a
# time-based seed; mismatching modules are kept in
# BUILD_DIR/tests/fuzz/differential/work-long/mismatches (not the work
# directory of the CTest runs, which may run meanwhile).
set -e
seconds=${1:?usage: run.sh SECONDS [BUILD_DIR] [--simd] [--features30] [--reference binaryen --binaryen DIR]}
here=$(cd "$(dirname "$0")" && pwd)
build=${2:-$here/../../../build}
shift $(($# < 2 ? $# : 2))
exec python3 "$here/differential.py" "$@" \
  --driver "$build/tests/fuzz/differential/kiln_differential" \
  --wasm-opt "$(command -v wasm-opt)" \
  --work "$build/tests/fuzz/differential/work-long" \
  --seed "$(date +%s)" --seconds "$seconds"
