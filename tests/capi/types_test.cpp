// Type objects, their views and vectors, names.
#include "capi_test_util.h"

namespace kiln::capi_test {
namespace {

TEST(CapiTypes, ValTypes) {
  for (wasm_valkind_t kind : {WASM_I32, WASM_I64, WASM_F32, WASM_F64, WASM_EXTERNREF,
                              WASM_FUNCREF}) {
    wasm_valtype_t* t = wasm_valtype_new(kind);
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(wasm_valtype_kind(t), kind);
    EXPECT_EQ(wasm_valtype_is_ref(t), kind >= WASM_EXTERNREF);
    wasm_valtype_t* copy = wasm_valtype_copy(t);
    EXPECT_EQ(wasm_valtype_kind(copy), kind);
    wasm_valtype_delete(copy);
    wasm_valtype_delete(t);
  }
  EXPECT_EQ(wasm_valtype_new(7), nullptr);
  EXPECT_EQ(wasm_valtype_copy(nullptr), nullptr);
  EXPECT_EQ(WASM_ANYREF, WASM_EXTERNREF);
}

TEST(CapiTypes, FuncTypeOwnsItsVectors) {
  wasm_functype_t* t =
      wasm_functype_new_2_1(wasm_valtype_new_i32(), wasm_valtype_new_f64(), wasm_valtype_new_i64());
  const wasm_valtype_vec_t* params = wasm_functype_params(t);
  ASSERT_EQ(params->size, 2u);
  EXPECT_EQ(wasm_valtype_kind(params->data[0]), WASM_I32);
  EXPECT_EQ(wasm_valtype_kind(params->data[1]), WASM_F64);
  ASSERT_EQ(wasm_functype_results(t)->size, 1u);
  EXPECT_EQ(wasm_valtype_kind(wasm_functype_results(t)->data[0]), WASM_I64);

  wasm_functype_t* copy = wasm_functype_copy(t);
  EXPECT_NE(wasm_functype_params(copy)->data[0], params->data[0]);  // deep copy
  EXPECT_EQ(wasm_functype_params(copy)->size, 2u);

  wasm_functype_t* all[2] = {t, copy};
  wasm_functype_vec_t vec, vecCopy;
  wasm_functype_vec_new(&vec, 2, all);
  wasm_functype_vec_copy(&vecCopy, &vec);
  ASSERT_EQ(vecCopy.size, 2u);
  EXPECT_EQ(wasm_functype_results(vecCopy.data[1])->size, 1u);
  wasm_functype_vec_delete(&vecCopy);
  wasm_functype_vec_delete(&vec);  // deletes t and copy
  EXPECT_EQ(vec.size, 0u);

  wasm_functype_t* empty = wasm_functype_new_0_0();
  EXPECT_EQ(wasm_functype_params(empty)->size, 0u);
  wasm_functype_delete(empty);
}

TEST(CapiTypes, GlobalTableMemoryTypes) {
  wasm_globaltype_t* g = wasm_globaltype_new(wasm_valtype_new_f32(), WASM_VAR);
  EXPECT_EQ(wasm_valtype_kind(wasm_globaltype_content(g)), WASM_F32);
  EXPECT_EQ(wasm_globaltype_mutability(g), WASM_VAR);
  EXPECT_EQ(wasm_globaltype_new(nullptr, WASM_CONST), nullptr);
  EXPECT_EQ(wasm_globaltype_new(wasm_valtype_new_i32(), 5), nullptr);  // frees the valtype

  wasm_limits_t limits = {1, 10};
  wasm_tabletype_t* t = wasm_tabletype_new(wasm_valtype_new_funcref(), &limits);
  EXPECT_EQ(wasm_valtype_kind(wasm_tabletype_element(t)), WASM_FUNCREF);
  EXPECT_EQ(wasm_tabletype_limits(t)->min, 1u);
  EXPECT_EQ(wasm_tabletype_limits(t)->max, 10u);
  EXPECT_EQ(wasm_tabletype_new(wasm_valtype_new_i32(), &limits), nullptr);  // not a reference
  wasm_limits_t inverted = {5, 2};
  EXPECT_EQ(wasm_tabletype_new(wasm_valtype_new_funcref(), &inverted), nullptr);

  wasm_limits_t open = {2, wasm_limits_max_default};
  wasm_memorytype_t* m = wasm_memorytype_new(&open);
  EXPECT_EQ(wasm_memorytype_limits(m)->min, 2u);
  EXPECT_EQ(wasm_memorytype_limits(m)->max, wasm_limits_max_default);
  EXPECT_EQ(wasm_memorytype_new(nullptr), nullptr);

  // Views: the same object, and NULL for another kind.
  wasm_externtype_t* ge = wasm_globaltype_as_externtype(g);
  EXPECT_EQ(wasm_externtype_kind(ge), WASM_EXTERN_GLOBAL);
  EXPECT_EQ(wasm_externtype_as_globaltype(ge), g);
  EXPECT_EQ(wasm_externtype_as_functype(ge), nullptr);
  EXPECT_EQ(wasm_externtype_as_memorytype_const(wasm_memorytype_as_externtype_const(m)), m);
  EXPECT_EQ(wasm_externtype_kind(wasm_tabletype_as_externtype(t)), WASM_EXTERN_TABLE);
  EXPECT_EQ(wasm_globaltype_content(reinterpret_cast<wasm_globaltype_t*>(
                wasm_memorytype_as_externtype(m))),
            nullptr);

  wasm_externtype_t* copy = wasm_externtype_copy(ge);
  EXPECT_EQ(wasm_globaltype_mutability(wasm_externtype_as_globaltype(copy)), WASM_VAR);
  wasm_externtype_delete(copy);
  wasm_globaltype_delete(g);
  wasm_tabletype_delete(t);
  wasm_memorytype_delete(m);
}

TEST(CapiTypes, ImportAndExportTypes) {
  wasm_name_t module, name;
  wasm_name_new_from_string(&module, "env");
  wasm_name_new_from_string(&name, "f");
  wasm_importtype_t* i = wasm_importtype_new(
      &module, &name, wasm_functype_as_externtype(wasm_functype_new_0_0()));
  ASSERT_NE(i, nullptr);
  EXPECT_EQ(std::string(wasm_importtype_module(i)->data, wasm_importtype_module(i)->size), "env");
  EXPECT_EQ(std::string(wasm_importtype_name(i)->data, wasm_importtype_name(i)->size), "f");
  EXPECT_EQ(wasm_externtype_kind(wasm_importtype_type(i)), WASM_EXTERN_FUNC);
  wasm_importtype_t* copy = wasm_importtype_copy(i);
  EXPECT_EQ(wasm_importtype_name(copy)->size, 1u);
  wasm_importtype_vec_t vec;
  wasm_importtype_vec_new(&vec, 1, &copy);
  wasm_importtype_vec_delete(&vec);
  wasm_importtype_delete(i);

  wasm_name_t exportName;
  wasm_name_new_from_string_nt(&exportName, "mem");
  EXPECT_EQ(exportName.size, 4u);  // with the NUL
  wasm_limits_t limits = {1, 1};
  wasm_exporttype_t* e =
      wasm_exporttype_new(&exportName, wasm_memorytype_as_externtype(wasm_memorytype_new(&limits)));
  EXPECT_STREQ(wasm_exporttype_name(e)->data, "mem");
  EXPECT_EQ(wasm_externtype_kind(wasm_exporttype_type(e)), WASM_EXTERN_MEMORY);
  wasm_exporttype_delete(e);
  EXPECT_EQ(wasm_exporttype_new(nullptr, nullptr), nullptr);
}

TEST(CapiTypes, ByteVectors) {
  wasm_byte_vec_t empty, uninit, copy;
  wasm_byte_vec_new_empty(&empty);
  EXPECT_EQ(empty.size, 0u);
  EXPECT_EQ(empty.data, nullptr);
  wasm_byte_vec_new_uninitialized(&uninit, 3);
  ASSERT_EQ(uninit.size, 3u);
  memcpy(uninit.data, "abc", 3);
  wasm_byte_vec_copy(&copy, &uninit);
  EXPECT_EQ(std::string(copy.data, copy.size), "abc");
  EXPECT_NE(copy.data, uninit.data);
  wasm_name_delete(&copy);
  wasm_byte_vec_delete(&uninit);
  wasm_byte_vec_delete(&empty);
  wasm_byte_vec_delete(nullptr);  // no crash
}

}  // namespace
}  // namespace kiln::capi_test
