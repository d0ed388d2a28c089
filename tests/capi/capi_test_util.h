// Helpers for the C API's tests: modules from text, owned-object guards.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "kiln/wat.h"
#include "wasm.h"

namespace kiln::capi_test {

/// An engine and a store, deleted in the right order.
struct CapiTest : ::testing::Test {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  ~CapiTest() override {
    wasm_store_delete(store);
    wasm_engine_delete(engine);
  }

  /// `wat` in the binary format, as a byte vector the caller owns.
  static wasm_byte_vec_t binary(std::string_view wat) {
    auto bytes = watToBinary(wat);
    EXPECT_TRUE(bytes) << bytes.error().toString();
    wasm_byte_vec_t vec;
    wasm_byte_vec_new(&vec, bytes ? bytes->size() : 0,
                      bytes ? reinterpret_cast<const wasm_byte_t*>(bytes->data()) : nullptr);
    return vec;
  }

  wasm_module_t* compile(std::string_view wat, wasm_store_t* in = nullptr) {
    wasm_byte_vec_t bytes = binary(wat);
    wasm_module_t* module = wasm_module_new(in ? in : store, &bytes);
    wasm_byte_vec_delete(&bytes);
    return module;
  }

  /// Instantiates `wat` with no imports; exports go to `exports`.
  wasm_instance_t* instantiate(std::string_view wat, wasm_extern_vec_t* exports,
                               const wasm_extern_vec_t* imports = nullptr) {
    wasm_module_t* module = compile(wat);
    EXPECT_NE(module, nullptr);
    if (!module) return nullptr;
    wasm_extern_vec_t none = WASM_EMPTY_VEC;
    wasm_trap_t* trap = nullptr;
    wasm_instance_t* instance = wasm_instance_new(store, module, imports ? imports : &none, &trap);
    EXPECT_EQ(trap, nullptr) << message(trap);
    wasm_trap_delete(trap);
    wasm_module_delete(module);
    if (instance && exports) wasm_instance_exports(instance, exports);
    return instance;
  }

  /// A trap's message (without its NUL); "" for no trap.
  static std::string message(const wasm_trap_t* trap) {
    if (!trap) return "";
    wasm_message_t m;
    wasm_trap_message(trap, &m);
    std::string text(m.data, m.size);
    wasm_byte_vec_delete(&m);
    if (!text.empty() && text.back() == '\0') text.pop_back();
    return text;
  }
};

}  // namespace kiln::capi_test
