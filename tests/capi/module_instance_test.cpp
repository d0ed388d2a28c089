// Modules (validate, new, imports, exports, share/obtain, serialize) and
// instances (imports by position, link errors, start traps, exports).
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "capi_test_util.h"
#include "kiln.h"

namespace kiln::capi_test {
namespace {

using CapiModule = CapiTest;

constexpr const char* kImportsAndExports = R"((module
  (import "env" "f" (func (param i32) (result i32)))
  (import "env" "g" (global (mut i64)))
  (import "env" "t" (table 1 5 funcref))
  (import "env" "m" (memory 1 2))
  (func (export "run") (result i32) (call 0 (i32.const 20)))
  (global (export "answer") i32 (i32.const 42))
  (table (export "tab") 3 externref)
  (export "mem" (memory 0)))
)";

std::string str(const wasm_name_t* name) { return std::string(name->data, name->size); }

TEST_F(CapiModule, ValidateAndNew) {
  wasm_byte_vec_t good = binary("(module (func (export \"f\")))");
  EXPECT_TRUE(wasm_module_validate(store, &good));
  wasm_byte_vec_t bad;
  wasm_byte_vec_new(&bad, 8, "\0asm\2\0\0\0");
  EXPECT_FALSE(wasm_module_validate(store, &bad));
  EXPECT_EQ(wasm_module_new(store, &bad), nullptr);
  wasm_byte_vec_t invalid = binary("(module (func (result i32) (i64.const 1)))");
  EXPECT_FALSE(wasm_module_validate(store, &invalid));
  EXPECT_EQ(wasm_module_new(store, &invalid), nullptr);
  // Null where an object is expected.
  EXPECT_FALSE(wasm_module_validate(nullptr, &good));
  EXPECT_FALSE(wasm_module_validate(store, nullptr));
  EXPECT_EQ(wasm_module_new(nullptr, &good), nullptr);
  EXPECT_EQ(wasm_module_new(store, nullptr), nullptr);
  wasm_byte_vec_delete(&good);
  wasm_byte_vec_delete(&bad);
  wasm_byte_vec_delete(&invalid);
}

TEST_F(CapiModule, ImportsAndExports) {
  wasm_module_t* module = compile(kImportsAndExports);
  ASSERT_NE(module, nullptr);
  wasm_importtype_vec_t imports;
  wasm_module_imports(module, &imports);
  ASSERT_EQ(imports.size, 4u);
  EXPECT_EQ(str(wasm_importtype_module(imports.data[0])), "env");
  EXPECT_EQ(str(wasm_importtype_name(imports.data[0])), "f");
  const wasm_functype_t* f = wasm_externtype_as_functype_const(wasm_importtype_type(imports.data[0]));
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(wasm_functype_params(f)->size, 1u);
  EXPECT_EQ(wasm_valtype_kind(wasm_functype_results(f)->data[0]), WASM_I32);
  const wasm_globaltype_t* g =
      wasm_externtype_as_globaltype_const(wasm_importtype_type(imports.data[1]));
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(wasm_valtype_kind(wasm_globaltype_content(g)), WASM_I64);
  EXPECT_EQ(wasm_globaltype_mutability(g), WASM_VAR);
  const wasm_tabletype_t* t =
      wasm_externtype_as_tabletype_const(wasm_importtype_type(imports.data[2]));
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(wasm_tabletype_limits(t)->min, 1u);
  EXPECT_EQ(wasm_tabletype_limits(t)->max, 5u);
  const wasm_memorytype_t* m =
      wasm_externtype_as_memorytype_const(wasm_importtype_type(imports.data[3]));
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(wasm_memorytype_limits(m)->max, 2u);
  wasm_importtype_vec_delete(&imports);

  wasm_exporttype_vec_t exports;
  wasm_module_exports(module, &exports);
  ASSERT_EQ(exports.size, 4u);
  EXPECT_EQ(str(wasm_exporttype_name(exports.data[0])), "run");
  EXPECT_EQ(str(wasm_exporttype_name(exports.data[1])), "answer");
  EXPECT_EQ(wasm_externtype_kind(wasm_exporttype_type(exports.data[2])), WASM_EXTERN_TABLE);
  EXPECT_EQ(wasm_valtype_kind(wasm_tabletype_element(
                wasm_externtype_as_tabletype_const(wasm_exporttype_type(exports.data[2])))),
            WASM_EXTERNREF);
  EXPECT_EQ(wasm_memorytype_limits(wasm_externtype_as_memorytype_const(
                wasm_exporttype_type(exports.data[3])))->max,
            2u);
  wasm_exporttype_vec_delete(&exports);
  wasm_module_delete(module);

  wasm_module_imports(nullptr, &imports);  // null module: an empty vector
  EXPECT_EQ(imports.size, 0u);
}

