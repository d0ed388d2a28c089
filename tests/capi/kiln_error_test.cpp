// kiln.h's errors, trap codes and .wat conversion.
#include "kiln_test_util.h"

namespace kiln::capi_test {
namespace {

using KilnError = KilnTest;

TEST_F(KilnError, Wat2WasmMakesABinaryModule) {
  const std::string wat = R"((module (func (export "seven") (result i32) (i32.const 7))))";
  wasm_byte_vec_t bytes;
  ASSERT_EQ(kiln_wat2wasm(wat.data(), wat.size(), &bytes), nullptr);
  ASSERT_GE(bytes.size, 8u);
  EXPECT_EQ(std::string(bytes.data, 4), std::string("\0asm", 4));
  EXPECT_TRUE(wasm_module_validate(store, &bytes));
  wasm_byte_vec_delete(&bytes);
}

TEST_F(KilnError, Wat2WasmReportsWhereTheTextIsWrong) {
  const std::string wat = "(module\n  (func (result i32) (i32.const)))";
  wasm_byte_vec_t bytes;
  kiln_error_t* error = kiln_wat2wasm(wat.data(), wat.size(), &bytes);
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(bytes.size, 0u);
  EXPECT_EQ(kiln_error_kind(error), KILN_ERROR_MALFORMED);
  EXPECT_EQ(text(error).rfind("2:", 0), 0u) << text(error);
  int status = 0;
  EXPECT_FALSE(kiln_error_exit_status(error, &status));
  kiln_trap_code_t code;
  EXPECT_FALSE(kiln_error_trap_code(error, &code));
  kiln_error_delete(error);
  EXPECT_NE((error = kiln_wat2wasm(nullptr, 3, &bytes)), nullptr);
  kiln_error_delete(error);
}

TEST_F(KilnError, TrapsCarryTheirCode) {
  wasm_instance_t* instance = instantiate(R"((module
    (func (export "div") (result i32) (i32.div_s (i32.const 1) (i32.const 0)))))");
  ASSERT_NE(instance, nullptr);
  EXPECT_EQ(callFirst(instance), KILN_TRAP_INTEGER_DIVISION_BY_ZERO);
  wasm_instance_delete(instance);
  instance = instantiate(R"((module (func (export "u") unreachable)))");
  ASSERT_NE(instance, nullptr);
  EXPECT_EQ(callFirst(instance), KILN_TRAP_UNREACHABLE);
  wasm_instance_delete(instance);
}

TEST_F(KilnError, HostMadeTrapsHaveNoCode) {
  wasm_message_t message;
  wasm_name_new_from_string_nt(&message, "host");
  wasm_trap_t* trap = wasm_trap_new(store, &message);
  wasm_byte_vec_delete(&message);
  kiln_trap_code_t code;
  int status;
  EXPECT_FALSE(kiln_trap_code(trap, &code));
  EXPECT_FALSE(kiln_trap_exit_status(trap, &status));
  EXPECT_FALSE(kiln_trap_code(nullptr, &code));
  wasm_trap_delete(trap);
  EXPECT_EQ(kiln_error_kind(nullptr), KILN_ERROR_HOST);
  kiln_error_delete(nullptr);
}

}  // namespace
}  // namespace kiln::capi_test
