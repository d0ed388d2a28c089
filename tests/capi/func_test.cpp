// Functions: calls from the host with checked arguments, host functions
// (with and without environment) called from Wasm, traps and their traces.
#include "capi_test_util.h"

namespace kiln::capi_test {
namespace {

using CapiFunc = CapiTest;

/// The first export of `exports` as a function.
wasm_func_t* firstFunc(wasm_extern_vec_t& exports) { return wasm_extern_as_func(exports.data[0]); }

TEST_F(CapiFunc, CallWithArgumentsAndResults) {
  wasm_extern_vec_t exports;
  wasm_instance_t* instance = instantiate(R"((module
    (func (export "mix") (param i32 i64 f32 f64) (result f64 i32)
      (f64.add (f64.add (f64.convert_i32_s (local.get 0)) (f64.convert_i64_s (local.get 1)))
               (f64.add (f64.promote_f32 (local.get 2)) (local.get 3)))
      (i32.wrap_i64 (local.get 1)))))",
                                          &exports);
  ASSERT_NE(instance, nullptr);
  wasm_func_t* mix = firstFunc(exports);
  EXPECT_EQ(wasm_func_param_arity(mix), 4u);
  EXPECT_EQ(wasm_func_result_arity(mix), 2u);
  wasm_functype_t* type = wasm_func_type(mix);
  EXPECT_EQ(wasm_valtype_kind(wasm_functype_params(type)->data[2]), WASM_F32);
  EXPECT_EQ(wasm_valtype_kind(wasm_functype_results(type)->data[1]), WASM_I32);
  wasm_functype_delete(type);

  wasm_val_t args[4] = {WASM_I32_VAL(-3), WASM_I64_VAL(0x100000007), WASM_F32_VAL(0.5f),
                        WASM_F64_VAL(1.25)};
  wasm_val_t results[2] = {WASM_INIT_VAL, WASM_INIT_VAL};
  wasm_val_vec_t argVec = WASM_ARRAY_VEC(args);
  wasm_val_vec_t resultVec = WASM_ARRAY_VEC(results);
  wasm_trap_t* trap = wasm_func_call(mix, &argVec, &resultVec);
  ASSERT_EQ(trap, nullptr) << message(trap);
  EXPECT_EQ(results[0].kind, WASM_F64);
  EXPECT_DOUBLE_EQ(results[0].of.f64, -3.0 + 4294967303.0 + 0.5 + 1.25);
  EXPECT_EQ(results[1].kind, WASM_I32);
  EXPECT_EQ(results[1].of.i32, 7);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
}

// More values than wasm_func_call keeps on its stack.
TEST_F(CapiFunc, CallWithManyArguments) {
  wasm_extern_vec_t exports;
  wasm_instance_t* instance = instantiate(R"((module
    (func (export "sum") (param i32 i64 f32 f64 i32 i64 f32 f64 i32 i64) (result f64 i64)
      (f64.add (f64.add (f64.promote_f32 (local.get 2)) (local.get 3))
               (f64.add (f64.promote_f32 (local.get 6)) (local.get 7)))
      (i64.add (i64.add (i64.extend_i32_s (local.get 0)) (local.get 1))
               (i64.add (i64.add (i64.extend_i32_u (local.get 4)) (local.get 5))
                        (i64.add (i64.extend_i32_s (local.get 8)) (local.get 9)))))))",
                                          &exports);
  ASSERT_NE(instance, nullptr);
  wasm_val_t args[10] = {WASM_I32_VAL(-1), WASM_I64_VAL(1LL << 40), WASM_F32_VAL(0.25f),
                         WASM_F64_VAL(0.5),  WASM_I32_VAL(-1),       WASM_I64_VAL(2),
                         WASM_F32_VAL(1.0f), WASM_F64_VAL(2.0),      WASM_I32_VAL(3),
                         WASM_I64_VAL(-4)};
  wasm_val_t results[2] = {WASM_INIT_VAL, WASM_INIT_VAL};
  wasm_val_vec_t argVec = WASM_ARRAY_VEC(args);
  wasm_val_vec_t resultVec = WASM_ARRAY_VEC(results);
  wasm_trap_t* trap = wasm_func_call(firstFunc(exports), &argVec, &resultVec);
  ASSERT_EQ(trap, nullptr) << message(trap);
  EXPECT_EQ(results[0].kind, WASM_F64);
  EXPECT_DOUBLE_EQ(results[0].of.f64, 3.75);
  EXPECT_EQ(results[1].kind, WASM_I64);
  EXPECT_EQ(results[1].of.i64, -1 + (1LL << 40) + 0xFFFFFFFFLL + 2 + 3 - 4);
  args[9] = WASM_F64_VAL(1.0);
  trap = wasm_func_call(firstFunc(exports), &argVec, &resultVec);
  EXPECT_EQ(message(trap), "wasm_func_call: argument 9: expected i64");
  wasm_trap_delete(trap);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
}

