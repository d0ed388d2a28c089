// Memories, tables and globals: made by the host and exported by modules.
#include "capi_test_util.h"

namespace kiln::capi_test {
namespace {

using CapiExtern = CapiTest;

TEST_F(CapiExtern, ExportedMemoryReadWriteGrow) {
  wasm_extern_vec_t exports;
  wasm_instance_t* instance = instantiate(R"((module
    (memory (export "mem") 1 3)
    (data (i32.const 16) "kiln")
    (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
    (func (export "size") (result i32) (memory.size))))",
                                          &exports);
  ASSERT_NE(instance, nullptr);
  wasm_memory_t* memory = wasm_extern_as_memory(exports.data[0]);
  ASSERT_NE(memory, nullptr);
  EXPECT_EQ(wasm_memory_size(memory), 1u);
  EXPECT_EQ(wasm_memory_data_size(memory), MEMORY_PAGE_SIZE);
  EXPECT_EQ(std::string(wasm_memory_data(memory) + 16, 4), "kiln");

  // The host writes, Wasm reads.
  wasm_memory_data(memory)[100] = 'x';
  wasm_val_t args[1] = {WASM_I32_VAL(100)};
  wasm_val_t results[1] = {WASM_INIT_VAL};
  wasm_val_vec_t argVec = WASM_ARRAY_VEC(args);
  wasm_val_vec_t resultVec = WASM_ARRAY_VEC(results);
  ASSERT_EQ(wasm_func_call(wasm_extern_as_func(exports.data[1]), &argVec, &resultVec), nullptr);
  EXPECT_EQ(results[0].of.i32, 'x');

  EXPECT_TRUE(wasm_memory_grow(memory, 2));
  EXPECT_EQ(wasm_memory_size(memory), 3u);
  EXPECT_EQ(wasm_memory_data_size(memory), 3 * MEMORY_PAGE_SIZE);
  EXPECT_EQ(wasm_memory_data(memory)[100], 'x');
  wasm_memory_data(memory)[3 * MEMORY_PAGE_SIZE - 1] = 7;  // the last byte is usable
  wasm_val_vec_t none = WASM_EMPTY_VEC;
  ASSERT_EQ(wasm_func_call(wasm_extern_as_func(exports.data[2]), &none, &resultVec), nullptr);
  EXPECT_EQ(results[0].of.i32, 3);  // Wasm sees the new size
  EXPECT_FALSE(wasm_memory_grow(memory, 1));  // over the maximum
  EXPECT_EQ(wasm_memory_size(memory), 3u);

  wasm_memorytype_t* type = wasm_memory_type(memory);
  EXPECT_EQ(wasm_memorytype_limits(type)->min, 3u);  // the current size
  EXPECT_EQ(wasm_memorytype_limits(type)->max, 3u);
  wasm_memorytype_delete(type);

  EXPECT_EQ(wasm_memory_data(nullptr), nullptr);
  EXPECT_EQ(wasm_memory_size(nullptr), 0u);
  EXPECT_FALSE(wasm_memory_grow(nullptr, 1));
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
}

TEST_F(CapiExtern, HostMemoryImported) {
  wasm_limits_t limits = {2, wasm_limits_max_default};
  wasm_memorytype_t* type = wasm_memorytype_new(&limits);
  wasm_memory_t* memory = wasm_memory_new(store, type);
  wasm_memorytype_delete(type);
  ASSERT_NE(memory, nullptr);
  EXPECT_EQ(wasm_memory_size(memory), 2u);
  wasm_extern_t* imports[1] = {wasm_memory_as_extern(memory)};
  wasm_extern_vec_t importVec = WASM_ARRAY_VEC(imports);
  wasm_extern_vec_t exports;
  wasm_instance_t* instance = instantiate(R"((module
    (import "env" "memory" (memory 1))
    (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))))",
                                          &exports, &importVec);
  ASSERT_NE(instance, nullptr);
  wasm_val_t args[2] = {WASM_I32_VAL(70000), WASM_I32_VAL(0x04030201)};
  wasm_val_vec_t argVec = WASM_ARRAY_VEC(args);
  wasm_val_vec_t none = WASM_EMPTY_VEC;
  ASSERT_EQ(wasm_func_call(wasm_extern_as_func(exports.data[0]), &argVec, &none), nullptr);
  EXPECT_EQ(wasm_memory_data(memory)[70000], 1);
  EXPECT_EQ(wasm_memory_data(memory)[70003], 4);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_memory_delete(memory);
  wasm_limits_t tooBig = {70000, wasm_limits_max_default};
  wasm_memorytype_t* huge = wasm_memorytype_new(&tooBig);
  EXPECT_EQ(wasm_memory_new(store, huge), nullptr);
  EXPECT_EQ(wasm_memory_new(nullptr, huge), nullptr);
  wasm_memorytype_delete(huge);
}

