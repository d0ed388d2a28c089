#!/bin/bash
# What libkiln.so exports: Kiln's public API and nothing else. Its functions
# (the C API's wasm_* and kiln_*, and the C++ API's namespace kiln) must
# number exactly EXPECTED, so an accidental export (or a lost one) fails this
# test; nothing of asmjit, LLVM, the standard library or Kiln's internals
# (libcalls, trampolines, internal namespaces) may show.
# usage: exports_test.sh LIBKILN_SO EXPECTED
set -u
library=$1 expected=$2
passed=0 failed=0
check() {  # check NAME STATUS [DETAILS]
  if [ "$2" -eq 0 ]; then
    echo "ok: $1"
    passed=$((passed + 1))
  else
    echo "FAILED: $1"
    if [ -n "${3:-}" ]; then echo "$3"; fi
    failed=$((failed + 1))
  fi
}

symbols=$(nm -D --defined-only --format=posix "$library" | awk '{print $1}' | sort -u)
# Functions are counted. Data are not: which vtables, type info and inline
# variables (ValType::I32, ...) a compiler emits depends on the compiler and
# its options (clang folds unused inline variables away, UBSan adds type
# info), so they are only checked to be Kiln's.
count=$(nm -D --defined-only --format=posix "$library" | awk '$2 == "T" || $2 == "W"' | grep -c .)
echo "libkiln.so exports $count functions"
check "exactly $expected exported functions (found $count)" $([ "$count" -eq "$expected" ]; echo $?)
foreign=$(grep -vE '^(wasm_|kiln_|_ZN4kiln|_ZNK4kiln|_ZT[VIS]N4kiln)' <<< "$symbols" | c++filt)
check "only Kiln's API: wasm_*, kiln_*, kiln::" $([ -z "$foreign" ]; echo $?) "$foreign"
internal=$(grep -E '^_ZN(K)?4kiln(2vm|7runtime|4capi|4wasi|3x64|6detail|4text)' <<< "$symbols" | c++filt)
check "no internal namespace" $([ -z "$internal" ]; echo $?) "$internal"
libcalls=$(grep -E '^kiln_' <<< "$symbols" |
           grep -vE '^kiln_(config|error|linker|module|store|trap|wasi_config|wat2wasm)_?')
check "no libcall or trampoline" $([ -z "$libcalls" ]; echo $?) "$libcalls"
wasm=$(grep -c '^wasm_' <<< "$symbols")
check "the C API is exported ($wasm wasm_* functions)" $([ "$wasm" -gt 200 ]; echo $?)

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
