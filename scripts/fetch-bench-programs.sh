#!/usr/bin/env bash
# Fetches what the large-program benchmarks of `make bench` (bench/suite's
# program group) are built from or run, from npm packages, into a directory of
# the build tree (never committed): SQLite's amalgamation, which
# bench/programs/sqlite_bench.c is compiled with, and QuickJS as a WASI
# reactor, which runs bench/programs/js_bench.js.
#
# Usage: scripts/fetch-bench-programs.sh DEST_DIR
# Idempotent; versions and contents pinned (sha256), bump them deliberately.
# Exits non-zero when a package cannot be fetched (e.g. offline).
set -euo pipefail

dest_dir="${1:?usage: fetch-bench-programs.sh DEST_DIR}"

# Each entry: output file, npm package@version, the file inside the tarball,
# its sha256.
FILES=(
  # SQLite 3.53.2's amalgamation, as better-sqlite3 12 bundles it.
  "sqlite3.c  better-sqlite3@12.11.1  package/deps/sqlite3/sqlite3.c
   60d2f39a3726cd6b9021da6f4e868608d66fbb6528a9f513dc8ffcc640493422"
  "sqlite3.h  better-sqlite3@12.11.1  package/deps/sqlite3/sqlite3.h
   9e69a1353a4288450b0d5239ede11fc7f1f4c8e5eb07491fc8317eacb5b7de7e"
  # QuickJS-NG as a WASI reactor (exports _initialize and a qjs_* C API,
  # imports six env.host_* hooks), built with wasi-sdk.
  "quickjs.wasm  quickjs-wasi@3.7.0  package/quickjs.wasm
   c0bd8f296e18cf074969f6401b9ecb72609a1323818ec2b9bf7a8f8d740d1363"
)

source "$(dirname "${BASH_SOURCE[0]}")/npm-fetch.sh"
npm_fetch fetch-bench-programs "$dest_dir" "${FILES[@]}"