TEST_F(CapiExtern, TableGetSetGrow) {
  wasm_extern_vec_t exports;
  wasm_instance_t* instance = instantiate(R"((module
    (table (export "t") 2 4 funcref)
    (func $f (result i32) (i32.const 11))
    (func $g (result i32) (i32.const 22))
    (elem (i32.const 0) $f)
    (func (export "call") (param i32) (result i32) (call_indirect (result i32) (local.get 0)))
    (func (export "g") (result i32) (i32.const 33))))",
                                          &exports);
  ASSERT_NE(instance, nullptr);
  wasm_table_t* table = wasm_extern_as_table(exports.data[0]);
  wasm_func_t* call = wasm_extern_as_func(exports.data[1]);
  wasm_func_t* g = wasm_extern_as_func(exports.data[2]);
  EXPECT_EQ(wasm_table_size(table), 2u);

  // Element 0 is $f: callable through the reference the table gives.
  wasm_ref_t* ref = wasm_table_get(table, 0);
  ASSERT_NE(ref, nullptr);
  wasm_func_t* f = wasm_ref_as_func(ref);
  ASSERT_NE(f, nullptr);
  wasm_val_t results[1] = {WASM_INIT_VAL};
  wasm_val_vec_t resultVec = WASM_ARRAY_VEC(results);
  wasm_val_vec_t none = WASM_EMPTY_VEC;
  ASSERT_EQ(wasm_func_call(f, &none, &resultVec), nullptr);
  EXPECT_EQ(results[0].of.i32, 11);
  wasm_ref_delete(ref);
  EXPECT_EQ(wasm_table_get(table, 1), nullptr);  // null element
  EXPECT_EQ(wasm_table_get(table, 2), nullptr);  // out of bounds

  // Set element 1 to the exported g; Wasm calls it through the table.
  EXPECT_TRUE(wasm_table_set(table, 1, wasm_func_as_ref(g)));
  wasm_val_t args[1] = {WASM_I32_VAL(1)};
  wasm_val_vec_t argVec = WASM_ARRAY_VEC(args);
  ASSERT_EQ(wasm_func_call(call, &argVec, &resultVec), nullptr);
  EXPECT_EQ(results[0].of.i32, 33);
  wasm_ref_t* back = wasm_table_get(table, 1);
  EXPECT_TRUE(wasm_ref_same(back, wasm_func_as_ref(g)));
  wasm_ref_delete(back);

  // Null clears; out of bounds and wrong kinds fail.
  EXPECT_TRUE(wasm_table_set(table, 1, nullptr));
  wasm_trap_t* trap = wasm_func_call(call, &argVec, &resultVec);
  EXPECT_EQ(message(trap), "uninitialized element");
  wasm_trap_delete(trap);
  EXPECT_FALSE(wasm_table_set(table, 2, wasm_func_as_ref(g)));
  wasm_foreign_t* foreign = wasm_foreign_new(store);
  EXPECT_FALSE(wasm_table_set(table, 0, wasm_foreign_as_ref(foreign)));
  EXPECT_FALSE(wasm_table_set(nullptr, 0, nullptr));

  EXPECT_TRUE(wasm_table_grow(table, 2, wasm_func_as_ref(g)));
  EXPECT_EQ(wasm_table_size(table), 4u);
  args[0].of.i32 = 3;
  ASSERT_EQ(wasm_func_call(call, &argVec, &resultVec), nullptr);
  EXPECT_EQ(results[0].of.i32, 33);
  EXPECT_FALSE(wasm_table_grow(table, 1, nullptr));  // over the maximum
  EXPECT_FALSE(wasm_table_grow(table, 0, wasm_foreign_as_ref(foreign)));

  wasm_tabletype_t* type = wasm_table_type(table);
  EXPECT_EQ(wasm_tabletype_limits(type)->min, 4u);
  EXPECT_EQ(wasm_tabletype_limits(type)->max, 4u);
  wasm_tabletype_delete(type);
  wasm_foreign_delete(foreign);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
}

