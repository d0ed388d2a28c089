// A NULL where an object is expected: every function answers NULL, false, 0,
// an empty vector or a trap, and nothing crashes.
#include "capi_test_util.h"

namespace kiln::capi_test {
namespace {

TEST(CapiNull, EveryFunctionSurvivesNull) {
  EXPECT_EQ(wasm_store_new(nullptr), nullptr);
  wasm_engine_t* engine = wasm_engine_new_with_config(nullptr);
  ASSERT_NE(engine, nullptr);
  wasm_engine_delete(engine);
  wasm_config_delete(nullptr);
  wasm_engine_delete(nullptr);
  wasm_store_delete(nullptr);

  EXPECT_EQ(wasm_functype_params(nullptr), nullptr);
  EXPECT_EQ(wasm_functype_results(nullptr), nullptr);
  EXPECT_EQ(wasm_globaltype_content(nullptr), nullptr);
  EXPECT_EQ(wasm_tabletype_element(nullptr), nullptr);
  EXPECT_EQ(wasm_tabletype_limits(nullptr), nullptr);
  EXPECT_EQ(wasm_memorytype_limits(nullptr), nullptr);
  EXPECT_EQ(wasm_externtype_as_functype(nullptr), nullptr);
  EXPECT_EQ(wasm_importtype_module(nullptr), nullptr);
  EXPECT_EQ(wasm_exporttype_type(nullptr), nullptr);
  EXPECT_EQ(wasm_functype_copy(nullptr), nullptr);
  EXPECT_EQ(wasm_importtype_copy(nullptr), nullptr);
  wasm_valtype_delete(nullptr);
  wasm_functype_delete(nullptr);
  wasm_importtype_delete(nullptr);
  wasm_exporttype_delete(nullptr);

  wasm_extern_vec_t externs;
  wasm_instance_exports(nullptr, &externs);
  EXPECT_EQ(externs.size, 0u);
  wasm_exporttype_vec_t exports;
  wasm_module_exports(nullptr, &exports);
  EXPECT_EQ(exports.size, 0u);
  wasm_frame_vec_t frames;
  wasm_trap_trace(nullptr, &frames);
  EXPECT_EQ(frames.size, 0u);
  wasm_message_t message;
  wasm_trap_message(nullptr, &message);
  EXPECT_EQ(message.size, 0u);
  EXPECT_EQ(wasm_trap_origin(nullptr), nullptr);
  wasm_instance_exports(nullptr, nullptr);
  wasm_trap_message(nullptr, nullptr);
  wasm_val_vec_t vals;
  wasm_val_vec_new(&vals, 3, nullptr);  // no elements to take: empty
  EXPECT_EQ(vals.size, 0u);
  wasm_val_vec_copy(&vals, nullptr);
  EXPECT_EQ(vals.size, 0u);
  wasm_val_vec_delete(nullptr);
  wasm_val_copy(nullptr, nullptr);
  wasm_val_delete(nullptr);

  EXPECT_EQ(wasm_func_type(nullptr), nullptr);
  EXPECT_EQ(wasm_func_result_arity(nullptr), 0u);
  EXPECT_EQ(wasm_global_type(nullptr), nullptr);
  EXPECT_EQ(wasm_table_type(nullptr), nullptr);
  EXPECT_EQ(wasm_table_get(nullptr, 0), nullptr);
  EXPECT_EQ(wasm_table_size(nullptr), 0u);
  EXPECT_FALSE(wasm_table_grow(nullptr, 1, nullptr));
  EXPECT_EQ(wasm_memory_type(nullptr), nullptr);
  EXPECT_EQ(wasm_memory_data_size(nullptr), 0u);
  EXPECT_EQ(wasm_extern_type(nullptr), nullptr);
  EXPECT_EQ(wasm_module_share(nullptr), nullptr);
  EXPECT_EQ(wasm_module_deserialize(nullptr, nullptr), nullptr);
  wasm_byte_vec_t bytes;
  wasm_module_serialize(nullptr, &bytes);
  EXPECT_EQ(bytes.size, 0u);

  EXPECT_EQ(wasm_ref_copy(nullptr), nullptr);
  EXPECT_TRUE(wasm_ref_same(nullptr, nullptr));
  EXPECT_EQ(wasm_func_as_ref(nullptr), nullptr);
  EXPECT_EQ(wasm_ref_as_instance(nullptr), nullptr);
  EXPECT_EQ(wasm_instance_get_host_info(nullptr), nullptr);
  wasm_instance_set_host_info_with_finalizer(nullptr, nullptr, nullptr);
  wasm_ref_delete(nullptr);
  wasm_func_delete(nullptr);
  wasm_extern_delete(nullptr);
  wasm_instance_delete(nullptr);
  wasm_module_delete(nullptr);
  wasm_shared_module_delete(nullptr);
  wasm_trap_delete(nullptr);
  wasm_frame_delete(nullptr);
  EXPECT_EQ(wasm_frame_copy(nullptr), nullptr);
  EXPECT_EQ(wasm_frame_func_index(nullptr), 0u);
}

}  // namespace
}  // namespace kiln::capi_test