TEST_F(CapiFunc, VectorFunctionsAreRefused) {
  wasm_extern_vec_t exports;
  wasm_instance_t* instance = instantiate(R"((module
    (func (export "make") (param i64) (result v128) (i64x2.splat (local.get 0)))))",
                                          &exports);
  ASSERT_NE(instance, nullptr);
  wasm_val_t args[1] = {WASM_I64_VAL(7)};
  wasm_val_t results[1] = {WASM_INIT_VAL};
  wasm_val_vec_t argVec = WASM_ARRAY_VEC(args);
  wasm_val_vec_t resultVec = WASM_ARRAY_VEC(results);
  wasm_trap_t* trap = wasm_func_call(firstFunc(exports), &argVec, &resultVec);
  EXPECT_EQ(message(trap), "wasm_func_call: a v128 cannot cross the C API");
  wasm_trap_delete(trap);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
}

TEST_F(CapiFunc, MisuseIsATrapNotACrash) {
  wasm_extern_vec_t exports;
  wasm_instance_t* instance = instantiate(
      "(module (func (export \"add\") (param i32 i32) (result i32)"
      " (i32.add (local.get 0) (local.get 1))))",
      &exports);
  wasm_func_t* add = firstFunc(exports);
  wasm_val_t results[1] = {WASM_INIT_VAL};
  wasm_val_vec_t resultVec = WASM_ARRAY_VEC(results);

  wasm_val_t one[1] = {WASM_I32_VAL(1)};
  wasm_val_vec_t oneVec = WASM_ARRAY_VEC(one);
  wasm_trap_t* trap = wasm_func_call(add, &oneVec, &resultVec);
  EXPECT_EQ(message(trap), "wasm_func_call: expected 2 arguments, got 1");
  wasm_trap_delete(trap);

  wasm_val_t mistyped[2] = {WASM_I32_VAL(1), WASM_F32_VAL(2.0f)};
  wasm_val_vec_t mistypedVec = WASM_ARRAY_VEC(mistyped);
  trap = wasm_func_call(add, &mistypedVec, &resultVec);
  EXPECT_EQ(message(trap), "wasm_func_call: argument 1: expected i32");
  wasm_trap_delete(trap);

  wasm_val_t two[2] = {WASM_I32_VAL(1), WASM_I32_VAL(2)};
  wasm_val_vec_t twoVec = WASM_ARRAY_VEC(two);
  wasm_val_vec_t noResults = WASM_EMPTY_VEC;
  trap = wasm_func_call(add, &twoVec, &noResults);
  EXPECT_EQ(message(trap), "wasm_func_call: expected room for 1 results, got 0");
  wasm_trap_delete(trap);
  trap = wasm_func_call(add, &twoVec, nullptr);
  EXPECT_NE(trap, nullptr);
  wasm_trap_delete(trap);
  trap = wasm_func_call(nullptr, &twoVec, &resultVec);
  EXPECT_EQ(message(trap), "wasm_func_call: not a function");
  wasm_trap_delete(trap);
  EXPECT_EQ(wasm_func_param_arity(nullptr), 0u);
  EXPECT_EQ(wasm_func_type(nullptr), nullptr);

  // After all that, a good call still works.
  trap = wasm_func_call(add, &twoVec, &resultVec);
  EXPECT_EQ(trap, nullptr);
  EXPECT_EQ(results[0].of.i32, 3);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
}

wasm_trap_t* doubleIt(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = args->data[0].of.i32 * 2;
  return nullptr;
}

struct Counter {
  int calls = 0;
  int finalized = 0;
  wasm_store_t* store = nullptr;
};

wasm_trap_t* countAndTrapAt3(void* env, const wasm_val_vec_t* args, wasm_val_vec_t*) {
  auto* counter = static_cast<Counter*>(env);
  ++counter->calls;
  if (args->data[0].of.i32 == 3) {
    wasm_message_t m;
    wasm_name_new_from_string_nt(&m, "three is too many");
    wasm_trap_t* trap = wasm_trap_new(counter->store, &m);
    wasm_name_delete(&m);
    return trap;
  }
  return nullptr;
}