TEST_F(CapiExtern, HostTables) {
  wasm_limits_t limits = {3, 10};
  wasm_tabletype_t* type = wasm_tabletype_new(wasm_valtype_new_externref(), &limits);
  wasm_foreign_t* foreign = wasm_foreign_new(store);
  wasm_table_t* table = wasm_table_new(store, type, wasm_foreign_as_ref(foreign));
  ASSERT_NE(table, nullptr);
  EXPECT_EQ(wasm_table_size(table), 3u);
  wasm_ref_t* ref = wasm_table_get(table, 2);
  EXPECT_TRUE(wasm_ref_same(ref, wasm_foreign_as_ref(foreign)));
  EXPECT_NE(wasm_ref_as_foreign(ref), nullptr);
  wasm_ref_delete(ref);
  wasm_table_delete(table);
  wasm_tabletype_delete(type);

  wasm_tabletype_t* funcs = wasm_tabletype_new(wasm_valtype_new_funcref(), &limits);
  EXPECT_EQ(wasm_table_new(store, funcs, wasm_foreign_as_ref(foreign)), nullptr);  // not a func
  wasm_table_t* empty = wasm_table_new(store, funcs, nullptr);
  ASSERT_NE(empty, nullptr);
  EXPECT_EQ(wasm_table_get(empty, 0), nullptr);
  wasm_table_delete(empty);
  EXPECT_EQ(wasm_table_new(nullptr, funcs, nullptr), nullptr);
  EXPECT_EQ(wasm_table_new(store, nullptr, nullptr), nullptr);
  wasm_tabletype_delete(funcs);
  wasm_foreign_delete(foreign);
}

TEST_F(CapiExtern, Globals) {
  wasm_globaltype_t* varType = wasm_globaltype_new(wasm_valtype_new_i64(), WASM_VAR);
  wasm_val_t init = WASM_I64_VAL(5);
  wasm_global_t* var = wasm_global_new(store, varType, &init);
  ASSERT_NE(var, nullptr);
  wasm_globaltype_t* constType = wasm_globaltype_new(wasm_valtype_new_f32(), WASM_CONST);
  wasm_val_t pi = WASM_F32_VAL(3.25f);
  wasm_global_t* constant = wasm_global_new(store, constType, &pi);
  ASSERT_NE(constant, nullptr);
  EXPECT_EQ(wasm_global_new(store, constType, &init), nullptr);  // i64 value for an f32 global
  EXPECT_EQ(wasm_global_new(store, constType, nullptr), nullptr);
  EXPECT_EQ(wasm_global_new(nullptr, constType, &pi), nullptr);

  wasm_extern_t* imports[2] = {wasm_global_as_extern(var), wasm_global_as_extern(constant)};
  wasm_extern_vec_t importVec = WASM_ARRAY_VEC(imports);
  wasm_extern_vec_t exports;
  wasm_instance_t* instance = instantiate(R"((module
    (import "env" "counter" (global $c (mut i64)))
    (import "env" "pi" (global $pi f32))
    (global (export "pi_too") f32 (global.get $pi))
    (global (export "mine") (mut i32) (i32.const 1))
    (func (export "bump") (global.set $c (i64.add (global.get $c) (i64.const 10))))))",
                                          &exports, &importVec);
  ASSERT_NE(instance, nullptr);
  wasm_val_t value;
  wasm_global_get(wasm_extern_as_global(exports.data[0]), &value);
  EXPECT_EQ(value.kind, WASM_F32);
  EXPECT_EQ(value.of.f32, 3.25f);

  wasm_val_vec_t none = WASM_EMPTY_VEC;
  ASSERT_EQ(wasm_func_call(wasm_extern_as_func(exports.data[2]), &none, &none), nullptr);
  wasm_global_get(var, &value);
  EXPECT_EQ(value.of.i64, 15);  // Wasm wrote the host's global
  wasm_val_t set = WASM_I64_VAL(-1);
  wasm_global_set(var, &set);
  ASSERT_EQ(wasm_func_call(wasm_extern_as_func(exports.data[2]), &none, &none), nullptr);
  wasm_global_get(var, &value);
  EXPECT_EQ(value.of.i64, 9);

  // Immutable, or of another type: nothing changes.
  wasm_val_t other = WASM_F32_VAL(1.0f);
  wasm_global_set(constant, &other);
  wasm_global_get(constant, &value);
  EXPECT_EQ(value.of.f32, 3.25f);
  wasm_global_t* mine = wasm_extern_as_global(exports.data[1]);
  wasm_global_set(mine, &other);
  wasm_global_get(mine, &value);
  EXPECT_EQ(value.kind, WASM_I32);
  EXPECT_EQ(value.of.i32, 1);
  wasm_val_t seven = WASM_I32_VAL(7);
  wasm_global_set(mine, &seven);
  wasm_global_get(mine, &value);
  EXPECT_EQ(value.of.i32, 7);

  wasm_globaltype_t* type = wasm_global_type(mine);
  EXPECT_EQ(wasm_globaltype_mutability(type), WASM_VAR);
  EXPECT_EQ(wasm_valtype_kind(wasm_globaltype_content(type)), WASM_I32);
  wasm_globaltype_delete(type);
  wasm_global_get(nullptr, &value);  // null: a null reference value, no crash
  EXPECT_EQ(value.of.ref, nullptr);
  wasm_global_set(nullptr, &seven);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_global_delete(var);
  wasm_global_delete(constant);
  wasm_globaltype_delete(varType);
  wasm_globaltype_delete(constType);
}

}  // namespace
}  // namespace kiln::capi_test
