// References: foreign objects, host info and finalizers, casts, identity,
// externref and funcref values crossing into Wasm and back.
#include "capi_test_util.h"

namespace kiln::capi_test {
namespace {

using CapiRef = CapiTest;

int finalizedCount = 0;
void countFinalize(void*) { ++finalizedCount; }

TEST_F(CapiRef, ForeignHostInfoAndFinalizer) {
  finalizedCount = 0;
  wasm_foreign_t* a = wasm_foreign_new(store);
  wasm_foreign_t* b = wasm_foreign_new(store);
  EXPECT_EQ(wasm_foreign_get_host_info(a), nullptr);
  int info = 1;
  wasm_foreign_set_host_info_with_finalizer(a, &info, countFinalize);
  wasm_foreign_t* copy = wasm_foreign_copy(a);
  EXPECT_EQ(wasm_foreign_get_host_info(copy), &info);  // copies share it
  EXPECT_TRUE(wasm_foreign_same(a, copy));
  EXPECT_FALSE(wasm_foreign_same(a, b));

  // Replacing host info finalizes the old one.
  int other = 2;
  wasm_foreign_set_host_info(b, &info);
  wasm_foreign_set_host_info_with_finalizer(b, &other, countFinalize);
  EXPECT_EQ(finalizedCount, 0);
  wasm_foreign_set_host_info(b, nullptr);
  EXPECT_EQ(finalizedCount, 1);

  wasm_foreign_delete(a);
  EXPECT_EQ(finalizedCount, 1);  // the copy lives
  wasm_foreign_delete(copy);
  EXPECT_EQ(finalizedCount, 2);
  wasm_foreign_delete(b);
  EXPECT_EQ(wasm_foreign_new(nullptr), nullptr);
  EXPECT_EQ(wasm_foreign_get_host_info(nullptr), nullptr);
  wasm_foreign_set_host_info(nullptr, &info);  // no crash
}

TEST_F(CapiRef, CastsBetweenViews) {
  wasm_foreign_t* foreign = wasm_foreign_new(store);
  wasm_ref_t* ref = wasm_foreign_as_ref(foreign);
  EXPECT_EQ(wasm_ref_as_foreign(ref), foreign);
  EXPECT_EQ(wasm_ref_as_func(ref), nullptr);
  EXPECT_EQ(wasm_ref_as_extern(ref), nullptr);
  EXPECT_EQ(wasm_ref_as_trap_const(ref), nullptr);
  wasm_ref_t* refCopy = wasm_ref_copy(ref);
  EXPECT_TRUE(wasm_ref_same(refCopy, ref));
  wasm_ref_delete(refCopy);
  wasm_foreign_delete(foreign);

  wasm_limits_t limits = {1, 1};
  wasm_memorytype_t* type = wasm_memorytype_new(&limits);
  wasm_memory_t* memory = wasm_memory_new(store, type);
  wasm_memorytype_delete(type);
  wasm_extern_t* ext = wasm_memory_as_extern(memory);
  EXPECT_EQ(wasm_extern_as_memory(ext), memory);
  EXPECT_EQ(wasm_extern_as_global(ext), nullptr);
  EXPECT_EQ(wasm_ref_as_memory(wasm_memory_as_ref(memory)), memory);
  EXPECT_EQ(wasm_ref_as_extern_const(wasm_memory_as_ref_const(memory)), ext);
  EXPECT_EQ(wasm_extern_kind(ext), WASM_EXTERN_MEMORY);
  EXPECT_EQ(wasm_extern_as_func(nullptr), nullptr);
  EXPECT_EQ(wasm_ref_as_memory(nullptr), nullptr);
  wasm_memory_delete(memory);
}

TEST_F(CapiRef, EntityHostInfoIsSharedByEveryHandle) {
  finalizedCount = 0;
  wasm_extern_vec_t exports;
  wasm_instance_t* instance =
      instantiate("(module (func (export \"f\")) (memory (export \"m\") 1))", &exports);
  int info = 0;
  wasm_func_set_host_info_with_finalizer(wasm_extern_as_func(exports.data[0]), &info,
                                         countFinalize);
  wasm_instance_set_host_info(instance, &info);
  wasm_extern_vec_t again;
  wasm_instance_exports(instance, &again);
  EXPECT_EQ(wasm_func_get_host_info(wasm_extern_as_func(again.data[0])), &info);
  EXPECT_EQ(wasm_extern_get_host_info(again.data[0]), &info);
  EXPECT_EQ(wasm_memory_get_host_info(wasm_extern_as_memory(again.data[1])), nullptr);
  wasm_instance_t* instanceCopy = wasm_instance_copy(instance);
  EXPECT_EQ(wasm_instance_get_host_info(instanceCopy), &info);
  wasm_instance_delete(instanceCopy);
  wasm_extern_vec_delete(&again);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  EXPECT_EQ(finalizedCount, 0);  // entities live as long as the store
  wasm_store_delete(store);
  store = nullptr;
  EXPECT_EQ(finalizedCount, 1);
}

wasm_store_t* currentStore = nullptr;
wasm_trap_t* checkForeign(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  // The externref arrives as the foreign object it was; pass it back.
  if (args->data[0].kind != WASM_EXTERNREF || !wasm_ref_as_foreign(args->data[0].of.ref)) {
    wasm_message_t m;
    wasm_name_new_from_string_nt(&m, "not a foreign object");
    wasm_trap_t* trap = wasm_trap_new(currentStore, &m);
    wasm_name_delete(&m);
    return trap;
  }
  results->data[0].kind = WASM_EXTERNREF;
  results->data[0].of.ref = wasm_ref_copy(args->data[0].of.ref);
  return nullptr;
}

TEST_F(CapiRef, ExternRefsRoundTripThroughWasm) {
  currentStore = store;
  wasm_functype_t* type =
      wasm_functype_new_1_1(wasm_valtype_new_externref(), wasm_valtype_new_externref());
  wasm_func_t* check = wasm_func_new(store, type, checkForeign);
  wasm_functype_delete(type);
  wasm_extern_t* imports[1] = {wasm_func_as_extern(check)};
  wasm_extern_vec_t importVec = WASM_ARRAY_VEC(imports);
  wasm_extern_vec_t exports;
  wasm_instance_t* instance = instantiate(R"((module
    (import "env" "check" (func $check (param externref) (result externref)))
    (table $t 1 externref)
    (func (export "keep") (param externref) (result externref)
      (table.set $t (i32.const 0) (local.get 0))
      (call $check (table.get $t (i32.const 0))))
    (func (export "is_null") (param externref) (result i32) (ref.is_null (local.get 0)))))",
                                          &exports, &importVec);
  ASSERT_NE(instance, nullptr);