TEST_F(CapiModule, ShareAndObtain) {
  wasm_module_t* module = compile("(module (func (export \"seven\") (result i32) (i32.const 7)))");
  wasm_shared_module_t* shared = wasm_module_share(module);
  wasm_module_delete(module);
  ASSERT_NE(shared, nullptr);

  wasm_store_t* other = wasm_store_new(engine);
  wasm_module_t* obtained = wasm_module_obtain(other, shared);
  ASSERT_NE(obtained, nullptr);
  wasm_extern_vec_t none = WASM_EMPTY_VEC;
  wasm_instance_t* instance = wasm_instance_new(other, obtained, &none, nullptr);
  ASSERT_NE(instance, nullptr);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_val_t results[1] = {WASM_INIT_VAL};
  wasm_val_vec_t resultVec = WASM_ARRAY_VEC(results);
  wasm_val_vec_t args = WASM_EMPTY_VEC;
  EXPECT_EQ(wasm_func_call(wasm_extern_as_func(exports.data[0]), &args, &resultVec), nullptr);
  EXPECT_EQ(results[0].of.i32, 7);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(obtained);

  // A store of another engine cannot run the module's code.
  wasm_engine_t* engine2 = wasm_engine_new();
  wasm_store_t* store2 = wasm_store_new(engine2);
  EXPECT_EQ(wasm_module_obtain(store2, shared), nullptr);
  EXPECT_EQ(wasm_module_obtain(store2, nullptr), nullptr);
  EXPECT_EQ(wasm_module_share(nullptr), nullptr);
  wasm_store_delete(store2);
  wasm_engine_delete(engine2);
  wasm_store_delete(other);
  wasm_shared_module_delete(shared);
}

/// Calls export 0 of `module` (a function of no parameters and one i32 result).
int32_t callFirstExport(wasm_store_t* store, const wasm_module_t* module) {
  wasm_extern_vec_t none = WASM_EMPTY_VEC;
  wasm_trap_t* trap = nullptr;
  wasm_instance_t* instance = wasm_instance_new(store, module, &none, &trap);
  EXPECT_EQ(trap, nullptr);
  if (!instance) return -1;
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_val_t results[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_EMPTY_VEC, out = WASM_ARRAY_VEC(results);
  wasm_trap_t* called = wasm_func_call(wasm_extern_as_func(exports.data[0]), &args, &out);
  EXPECT_EQ(called, nullptr);
  wasm_trap_delete(called);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  return results[0].of.i32;
}

constexpr const char* kAnswer = R"((module
  (memory 1) (data (i32.const 0) "\2a")
  (func (export "f") (result i32) (i32.add (i32.load8_u (i32.const 0)) (i32.const 0)))))";

TEST_F(CapiModule, SerializeAndDeserialize) {
  wasm_module_t* module = compile(kAnswer);
  ASSERT_NE(module, nullptr);
  wasm_byte_vec_t image;
  wasm_module_serialize(module, &image);
  ASSERT_GT(image.size, 0u);
  wasm_module_t* loaded = wasm_module_deserialize(store, &image);
  ASSERT_NE(loaded, nullptr);
  EXPECT_EQ(callFirstExport(store, loaded), 42);
  // Another engine's code options refuse it; bytes that are not a .kwasm too.
  wasm_config_t* config = wasm_config_new();
  kiln_config_force_libcalls(config, true);
  wasm_engine_t* other = wasm_engine_new_with_config(config);
  wasm_store_t* otherStore = wasm_store_new(other);
  EXPECT_EQ(wasm_module_deserialize(otherStore, &image), nullptr);
  image.data[image.size / 2] ^= 1;
  EXPECT_EQ(wasm_module_deserialize(store, &image), nullptr);
  EXPECT_EQ(wasm_module_deserialize(store, nullptr), nullptr);
  EXPECT_EQ(wasm_module_deserialize(nullptr, &image), nullptr);
  wasm_byte_vec_t none;
  wasm_module_serialize(nullptr, &none);
  EXPECT_EQ(none.size, 0u);
  wasm_byte_vec_delete(&none);
  wasm_store_delete(otherStore);
  wasm_engine_delete(other);
  wasm_byte_vec_delete(&image);
  wasm_module_delete(loaded);
  wasm_module_delete(module);
}

