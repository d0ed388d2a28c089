#!/usr/bin/env bash
# Installs every Debian package Kiln's build, tests and benchmarks need.
# Idempotent: packages already present are skipped, so running it twice is cheap.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config
  clang lld libclang-rt-14-dev         # clang builds, sanitizers, libFuzzer
  libgtest-dev libgmock-dev googletest  # unit tests
  libbenchmark-dev                      # bench/
  libcli11-dev libfmt-dev nlohmann-json3-dev
  libasmjit-dev                         # x86-64 code emission
  libxxhash-dev                         # .kwasm checksums, compiled-code cache keys
  liblz4-dev                            # .kwasm: the module's remains compressed
  wabt                                  # test oracle (wast2json, wasm2wat), wat2wasm for fixtures
  binaryen                              # fuzz input (wasm-opt --translate-to-fuzz)
  wasi-libc libclang-rt-14-dev-wasm32   # C examples built to wasm32-wasi
  llvm-14-dev                           # LLVMDemangle: C++ and Rust names in backtraces
  llvm-14                               # llvm-dwarfdump-14: oracle of the DWARF line table reader
  nodejs npm                            # peer engine for benchmarks, npm pack
  python3
  python3-matplotlib                    # bench/report.py charts
  time                                  # GNU time: peak memory in bench/suite
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
    missing+=("$p")
  fi
done

# Node.js may come from outside Debian (e.g. a preinstalled binary); accept it.
if command -v node >/dev/null && command -v npm >/dev/null; then
  filtered=()
  for p in "${missing[@]}"; do [[ "$p" == nodejs || "$p" == npm ]] || filtered+=("$p"); done
  missing=("${filtered[@]}")
fi

if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  SUDO=""
  [[ $(id -u) -eq 0 ]] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
