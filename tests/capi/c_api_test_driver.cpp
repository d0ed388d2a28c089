// Runs c_api_test.c's scenario on a module written in text.
#include "capi_test_util.h"

extern "C" int kiln_capi_c_scenario(const char* wasm, size_t size, char* error,
                                    size_t errorSize);

namespace kiln::capi_test {
namespace {

TEST(CapiFromC, WholeEmbedding) {
  auto bytes = watToBinary(R"((module
    (import "env" "hello" (func $hello (param i32) (result i32)))
    (func (export "run") (param i32) (result i32)
      (i32.mul (call $hello (local.get 0)) (i32.const 2)))
    (memory (export "memory") 1)
    (data (i32.const 0) "from C")
    (global (export "half") f64 (f64.const 0.5))
    (func (export "divide") (drop (i32.div_u (i32.const 1) (i32.const 0))))))");
  ASSERT_TRUE(bytes);
  char error[256] = "";
  EXPECT_EQ(kiln_capi_c_scenario(reinterpret_cast<const char*>(bytes->data()), bytes->size(),
                                 error, sizeof error),
            0)
      << error;
}

}  // namespace
}  // namespace kiln::capi_test