TEST_F(CapiModule, SerializeToAFileAndBack) {
  wasm_module_t* module = compile(kAnswer);
  const std::string path = ::testing::TempDir() + "/capi_" + std::to_string(getpid()) + ".kwasm";
  EXPECT_EQ(kiln_module_serialize_file(module, path.c_str()), nullptr);
  wasm_module_t* loaded = nullptr;
  EXPECT_EQ(kiln_module_deserialize_file(store, path.c_str(), &loaded), nullptr);
  ASSERT_NE(loaded, nullptr);
  EXPECT_EQ(callFirstExport(store, loaded), 42);
  wasm_module_delete(loaded);
  std::remove(path.c_str());
  kiln_error_t* error = kiln_module_deserialize_file(store, path.c_str(), &loaded);
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(loaded, nullptr);
  EXPECT_EQ(kiln_error_kind(error), KILN_ERROR_RESOURCE);
  kiln_error_delete(error);
  error = kiln_module_serialize_file(nullptr, path.c_str());
  EXPECT_NE(error, nullptr);
  kiln_error_delete(error);
  wasm_module_delete(module);
}

TEST_F(CapiModule, ConfiguredCacheIsUsed) {
  const std::string dir = ::testing::TempDir() + "/capi_cache_" + std::to_string(getpid());
  wasm_config_t* config = wasm_config_new();
  kiln_config_cache(config, dir.c_str(), 0);
  wasm_engine_t* cached = wasm_engine_new_with_config(config);
  wasm_store_t* cachedStore = wasm_store_new(cached);
  wasm_module_t* module = compile(kAnswer, cachedStore);
  ASSERT_NE(module, nullptr);
  EXPECT_EQ(callFirstExport(cachedStore, module), 42);
  size_t entries = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    entries += entry.path().extension() == ".kwasm";
  }
  EXPECT_EQ(entries, 1u);
  wasm_module_delete(module);
  wasm_store_delete(cachedStore);
  wasm_engine_delete(cached);
  std::filesystem::remove_all(dir);
}

TEST_F(CapiModule, ModuleHostInfoAndIdentity) {
  wasm_module_t* module = compile("(module)");
  static int finalized = 0;
  finalized = 0;
  int tag = 5;
  wasm_module_set_host_info_with_finalizer(module, &tag, [](void*) { ++finalized; });
  wasm_module_t* copy = wasm_module_copy(module);
  EXPECT_TRUE(wasm_module_same(module, copy));
  EXPECT_EQ(wasm_module_get_host_info(copy), &tag);
  wasm_module_delete(module);
  EXPECT_EQ(finalized, 0);  // the copy keeps it
  wasm_module_delete(copy);
  EXPECT_EQ(finalized, 1);
}

TEST_F(CapiModule, InstanceLinkErrorsAreTraps) {
  wasm_module_t* module = compile(kImportsAndExports);
  wasm_extern_vec_t none = WASM_EMPTY_VEC;
  wasm_trap_t* trap = nullptr;
  EXPECT_EQ(wasm_instance_new(store, module, &none, &trap), nullptr);
  EXPECT_NE(message(trap).find("4 imports, 0 given"), std::string::npos) << message(trap);
  wasm_trap_delete(trap);

  // Four imports of the wrong types: one link error listing them.
  wasm_limits_t limits = {1, 1};
  wasm_memorytype_t* memType = wasm_memorytype_new(&limits);
  wasm_memory_t* memory = wasm_memory_new(store, memType);
  wasm_extern_t* wrong[4] = {wasm_memory_as_extern(memory), wasm_memory_as_extern(memory),
                             wasm_memory_as_extern(memory), wasm_memory_as_extern(memory)};
  wasm_extern_vec_t wrongVec = WASM_ARRAY_VEC(wrong);
  EXPECT_EQ(wasm_instance_new(store, module, &wrongVec, &trap), nullptr);
  EXPECT_NE(message(trap).find("incompatible import type: env.f"), std::string::npos)
      << message(trap);
  wasm_trap_delete(trap);

  // A null import, and an import from another store.
  wasm_extern_t* nulls[4] = {nullptr, nullptr, nullptr, nullptr};
  wasm_extern_vec_t nullVec = WASM_ARRAY_VEC(nulls);
  EXPECT_EQ(wasm_instance_new(store, module, &nullVec, &trap), nullptr);
  EXPECT_NE(message(trap).find("null or of another store"), std::string::npos);
  wasm_trap_delete(trap);
  wasm_store_t* other = wasm_store_new(engine);
  wasm_memory_t* foreignMemory = wasm_memory_new(other, memType);
  wasm_extern_t* others[4] = {wasm_memory_as_extern(foreignMemory), nullptr, nullptr, nullptr};
  wasm_extern_vec_t otherVec = WASM_ARRAY_VEC(others);
  EXPECT_EQ(wasm_instance_new(store, module, &otherVec, nullptr), nullptr);  // no trap asked
  wasm_memory_delete(foreignMemory);
  wasm_store_delete(other);

  EXPECT_EQ(wasm_instance_new(store, nullptr, &none, &trap), nullptr);
  wasm_trap_delete(trap);
  EXPECT_EQ(wasm_instance_new(nullptr, module, &none, nullptr), nullptr);
  wasm_memory_delete(memory);
  wasm_memorytype_delete(memType);
  wasm_module_delete(module);
}

