#!/usr/bin/env bash
# Fills a libFuzzer corpus with every binary module of the official test
# suite (valid, malformed and invalid ones alike).
#
#   tests/fuzz/make_corpus.sh BUILD_DIR CORPUS_DIR
#
# The .wast scripts are converted with wast2json into BUILD_DIR/fuzz-corpus-json;
# the test suite is read from ../shared/wasm-testsuite next to the source tree,
# or from $KILN_TESTSUITE.
set -euo pipefail

if (($# != 2)); then
  echo "usage: $0 BUILD_DIR CORPUS_DIR" >&2
  exit 2
fi
build_dir=$1
corpus_dir=$2
source_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
testsuite=${KILN_TESTSUITE:-$source_dir/../shared/wasm-testsuite}
json_dir=$build_dir/fuzz-corpus-json

rm -rf "$json_dir"
mkdir -p "$json_dir" "$corpus_dir"
for wast in "$testsuite"/*.wast; do
  name=$(basename "$wast" .wast)
  mkdir -p "$json_dir/$name"
  wast2json "$wast" -o "$json_dir/$name/$name.json" >/dev/null
done
# Module files are named <script>.<n>.wasm, unique across the suite.
find "$json_dir" -name '*.wasm' -exec cp -t "$corpus_dir" {} +
echo "make_corpus: $(find "$corpus_dir" -type f | wc -l) files in $corpus_dir"
