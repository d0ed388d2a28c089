# Sourced by the benchmark scripts: `build_for_bench ROOT BUILD_DIR TARGET...`
# configures BUILD_DIR with the benchmarks on and builds the targets. A fresh
# build tree gets Ninja and an optimised build; an existing one keeps its
# generator and build type (with a warning when that is not optimised).
build_for_bench() {
  local root="$1" build_dir="$2"
  shift 2
  local configure=(cmake -S "$root" -B "$build_dir" -DKILN_BENCH=ON)
  [[ -f "$build_dir/CMakeCache.txt" ]] || configure+=(-G Ninja -DCMAKE_BUILD_TYPE=Release)
  "${configure[@]}" >/dev/null
  local build_type
  build_type="$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build_dir/CMakeCache.txt")"
  case "$build_type" in
    Release | RelWithDebInfo) ;;
    *) echo "bench: warning: $build_dir is a '$build_type' build; numbers will not be representative" >&2 ;;
  esac
  cmake --build "$build_dir" -j2 --target "$@"
}
