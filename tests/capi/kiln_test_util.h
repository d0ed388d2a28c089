// Helpers for the tests of kiln.h: an engine made from a configuration, and
// calls that return a trap's code.
#pragma once

#include <functional>
#include <string>

#include "capi_test_util.h"
#include "kiln.h"

namespace kiln::capi_test {

/// An engine configured by `configure`, its store, and calls into it.
struct KilnTest : ::testing::Test {
  wasm_engine_t* engine = nullptr;
  wasm_store_t* store = nullptr;

  void SetUp() override { configure([](wasm_config_t*) {}); }
  ~KilnTest() override { reset(); }

  void reset() {
    if (store) wasm_store_delete(store);
    if (engine) wasm_engine_delete(engine);
    store = nullptr;
    engine = nullptr;
  }

  /// A new engine and store with the options `setOptions` sets.
  void configure(const std::function<void(wasm_config_t*)>& setOptions) {
    reset();
    wasm_config_t* config = wasm_config_new();
    setOptions(config);
    engine = wasm_engine_new_with_config(config);
    store = wasm_store_new(engine);
  }

  /// A module of this store from `wat`, converted with kiln_wat2wasm.
  wasm_module_t* compile(const std::string& wat) {
    wasm_byte_vec_t bytes;
    kiln_error_t* error = kiln_wat2wasm(wat.data(), wat.size(), &bytes);
    EXPECT_EQ(error, nullptr) << text(error);
    kiln_error_delete(error);
    wasm_module_t* module = wasm_module_new(store, &bytes);
    wasm_byte_vec_delete(&bytes);
    EXPECT_NE(module, nullptr);
    return module;
  }

  /// An error's message; "" for none.
  static std::string text(const kiln_error_t* error) {
    if (!error) return "";
    wasm_name_t message;
    kiln_error_message(error, &message);
    std::string result(message.data, message.size);
    wasm_byte_vec_delete(&message);
    return result;
  }

  /// Calls the first export of `instance`, a function without parameters:
  /// the trap's code, kNoTrap, or kTrapWithoutCode. Its one result, if any,
  /// goes to `result`.
  static constexpr int kNoTrap = KILN_TRAP_CODE_COUNT;
  static constexpr int kTrapWithoutCode = KILN_TRAP_CODE_COUNT + 1;
  static int callFirst(wasm_instance_t* instance, wasm_val_t* result = nullptr) {
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    EXPECT_GT(exports.size, 0u);
    wasm_func_t* func = exports.size ? wasm_extern_as_func(exports.data[0]) : nullptr;
    int outcome = func ? callFunc(func, result) : -1;
    wasm_extern_vec_delete(&exports);
    return outcome;
  }

  static int callFunc(const wasm_func_t* func, wasm_val_t* result = nullptr) {
    wasm_val_vec_t args = WASM_EMPTY_VEC;
    wasm_val_t out[1] = {WASM_INIT_VAL};
    wasm_val_vec_t results = {wasm_func_result_arity(func), out};
    wasm_trap_t* trap = wasm_func_call(func, &args, &results);
    int outcome = kNoTrap;
    if (trap) {
      kiln_trap_code_t code;
      outcome = kiln_trap_code(trap, &code) ? int(code) : kTrapWithoutCode;
      wasm_trap_delete(trap);
    } else if (result && results.size == 1) {
      *result = out[0];
    }
    return outcome;
  }

  /// Instantiates `wat` (no imports) in this store.
  wasm_instance_t* instantiate(const std::string& wat) {
    wasm_module_t* module = compile(wat);
    if (!module) return nullptr;
    wasm_extern_vec_t none = WASM_EMPTY_VEC;
    wasm_trap_t* trap = nullptr;
    wasm_instance_t* instance = wasm_instance_new(store, module, &none, &trap);
    EXPECT_EQ(trap, nullptr);
    wasm_trap_delete(trap);
    wasm_module_delete(module);
    return instance;
  }
};

}  // namespace kiln::capi_test