wasm_trap_t* nothing(const wasm_val_vec_t*, wasm_val_vec_t*) { return nullptr; }

TEST_F(CapiModule, OneNameImportedTwiceTakesOneObject) {
  wasm_module_t* module = compile(R"((module
    (import "env" "f" (func))
    (import "env" "f" (func))))");
  wasm_functype_t* type = wasm_functype_new_0_0();
  wasm_func_t* a = wasm_func_new(store, type, nothing);
  wasm_func_t* b = wasm_func_new(store, type, nothing);
  wasm_functype_delete(type);
  wasm_extern_t* different[2] = {wasm_func_as_extern(a), wasm_func_as_extern(b)};
  wasm_extern_vec_t differentVec = WASM_ARRAY_VEC(different);
  wasm_trap_t* trap = nullptr;
  EXPECT_EQ(wasm_instance_new(store, module, &differentVec, &trap), nullptr);
  EXPECT_EQ(message(trap), "wasm_instance_new: imports named env.f given different objects");
  wasm_trap_delete(trap);
  wasm_extern_t* same[2] = {wasm_func_as_extern(a), wasm_func_as_extern(a)};
  wasm_extern_vec_t sameVec = WASM_ARRAY_VEC(same);
  wasm_instance_t* instance = wasm_instance_new(store, module, &sameVec, &trap);
  EXPECT_NE(instance, nullptr);
  EXPECT_EQ(trap, nullptr);
  wasm_instance_delete(instance);
  wasm_func_delete(a);
  wasm_func_delete(b);
  wasm_module_delete(module);
}

TEST_F(CapiModule, StartFunctionTrap) {
  wasm_module_t* module = compile("(module (func $s unreachable) (start $s))");
  wasm_extern_vec_t none = WASM_EMPTY_VEC;
  wasm_trap_t* trap = nullptr;
  EXPECT_EQ(wasm_instance_new(store, module, &none, &trap), nullptr);
  EXPECT_EQ(message(trap), "unreachable");
  wasm_trap_delete(trap);
  wasm_module_delete(module);
}

TEST_F(CapiModule, InstanceExportsInOrder) {
  wasm_extern_vec_t exports;
  wasm_instance_t* instance = instantiate(R"((module
    (func (export "f"))
    (global (export "g") (mut f64) (f64.const 2.5))
    (table (export "t") 2 funcref)
    (memory (export "m") 1)))",
                                          &exports);
  ASSERT_NE(instance, nullptr);
  ASSERT_EQ(exports.size, 4u);
  EXPECT_EQ(wasm_extern_kind(exports.data[0]), WASM_EXTERN_FUNC);
  EXPECT_EQ(wasm_extern_kind(exports.data[1]), WASM_EXTERN_GLOBAL);
  EXPECT_EQ(wasm_extern_kind(exports.data[2]), WASM_EXTERN_TABLE);
  EXPECT_EQ(wasm_extern_kind(exports.data[3]), WASM_EXTERN_MEMORY);
  EXPECT_NE(wasm_extern_as_func(exports.data[0]), nullptr);
  EXPECT_EQ(wasm_extern_as_memory(exports.data[0]), nullptr);
  wasm_externtype_t* type = wasm_extern_type(exports.data[1]);
  EXPECT_EQ(wasm_valtype_kind(wasm_globaltype_content(wasm_externtype_as_globaltype(type))),
            WASM_F64);
  wasm_externtype_delete(type);

  // A second call gives new handles to the same entities.
  wasm_extern_vec_t again;
  wasm_instance_exports(instance, &again);
  EXPECT_NE(again.data[3], exports.data[3]);
  EXPECT_TRUE(wasm_extern_same(again.data[3], exports.data[3]));
  EXPECT_FALSE(wasm_extern_same(again.data[2], exports.data[3]));
  wasm_extern_vec_t copy;
  wasm_extern_vec_copy(&copy, &again);
  EXPECT_TRUE(wasm_extern_same(copy.data[0], exports.data[0]));
  wasm_extern_vec_delete(&copy);
  wasm_extern_vec_delete(&again);
  wasm_extern_vec_delete(&exports);

  wasm_instance_t* copyInstance = wasm_instance_copy(instance);
  EXPECT_TRUE(wasm_instance_same(instance, copyInstance));
  wasm_instance_delete(copyInstance);
  wasm_instance_delete(instance);
}

}  // namespace
}  // namespace kiln::capi_test
