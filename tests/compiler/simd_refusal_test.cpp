// SIMD instructions are compiled one family at a time (compiled_simd.def):
// a function using one not compiled yet is refused, naming it, with the
// feature it belongs to, and the rest of SIMD compiles.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "compiler/compiled_module.h"
#include "compiler/x64/function_compiler.h"
#include "validate/parse_module.h"

namespace kiln::test {
namespace {

// simd_instruction.wat uses this instruction, which is not compiled yet.
constexpr Opcode kNotCompiled = Opcode::I32x4DotI16x8S;
static_assert(!x64::isCompiledYet(kNotCompiled),
              "pick an instruction not compiled yet for simd_instruction.wat");

TEST(SimdRefusalTest, InstructionNotCompiledYetIsNamed) {
  std::ifstream file(std::string(KILN_COMPILER_WASM_DIR) + "/simd_instruction.wasm",
                     std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(file)), {});
  auto parsed = parseModule(std::move(bytes));
  ASSERT_TRUE(parsed) << parsed.error().toString();
  auto compiled = compileModule(*parsed, Config{});
  ASSERT_FALSE(compiled);
  EXPECT_EQ(compiled.error().kind, CompileError::Kind::Unsupported);
  EXPECT_EQ(compiled.error().feature, Feature::Simd);
  const std::string& message = compiled.error().message;
  EXPECT_EQ(message.rfind(std::string(kSimdUnsupported) + "function 1, " +
                              std::string(opcodeInfo(kNotCompiled).name) + " at offset 0x",
                          0),
            0u)
      << message;
}

}  // namespace
}  // namespace kiln::test
