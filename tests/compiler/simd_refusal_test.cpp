// The SIMD lowerings assume x86-64-v2 (SSE4.2): on a CPU without it a
// function using a SIMD instruction is refused, naming the instruction and
// its feature, while the rest of the module still compiles.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "compiler/compiled_module.h"
#include "compiler/x64/function_compiler.h"
#include "validate/parse_module.h"

namespace kiln::test {
namespace {

std::shared_ptr<const WasmModule> simdModule() {
  std::ifstream file(std::string(KILN_COMPILER_WASM_DIR) + "/simd_instruction.wasm",
                     std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(file)), {});
  auto parsed = parseModule(std::move(bytes));
  EXPECT_TRUE(parsed) << parsed.error().toString();
  return parsed ? *parsed : nullptr;
}

std::optional<CompileError> compileOn(const WasmModule& module, uint32_t definedIndex,
                                      bool sse42) {
  x64::ModuleContext context(module, Config{});
  context.cpu.sse42 = sse42;
  x64::CompileScratch scratch;
  return x64::compileFunction(context, definedIndex, scratch);
}

TEST(SimdRefusalTest, WithoutSse42TheInstructionIsNamed) {
  auto module = simdModule();
  ASSERT_TRUE(module);
  std::optional<CompileError> error = compileOn(*module, 0, false);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->kind, CompileError::Kind::Unsupported);
  EXPECT_EQ(error->feature, Feature::Simd);
  EXPECT_EQ(error->message.rfind(std::string(kSimdUnsupported) +
                                     "function 0, i32x4.splat at offset 0x",
                                 0),
            0u)
      << error->message;
  // Relaxed SIMD is named as its own feature.
  error = compileOn(*module, 1, false);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->feature, Feature::RelaxedSimd);
  EXPECT_NE(error->message.find("f32x4.relaxed_madd"), std::string::npos) << error->message;
  // Code without SIMD does not need it.
  EXPECT_FALSE(compileOn(*module, 2, false));
}

TEST(SimdRefusalTest, WithSse42EverythingCompiles) {
  auto module = simdModule();
  ASSERT_TRUE(module);
  for (uint32_t i = 0; i < 3; ++i) EXPECT_FALSE(compileOn(*module, i, true)) << "function " << i;
}

}  // namespace
}  // namespace kiln::test
