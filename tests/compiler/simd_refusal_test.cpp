// SIMD is decoded and validated but not compiled: compileModule refuses any
// module whose code uses v128, saying where.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "compiler/compiled_module.h"
#include "validate/parse_module.h"

namespace kiln::test {
namespace {

std::string compileError(const std::string& name) {
  std::ifstream file(std::string(KILN_COMPILER_WASM_DIR) + "/" + name + ".wasm", std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(file)), {});
  auto parsed = parseModule(std::move(bytes));
  if (!parsed) return "cannot parse " + name;
  auto compiled = compileModule(*parsed, Config{});
  if (compiled) return std::string();
  EXPECT_EQ(compiled.error().kind, CompileError::Kind::Unsupported);
  return compiled.error().message;
}

TEST(SimdRefusalTest, V128InAFunctionType) {
  EXPECT_EQ(compileError("simd_type"), std::string(kSimdUnsupported) + "type 0 uses v128");
}

TEST(SimdRefusalTest, CodeUsingAV128Global) {
  std::string error = compileError("simd_global");
  EXPECT_EQ(error.rfind(std::string(kSimdUnsupported) + "function 1, global.get of v128 global 0 at offset 0x", 0),
            0u)
      << error;
}

TEST(SimdRefusalTest, V128GlobalNoCodeTouchesIsCompiled) {
  EXPECT_EQ(compileError("simd_global_unused"), "");
}

TEST(SimdRefusalTest, V128Local) {
  EXPECT_EQ(compileError("simd_local"),
            std::string(kSimdUnsupported) + "function 0, local 0 is v128");
}

TEST(SimdRefusalTest, SimdInstruction) {
  std::string error = compileError("simd_instruction");
  EXPECT_EQ(error.rfind(std::string(kSimdUnsupported) + "function 0, i32x4.splat at offset 0x", 0),
            0u)
      << error;
}

}  // namespace
}  // namespace kiln::test
