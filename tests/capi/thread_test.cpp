// One engine shared by threads, one store per thread.
#include <atomic>
#include <thread>
#include <vector>

#include "capi_test_util.h"

namespace kiln::capi_test {
namespace {

constexpr const char* kModule = R"((module
  (import "env" "add" (func $add (param i32 i32) (result i32)))
  (memory (export "mem") 1)
  (func (export "sum") (param i32) (result i32)
    (local $i i32) (local $s i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get 0)))
        (local.set $s (call $add (local.get $s) (local.get $i)))
        (i32.store (i32.const 0) (local.get $s))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $s))))";

wasm_trap_t* addHost(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = args->data[0].of.i32 + args->data[1].of.i32;
  return nullptr;
}

/// In its own store: obtains the shared module (or compiles its own), links
/// a host function, calls the export and checks the result and memory.
bool runInOwnStore(wasm_engine_t* engine, const wasm_shared_module_t* shared,
                   const wasm_byte_vec_t* binary, int n) {
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = shared ? wasm_module_obtain(store, shared)
                                 : wasm_module_new(store, binary);
  wasm_functype_t* type = wasm_functype_new_2_1(wasm_valtype_new_i32(), wasm_valtype_new_i32(),
                                                wasm_valtype_new_i32());
  wasm_func_t* add = wasm_func_new(store, type, addHost);
  wasm_functype_delete(type);
  wasm_extern_t* imports[1] = {wasm_func_as_extern(add)};
  wasm_extern_vec_t importVec = WASM_ARRAY_VEC(imports);
  wasm_instance_t* instance = module ? wasm_instance_new(store, module, &importVec, nullptr)
                                     : nullptr;
  bool ok = instance != nullptr;
  if (ok) {
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    wasm_val_t args[1] = {WASM_I32_VAL(n)};
    wasm_val_t results[1] = {WASM_INIT_VAL};
    wasm_val_vec_t argVec = WASM_ARRAY_VEC(args);
    wasm_val_vec_t resultVec = WASM_ARRAY_VEC(results);
    wasm_trap_t* trap = wasm_func_call(wasm_extern_as_func(exports.data[1]), &argVec, &resultVec);
    int32_t stored;
    memcpy(&stored, wasm_memory_data(wasm_extern_as_memory(exports.data[0])), 4);
    ok = !trap && results[0].of.i32 == n * (n - 1) / 2 && stored == results[0].of.i32;
    wasm_trap_delete(trap);
    wasm_extern_vec_delete(&exports);
  }
  wasm_instance_delete(instance);
  wasm_func_delete(add);
  wasm_module_delete(module);
  wasm_store_delete(store);
  return ok;
}

TEST(CapiThreads, OneEngineOneStorePerThread) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_byte_vec_t binary = CapiTest::binary(kModule);
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = wasm_module_new(store, &binary);
  ASSERT_NE(module, nullptr);
  wasm_shared_module_t* shared = wasm_module_share(module);
  wasm_module_delete(module);
  wasm_store_delete(store);

  constexpr int kThreads = 4;
  constexpr int kRounds = 20;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < kRounds; ++round) {
        // Half the rounds share one compiled module, half compile their own.
        const wasm_shared_module_t* s = (t + round) % 2 ? shared : nullptr;
        if (!runInOwnStore(engine, s, &binary, 100 + t * 10 + round)) ++failures;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  wasm_shared_module_delete(shared);
  wasm_byte_vec_delete(&binary);
  wasm_engine_delete(engine);
}

}  // namespace
}  // namespace kiln::capi_test
