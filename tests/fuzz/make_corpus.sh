#!/usr/bin/env bash
# Fills a libFuzzer corpus from the official test suites:
#   fuzz_decode: every binary module (valid, malformed and invalid alike);
#   fuzz_text:   every module written in text (quoted ones too, malformed
#                text included), plus the example and test .wat files;
#   fuzz_run:    binaryen's random valid modules (make_run_corpus.py; the
#                suites' modules mostly end in a trap or do nothing).
#
#   tests/fuzz/make_corpus.sh TARGET BUILD_DIR CORPUS_DIR
#
# The scripts are read with BUILD_DIR/tests/fuzz/wast_modules (Kiln's text
# layer). The suite is read from ../shared/wasm-testsuite-3.0 next to the
# source tree, or from $KILN_TESTSUITE3.
set -euo pipefail

if (($# != 3)); then
  echo "usage: $0 fuzz_decode|fuzz_text|fuzz_run BUILD_DIR CORPUS_DIR" >&2
  exit 2
fi
target=$1
build_dir=$2
corpus_dir=$3
source_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
suites=("${KILN_TESTSUITE3:-$source_dir/../shared/wasm-testsuite-3.0}")

scripts=()
for suite in "${suites[@]}"; do
  [[ -d "$suite" ]] || continue
  while IFS= read -r -d '' wast; do scripts+=("$wast"); done \
    < <(find "$suite" -name '*.wast' -print0 | sort -z)
done

mkdir -p "$corpus_dir"
case "$target" in
  fuzz_decode) "$build_dir/tests/fuzz/wast_modules" --binary "$corpus_dir" "${scripts[@]}" ;;
  fuzz_text)
    "$build_dir/tests/fuzz/wast_modules" --text "$corpus_dir" "${scripts[@]}"
    # Named after their folder too: two folders hold a control.wat.
    while IFS= read -r -d '' wat; do
      cp "$wat" "$corpus_dir/$(basename "$(dirname "$wat")")-$(basename "$wat")"
    done < <(find "$source_dir/examples" "$source_dir/tests/compiler" -name '*.wat' -print0) ;;
  fuzz_run)
    python3 "$source_dir/tests/fuzz/make_run_corpus.py" --seed "${KILN_FUZZ_SEED:-1}" \
      --count 500 "$corpus_dir" ;;
  *) echo "make_corpus: unknown target $target" >&2; exit 2 ;;
esac
echo "make_corpus: $(find "$corpus_dir" -type f | wc -l) files in $corpus_dir"