  finalizedCount = 0;
  wasm_foreign_t* foreign = wasm_foreign_new(store);
  int info = 9;
  wasm_foreign_set_host_info_with_finalizer(foreign, &info, countFinalize);
  wasm_val_t args[1] = {WASM_REF_VAL(wasm_foreign_as_ref(foreign))};
  wasm_val_t results[1] = {WASM_INIT_VAL};
  wasm_val_vec_t argVec = WASM_ARRAY_VEC(args);
  wasm_val_vec_t resultVec = WASM_ARRAY_VEC(results);
  for (int i = 0; i < 3; ++i) {
    wasm_trap_t* trap = wasm_func_call(wasm_extern_as_func(exports.data[0]), &argVec, &resultVec);
    ASSERT_EQ(trap, nullptr) << message(trap);
    ASSERT_EQ(results[0].kind, WASM_EXTERNREF);
    EXPECT_TRUE(wasm_ref_same(results[0].of.ref, wasm_foreign_as_ref(foreign)));
    EXPECT_EQ(wasm_ref_get_host_info(results[0].of.ref), &info);
    wasm_val_delete(&results[0]);
  }

  ASSERT_EQ(wasm_func_call(wasm_extern_as_func(exports.data[1]), &argVec, &resultVec), nullptr);
  EXPECT_EQ(results[0].of.i32, 0);
  wasm_val_t nullArg[1] = {WASM_REF_VAL(nullptr)};
  wasm_val_vec_t nullVec = WASM_ARRAY_VEC(nullArg);
  ASSERT_EQ(wasm_func_call(wasm_extern_as_func(exports.data[1]), &nullVec, &resultVec), nullptr);
  EXPECT_EQ(results[0].of.i32, 1);

