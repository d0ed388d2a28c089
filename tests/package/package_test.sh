#!/bin/bash
# Installs Kiln into a temporary prefix and builds the embedding examples
# (examples/embed) against the installed package only, once through
# pkg-config and once through find_package(Kiln), then runs them.
# usage: package_test.sh BUILD_DIR SOURCE_DIR LIBDIR C_COMPILER CXX_COMPILER
set -u
build=$1 source=$2 libdir=$3 cc=$4 cxx=$5
tmp=$(mktemp -d /tmp/kiln_package_XXXXXX)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
passed=0 failed=0

step() {  # step NAME COMMAND...: runs COMMAND, its output shown on failure
  local name=$1
  shift
  if "$@" > "$tmp/step.log" 2>&1; then
    echo "ok: $name"
    passed=$((passed + 1))
  else
    echo "FAILED: $name"
    cat "$tmp/step.log"
    failed=$((failed + 1))
  fi
}

step "install into a temporary prefix" cmake --install "$build" --prefix "$prefix"
for file in include/kiln/kiln.h include/wasm.h include/kiln.h "$libdir/libkiln.a" \
            "$libdir/libkiln.so.0" "$libdir/pkgconfig/kiln.pc" \
            "$libdir/cmake/Kiln/KilnConfig.cmake" bin/kiln; do
  step "installed $file" test -e "$prefix/$file"
done
step "libkiln.so's SONAME is libkiln.so.0" \
  bash -c "readelf -d '$prefix/$libdir/libkiln.so' | grep -q 'SONAME.*\\[libkiln.so.0\\]'"

# pkg-config: flags from the installed kiln.pc only.
export PKG_CONFIG_PATH=$prefix/$libdir/pkgconfig
flags=$(pkg-config --cflags --libs kiln)
step "pkg-config finds kiln" test -n "$flags"
mkdir -p "$tmp/pc"
step "build the C host with pkg-config" \
  "$cc" -std=c11 -Wall -Wextra -Werror "$source/examples/embed/host.c" $flags -o "$tmp/pc/host_c"
step "build the C++ host with pkg-config" \
  "$cxx" -std=c++20 -Wall -Wextra -Werror "$source/examples/embed/host.cpp" $flags \
  -o "$tmp/pc/host_cpp"
step "run the C host (pkg-config)" \
  env LD_LIBRARY_PATH="$prefix/$libdir" "$tmp/pc/host_c" "$tmp/pc/wasi_out.txt"
step "run the C++ host (pkg-config)" env LD_LIBRARY_PATH="$prefix/$libdir" "$tmp/pc/host_cpp"
step "the hosts use the installed libkiln.so" \
  bash -c "LD_LIBRARY_PATH='$prefix/$libdir' ldd '$tmp/pc/host_c' | grep -q '$prefix/$libdir/libkiln.so.0'"

# find_package(Kiln): the examples' own CMake project.
step "configure the examples with find_package(Kiln)" \
  cmake -S "$source/examples/embed" -B "$tmp/cmake" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_C_FLAGS="-Wall -Werror" \
  -DCMAKE_CXX_FLAGS="-Wall -Werror"
step "build the examples with find_package(Kiln)" cmake --build "$tmp/cmake"
step "run the C host (find_package)" "$tmp/cmake/host_c" "$tmp/cmake/wasi_out.txt"
step "run the C++ host (find_package)" "$tmp/cmake/host_cpp"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