TEST_F(CapiFunc, HostFunctionsCalledFromWasm) {
  wasm_functype_t* doubleType = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* doubler = wasm_func_new(store, doubleType, doubleIt);
  wasm_functype_delete(doubleType);
  ASSERT_NE(doubler, nullptr);

  Counter counter;
  counter.store = store;
  wasm_functype_t* countType = wasm_functype_new_1_0(wasm_valtype_new_i32());
  wasm_func_t* count = wasm_func_new_with_env(
      store, countType, countAndTrapAt3, &counter,
      [](void* env) { ++static_cast<Counter*>(env)->finalized; });
  wasm_functype_delete(countType);

  wasm_extern_t* imports[2] = {wasm_func_as_extern(doubler), wasm_func_as_extern(count)};
  wasm_extern_vec_t importVec = WASM_ARRAY_VEC(imports);
  wasm_extern_vec_t exports;
  wasm_instance_t* instance = instantiate(R"((module
    (import "host" "double" (func $double (param i32) (result i32)))
    (import "host" "count" (func $count (param i32)))
    (func (export "run") (param i32) (result i32)
      (local $i i32)
      (loop $l
        (call $count (local.get $i))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $l (i32.lt_u (local.get $i) (local.get 0))))
      (call $double (local.get 0)))))",
                                          &exports, &importVec);
  ASSERT_NE(instance, nullptr);
  wasm_func_t* run = firstFunc(exports);

  wasm_val_t args[1] = {WASM_I32_VAL(3)};
  wasm_val_t results[1] = {WASM_INIT_VAL};
  wasm_val_vec_t argVec = WASM_ARRAY_VEC(args);
  wasm_val_vec_t resultVec = WASM_ARRAY_VEC(results);
  ASSERT_EQ(wasm_func_call(run, &argVec, &resultVec), nullptr);
  EXPECT_EQ(results[0].of.i32, 6);
  EXPECT_EQ(counter.calls, 3);

  // The host function's trap stops the Wasm code and comes back whole.
  args[0].of.i32 = 10;
  wasm_trap_t* trap = wasm_func_call(run, &argVec, &resultVec);
  EXPECT_EQ(message(trap), "three is too many");
  EXPECT_EQ(counter.calls, 3 + 4);
  wasm_trap_delete(trap);

  // The host functions can be called directly too.
  args[0].of.i32 = 21;
  ASSERT_EQ(wasm_func_call(doubler, &argVec, &resultVec), nullptr);
  EXPECT_EQ(results[0].of.i32, 42);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_func_delete(doubler);
  wasm_func_delete(count);
  EXPECT_EQ(counter.finalized, 0);  // the function lives as long as its store
  wasm_store_delete(store);
  store = nullptr;
  EXPECT_EQ(counter.finalized, 1);
}

wasm_trap_t* wrongResultType(const wasm_val_vec_t*, wasm_val_vec_t* results) {
  results->data[0].kind = WASM_F32;
  results->data[0].of.f32 = 1.0f;
  return nullptr;
}

TEST_F(CapiFunc, HostFunctionWritingAWrongResultTraps) {
  wasm_functype_t* type = wasm_functype_new_0_1(wasm_valtype_new_i32());
  wasm_func_t* f = wasm_func_new(store, type, wrongResultType);
  wasm_functype_delete(type);
  wasm_val_t results[1] = {WASM_INIT_VAL};
  wasm_val_vec_t resultVec = WASM_ARRAY_VEC(results);
  wasm_val_vec_t none = WASM_EMPTY_VEC;
  wasm_trap_t* trap = wasm_func_call(f, &none, &resultVec);
  EXPECT_EQ(message(trap), "host function result 0: type mismatch");
  wasm_trap_delete(trap);
  wasm_func_delete(f);

  EXPECT_EQ(wasm_func_new(store, nullptr, wrongResultType), nullptr);
  wasm_functype_t* ok = wasm_functype_new_0_0();
  EXPECT_EQ(wasm_func_new(nullptr, ok, wrongResultType), nullptr);
  EXPECT_EQ(wasm_func_new(store, ok, nullptr), nullptr);
  // A failed creation still finalizes the environment it was given.
  int finalized = 0;
  EXPECT_EQ(wasm_func_new_with_env(nullptr, ok, nullptr, &finalized,
                                   [](void* p) { ++*static_cast<int*>(p); }),
            nullptr);
  EXPECT_EQ(finalized, 1);
  wasm_functype_delete(ok);
}

