// kiln.h's linker: host functions, externs, instances and modules defined by
// name, and the errors of instantiation.
#include "kiln_test_util.h"

namespace kiln::capi_test {
namespace {

/// A host function (i32) -> i32 that adds the int behind `env` to its
/// argument and counts its calls there too.
struct Adder {
  int32_t addend = 0;
  int calls = 0;
};

wasm_trap_t* add(void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  auto* adder = static_cast<Adder*>(env);
  ++adder->calls;
  results->data[0] = WASM_I32_VAL(args->data[0].of.i32 + adder->addend);
  return nullptr;
}

constexpr const char* kUsesAdd = R"((module
  (import "host" "add" (func $add (param i32) (result i32)))
  (func (export "run") (result i32) (call $add (i32.const 40)))))";

class KilnLinker : public KilnTest {
 protected:
  /// Instantiates kUsesAdd through `linker` and expects its "run", which
  /// calls host.add with 40, to return `expected`.
  void expectRunReturns(kiln_linker_t* linker, int32_t expected) {
    wasm_module_t* module = compile(kUsesAdd);
    wasm_instance_t* instance = nullptr;
    kiln_error_t* error = kiln_linker_instantiate(linker, module, &instance);
    ASSERT_EQ(error, nullptr) << text(error);
    wasm_val_t result = WASM_INIT_VAL;
    EXPECT_EQ(callFirst(instance, &result), kNoTrap);
    EXPECT_EQ(result.of.i32, expected);
    wasm_instance_delete(instance);
    wasm_module_delete(module);
  }
};

TEST_F(KilnLinker, CallsAHostFunctionDefinedByName) {
  kiln_linker_t* linker = kiln_linker_new(store);
  Adder adder{2, 0};
  wasm_functype_t* type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  ASSERT_EQ(kiln_linker_define_func(linker, "host", "add", type, add, &adder, nullptr), nullptr);
  wasm_functype_delete(type);
  expectRunReturns(linker, 42);
  EXPECT_EQ(adder.calls, 1);
  kiln_linker_delete(linker);
}

TEST_F(KilnLinker, MissingImportsAreALinkError) {
  kiln_linker_t* linker = kiln_linker_new(store);
  wasm_module_t* module = compile(kUsesAdd);
  wasm_instance_t* instance = reinterpret_cast<wasm_instance_t*>(&module);
  kiln_error_t* error = kiln_linker_instantiate(linker, module, &instance);
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(instance, nullptr);
  EXPECT_EQ(kiln_error_kind(error), KILN_ERROR_LINK);
  EXPECT_NE(text(error).find("host.add"), std::string::npos) << text(error);
  kiln_error_delete(error);
  wasm_module_delete(module);
  kiln_linker_delete(linker);
}

TEST_F(KilnLinker, StartFunctionTrapIsATrapError) {
  kiln_linker_t* linker = kiln_linker_new(store);
  wasm_module_t* module = compile(R"((module (func $s unreachable) (start $s)))");
  wasm_instance_t* instance = nullptr;
  kiln_error_t* error = kiln_linker_instantiate(linker, module, &instance);
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(kiln_error_kind(error), KILN_ERROR_TRAP);
  kiln_trap_code_t code = 0;
  EXPECT_TRUE(kiln_error_trap_code(error, &code));
  EXPECT_EQ(code, KILN_TRAP_UNREACHABLE);
  kiln_error_delete(error);
  wasm_module_delete(module);
  kiln_linker_delete(linker);
}

constexpr const char* kExportsAdd = R"((module
  (func (export "add") (param i32) (result i32) (i32.add (local.get 0) (i32.const 100)))))";

TEST_F(KilnLinker, DefinesAModulesExports) {
  kiln_linker_t* linker = kiln_linker_new(store);
  wasm_module_t* provider = compile(kExportsAdd);
  kiln_error_t* error = kiln_linker_define_module(linker, "host", provider);
  ASSERT_EQ(error, nullptr) << text(error);
  expectRunReturns(linker, 140);
  wasm_module_delete(provider);
  kiln_linker_delete(linker);
}

TEST_F(KilnLinker, DefinesAnInstanceAndSingleExterns) {
  wasm_instance_t* provider = instantiate(kExportsAdd);
  ASSERT_NE(provider, nullptr);
  wasm_extern_vec_t exports;
  wasm_instance_exports(provider, &exports);
  for (int byExtern = 0; byExtern < 2; ++byExtern) {
    kiln_linker_t* linker = kiln_linker_new(store);
    kiln_error_t* error = byExtern ? kiln_linker_define(linker, "host", "add", exports.data[0])
                                   : kiln_linker_define_instance(linker, "host", provider);
    ASSERT_EQ(error, nullptr) << text(error);
    expectRunReturns(linker, 140);
    kiln_linker_delete(linker);
  }
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(provider);
}

TEST_F(KilnLinker, RefusesNullsAndObjectsOfAnotherStore) {
  wasm_store_t* other = wasm_store_new(engine);
  kiln_linker_t* linker = kiln_linker_new(other);
  wasm_instance_t* provider = instantiate(kExportsAdd);
  wasm_extern_vec_t exports;
  wasm_instance_exports(provider, &exports);
  kiln_error_t* error = kiln_linker_define(linker, "host", "add", exports.data[0]);
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(kiln_error_kind(error), KILN_ERROR_LINK);
  kiln_error_delete(error);
  error = kiln_linker_define_instance(linker, "host", provider);
  EXPECT_NE(error, nullptr);
  kiln_error_delete(error);
  EXPECT_NE((error = kiln_linker_define(linker, "host", "add", nullptr)), nullptr);
  kiln_error_delete(error);
  EXPECT_NE((error = kiln_linker_define_func(linker, "h", "f", nullptr, add, nullptr, nullptr)),
            nullptr);
  kiln_error_delete(error);
  wasm_instance_t* instance = provider;
  EXPECT_NE((error = kiln_linker_instantiate(linker, nullptr, &instance)), nullptr);
  EXPECT_EQ(instance, nullptr);
  kiln_error_delete(error);
  EXPECT_EQ(kiln_linker_new(nullptr), nullptr);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(provider);
  kiln_linker_delete(linker);
  wasm_store_delete(other);
}

}  // namespace
}  // namespace kiln::capi_test
