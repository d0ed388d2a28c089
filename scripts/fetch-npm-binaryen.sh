#!/usr/bin/env bash
# Fetches npm's binaryen package (Binaryen compiled to Wasm, run by Node)
# with `npm pack` into a directory of the build tree (never committed). The
# differential fuzzing of the WebAssembly 3.0 features
# (tests/fuzz/differential, --reference binaryen) uses its wasm-opt both to
# generate modules and as the reference interpreter: Debian's binaryen 108
# generates few of the 3.0 features and wabt 1.0.32 runs fewer.
#
# Usage: scripts/fetch-npm-binaryen.sh DEST_DIR
# Leaves the unpacked package in DEST_DIR/package (bin/wasm-opt is a Node
# script). Idempotent. The version and the tarball's sha256 are pinned: the
# fuzzer's imports and output format (fuzzing_support.cpp) follow this
# version, so bump them together.
# Exits non-zero when the package cannot be fetched (e.g. offline).
set -euo pipefail

PACKAGE=binaryen@132.0.0
SHA256=6543555fb29bb92548f325c7dc18e9ab7dbb1215edda25993d1e3f71d85b8618

dest_dir="${1:?usage: fetch-npm-binaryen.sh DEST_DIR}"
mkdir -p "$dest_dir"
dest_dir="$(cd "$dest_dir" && pwd)"
if [[ -s "$dest_dir/package/bin/wasm-opt" && "$(cat "$dest_dir/package.pinned" 2>/dev/null)" == "$PACKAGE $SHA256" ]]; then
  echo "fetch-npm-binaryen: $PACKAGE present"
  exit 0
fi
echo "fetch-npm-binaryen: fetching $PACKAGE"
work="$(mktemp -d "$dest_dir/.fetch.XXXXXX")"
trap 'rm -rf "$work"' EXIT
tarball="$(cd "$work" && npm pack "$PACKAGE" --silent | tail -n 1)"
if ! echo "$SHA256  $work/$tarball" | sha256sum --check --status; then
  echo "fetch-npm-binaryen: $PACKAGE does not have the pinned sha256" >&2
  exit 1
fi
tar -xzf "$work/$tarball" -C "$work"
# The package moves into place last, so an interrupted fetch never leaves a
# partial one behind.
rm -rf "$dest_dir/package"
mv "$work/package" "$dest_dir/package"
echo "$PACKAGE $SHA256" >"$dest_dir/package.pinned"