  // A funcref where an externref is expected is a type mismatch.
  wasm_val_t funcArg = {WASM_FUNCREF, {}};
  funcArg.of.ref = nullptr;
  wasm_val_vec_t funcVec = {1, &funcArg};
  wasm_trap_t* trap = wasm_func_call(wasm_extern_as_func(exports.data[1]), &funcVec, &resultVec);
  EXPECT_NE(trap, nullptr);
  wasm_trap_delete(trap);

  // Values copy and free the references they own.
  wasm_val_t copy;
  wasm_val_copy(&copy, &args[0]);
  EXPECT_NE(copy.of.ref, args[0].of.ref);
  EXPECT_TRUE(wasm_ref_same(copy.of.ref, args[0].of.ref));
  wasm_val_vec_t vec, vecCopy;
  wasm_val_vec_new(&vec, 1, &copy);
  wasm_val_vec_copy(&vecCopy, &vec);
  wasm_val_vec_delete(&vec);
  wasm_val_vec_delete(&vecCopy);

  wasm_foreign_delete(foreign);
  EXPECT_EQ(finalizedCount, 0);  // Wasm's table still holds it
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_func_delete(check);
  wasm_store_delete(store);
  store = nullptr;
  EXPECT_EQ(finalizedCount, 1);
}

TEST_F(CapiRef, FuncRefsAsValues) {
  wasm_extern_vec_t exports;
  wasm_instance_t* instance = instantiate(R"((module
    (func (export "forty") (result i32) (i32.const 40))
    (func (export "id") (param funcref) (result funcref) (local.get 0))))",
                                          &exports);
  ASSERT_NE(instance, nullptr);
  wasm_func_t* forty = wasm_extern_as_func(exports.data[0]);
  wasm_val_t args[1] = {{WASM_FUNCREF, {}}};
  args[0].of.ref = wasm_func_as_ref(forty);
  wasm_val_t results[1] = {WASM_INIT_VAL};
  wasm_val_vec_t argVec = WASM_ARRAY_VEC(args);
  wasm_val_vec_t resultVec = WASM_ARRAY_VEC(results);
  wasm_trap_t* trap = wasm_func_call(wasm_extern_as_func(exports.data[1]), &argVec, &resultVec);
  ASSERT_EQ(trap, nullptr) << message(trap);
  ASSERT_EQ(results[0].kind, WASM_FUNCREF);
  EXPECT_TRUE(wasm_ref_same(results[0].of.ref, wasm_func_as_ref(forty)));
  wasm_val_delete(&results[0]);

  // A foreign object is no function.
  wasm_foreign_t* foreign = wasm_foreign_new(store);
  args[0].of.ref = wasm_foreign_as_ref(foreign);
  trap = wasm_func_call(wasm_extern_as_func(exports.data[1]), &argVec, &resultVec);
  EXPECT_EQ(message(trap), "wasm_func_call: argument 0: expected funcref");
  wasm_trap_delete(trap);
  wasm_foreign_delete(foreign);

  // Nor is a function of another store.
  wasm_store_t* other = wasm_store_new(engine);
  wasm_functype_t* type = wasm_functype_new_0_1(wasm_valtype_new_i32());
  wasm_func_t* alien = wasm_func_new(other, type, [](const wasm_val_vec_t*, wasm_val_vec_t* r) {
    r->data[0].of.i32 = 1;
    return static_cast<wasm_trap_t*>(nullptr);
  });
  wasm_functype_delete(type);
  args[0].of.ref = wasm_func_as_ref(alien);
  trap = wasm_func_call(wasm_extern_as_func(exports.data[1]), &argVec, &resultVec);
  EXPECT_NE(trap, nullptr);
  wasm_trap_delete(trap);
  wasm_func_delete(alien);
  wasm_store_delete(other);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
}

}  // namespace
}  // namespace kiln::capi_test
