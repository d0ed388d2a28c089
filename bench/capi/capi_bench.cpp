// The C API's call path (wasm.h): wasm_func_call of an (i32, i32) -> (i32)
// export, the standard API's counterpart of bench_runtime's BM_CallWasm.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "kiln/wat.h"
#include "wasm.h"

namespace {

/// Exits the benchmark when the C API fails where it must not.
template <class T>
T* check(T* object, const char* what) {
  if (!object) {
    std::fprintf(stderr, "capi_bench: %s failed\n", what);
    std::exit(1);
  }
  return object;
}

void BM_WasmFuncCall(benchmark::State& state) {
  auto bytes = kiln::watToBinary(R"((module
    (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))
  )");
  if (!bytes) std::exit(1);
  wasm_engine_t* engine = check(wasm_engine_new(), "wasm_engine_new");
  wasm_store_t* store = check(wasm_store_new(engine), "wasm_store_new");
  wasm_byte_vec_t binary;
  wasm_byte_vec_new(&binary, bytes->size(), reinterpret_cast<const wasm_byte_t*>(bytes->data()));
  wasm_module_t* module = check(wasm_module_new(store, &binary), "wasm_module_new");
  wasm_byte_vec_delete(&binary);
  wasm_extern_vec_t imports = WASM_EMPTY_VEC;
  wasm_instance_t* instance =
      check(wasm_instance_new(store, module, &imports, nullptr), "wasm_instance_new");
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  const wasm_func_t* add = check(wasm_extern_as_func(exports.data[0]), "wasm_extern_as_func");
  wasm_val_t argValues[2] = {WASM_I32_VAL(1), WASM_I32_VAL(2)};
  wasm_val_t resultValues[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(argValues);
  wasm_val_vec_t results = WASM_ARRAY_VEC(resultValues);
  for (auto _ : state) {
    wasm_trap_t* trap = wasm_func_call(add, &args, &results);
    benchmark::DoNotOptimize(trap);
    benchmark::DoNotOptimize(resultValues[0].of.i32);
  }
  if (resultValues[0].of.i32 != 3) std::exit(1);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
}
BENCHMARK(BM_WasmFuncCall);

}  // namespace

BENCHMARK_MAIN();