TEST_F(CapiFunc, TrapMessageOriginAndTrace) {
  wasm_extern_vec_t exports;
  wasm_instance_t* instance = instantiate(R"((module
    (memory 1)
    (func $pad)
    (func $load (export "load") (param i32) (result i32) (i32.load (local.get 0)))
    (func (export "boom") unreachable)))",
                                          &exports);
  ASSERT_NE(instance, nullptr);
  wasm_val_t args[1] = {WASM_I32_VAL(0x10000)};
  wasm_val_t results[1] = {WASM_INIT_VAL};
  wasm_val_vec_t argVec = WASM_ARRAY_VEC(args);
  wasm_val_vec_t resultVec = WASM_ARRAY_VEC(results);
  wasm_trap_t* trap = wasm_func_call(wasm_extern_as_func(exports.data[0]), &argVec, &resultVec);
  ASSERT_NE(trap, nullptr);
  EXPECT_EQ(message(trap), "out of bounds memory access");
  wasm_message_t raw;
  wasm_trap_message(trap, &raw);
  EXPECT_EQ(raw.data[raw.size - 1], '\0');  // messages carry their NUL
  wasm_byte_vec_delete(&raw);

  // A fault in compiled code has its frame: function 1, at the load.
  wasm_frame_t* origin = wasm_trap_origin(trap);
  ASSERT_NE(origin, nullptr);
  EXPECT_EQ(wasm_frame_func_index(origin), 1u);
  EXPECT_GT(wasm_frame_module_offset(origin), 0u);
  wasm_frame_vec_t trace;
  wasm_trap_trace(trap, &trace);
  ASSERT_GE(trace.size, 1u);
  EXPECT_EQ(wasm_frame_func_index(trace.data[0]), 1u);
  EXPECT_EQ(wasm_frame_module_offset(trace.data[0]), wasm_frame_module_offset(origin));
  wasm_frame_t* copy = wasm_frame_copy(origin);
  EXPECT_EQ(wasm_frame_func_index(copy), 1u);
  wasm_frame_delete(copy);
  wasm_frame_vec_delete(&trace);
  wasm_frame_delete(origin);
  wasm_trap_delete(trap);

  wasm_val_vec_t none = WASM_EMPTY_VEC;
  trap = wasm_func_call(wasm_extern_as_func(exports.data[1]), &none, &none);
  EXPECT_EQ(message(trap), "unreachable");
  wasm_trap_delete(trap);
  // A call that traps needs no room for results: the trap is what it reports.
  trap = wasm_func_call(wasm_extern_as_func(exports.data[0]), &argVec, &none);
  EXPECT_EQ(message(trap), "out of bounds memory access");
  wasm_trap_delete(trap);

  // Traps made by the host: message kept, no trace.
  wasm_message_t m;
  wasm_name_new_from_string(&m, "made here");
  trap = wasm_trap_new(store, &m);
  wasm_name_delete(&m);
  EXPECT_EQ(message(trap), "made here");
  EXPECT_EQ(wasm_trap_origin(trap), nullptr);
  wasm_trap_trace(trap, &trace);
  EXPECT_EQ(trace.size, 0u);
  wasm_trap_t* trapCopy = wasm_trap_copy(trap);
  EXPECT_TRUE(wasm_trap_same(trap, trapCopy));
  EXPECT_EQ(message(trapCopy), "made here");
  wasm_trap_delete(trapCopy);
  wasm_trap_delete(trap);
  EXPECT_EQ(wasm_trap_new(nullptr, &m), nullptr);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
}

TEST_F(CapiFunc, ObjectsOutliveTheirStoreHandle) {
  wasm_functype_t* type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* f = wasm_func_new(store, type, doubleIt);
  wasm_functype_delete(type);
  wasm_store_delete(store);  // the store lives on while f does
  store = nullptr;
  wasm_val_t args[1] = {WASM_I32_VAL(4)};
  wasm_val_t results[1] = {WASM_INIT_VAL};
  wasm_val_vec_t argVec = WASM_ARRAY_VEC(args);
  wasm_val_vec_t resultVec = WASM_ARRAY_VEC(results);
  EXPECT_EQ(wasm_func_call(f, &argVec, &resultVec), nullptr);
  EXPECT_EQ(results[0].of.i32, 8);
  wasm_func_delete(f);
}

}  // namespace
}  // namespace kiln::capi_test
