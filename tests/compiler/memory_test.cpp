// Loads, stores, memory.size/grow and bulk memory, in both bounds modes.
#include <gtest/gtest.h>

#include "compiler_harness.h"

namespace kiln::test {
namespace {

class MemoryTest : public CompilerTest {
 protected:
  MemoryTest() : CompilerTest("memory") {}
};

TEST_P(MemoryTest, LoadsAndStores) {
  EXPECT_EQ(callI64("load_i64", {i32(0)}), 0x0807060504030201);
  EXPECT_EQ(int32_t(callI64("load8_s", {i32(16)})), 1);
  callI64("store_i32", {i32(100), i32(-2)});
  EXPECT_EQ(int32_t(callI64("load8_s", {i32(100)})), -2);
  EXPECT_EQ(int32_t(callI64("load_i32", {i32(100)})), -2);
  callI64("store16_const", {i32(200)});
  EXPECT_EQ(int32_t(callI64("load_i32", {i32(200)})), 0x23450000);
}

TEST_P(MemoryTest, OutOfBoundsTraps) {
  EXPECT_EQ(trapOf("load_i32", {i32(65533)}), TrapCode::HeapAccessOutOfBounds);
  EXPECT_EQ(trapOf("load_i32", {i32(-1)}), TrapCode::HeapAccessOutOfBounds);
  EXPECT_EQ(trapOf("store_i32", {i32(65536), i32(1)}), TrapCode::HeapAccessOutOfBounds);
  EXPECT_EQ(trapOf("load_big_offset", {i32(0x100)}), TrapCode::HeapAccessOutOfBounds);
  EXPECT_EQ(int32_t(callI64("load_i32", {i32(65532)})), 0);
}

TEST_P(MemoryTest, GrowThenAccess) {
  EXPECT_EQ(int32_t(callI64("size", {})), 1);
  EXPECT_EQ(trapOf("store_i32", {i32(70000), i32(7)}), TrapCode::HeapAccessOutOfBounds);
  EXPECT_EQ(int32_t(callI64("grow", {i32(1)})), 1);
  EXPECT_EQ(int32_t(callI64("size", {})), 2);
  callI64("store_i32", {i32(70000), i32(7)});
  EXPECT_EQ(int32_t(callI64("load_i32", {i32(70000)})), 7);
  EXPECT_EQ(int32_t(callI64("grow", {i32(10)})), -1);
  EXPECT_EQ(int32_t(callI64("load_i32", {i32(16)})), 0x04030201);
}

TEST_P(MemoryTest, BulkMemory) {
  callI64("fill", {i32(300), i32(0xAB), i32(4)});
  EXPECT_EQ(int32_t(callI64("load_i32", {i32(300)})), int32_t(0xABABABAB));
  callI64("copy", {i32(400), i32(16), i32(8)});
  EXPECT_EQ(callI64("load_i64", {i32(384)}), 0x0807060504030201);
  EXPECT_EQ(trapOf("fill", {i32(65530), i32(0), i32(7)}), TrapCode::HeapAccessOutOfBounds);
}

// Expected values from Node (V8) running the same module.
TEST_P(MemoryTest, FloatOpsReadTheirLoadedOperandFromMemory) {
  callI64("store_f64", {i32(1000), f64(2.5)});
  callI64("store_f64", {i32(1008), f64(-4)});
  callI64("store_f64", {i32(1016), f64(0.25)});
  EXPECT_EQ(callF64("f64_load_ops", {i32(1000), f64(3)}), -0.5);
  EXPECT_EQ(callF64("f64_load_ops", {i32(1000), f64(7)}), 7.5);
  callI64("store_f32", {i32(2000), f32(1.5f)});
  callI64("store_f32", {i32(2004), f32(2)});
  callI64("store_f32", {i32(2008), f32(0.25f)});
  EXPECT_EQ(callF32("f32_load_ops", {i32(2000), f32(3)}), 24.5f);
  EXPECT_EQ(callF32("f32_load_ops", {i32(2000), f32(0.75f)}), 6.5f);
  // Out of bounds at the first load, and at the last one (the div's
  // operand): the trap names the load (f64.load 0x2B, f32.load 0x2A).
  const std::pair<const char*, int32_t> outOfBounds[] = {
      {"f64_load_ops", 65530}, {"f64_load_ops", 65520}, {"f32_load_ops", 65534},
      {"f32_load_ops", 65528}};
  for (const auto& [name, address] : outOfBounds) {
    const bool wide = std::string(name) == "f64_load_ops";
    auto outcome = wasm.call(name, {i32(address), wide ? f64(1) : f32(1)});
    ASSERT_TRUE(outcome.trap) << name << " " << address;
    EXPECT_EQ(outcome.trap->code, TrapCode::HeapAccessOutOfBounds);
    ASSERT_FALSE(outcome.trap->backtrace.empty());
    const uint32_t offset = outcome.trap->backtrace[0].codeOffset;
    ASSERT_LT(offset, wasm.module().bytes.size());
    EXPECT_EQ(wasm.module().bytes[offset], wide ? 0x2B : 0x2A) << name << " " << address;
  }
}

TEST_P(MemoryTest, LibcallTrapFromDeepStack) {
  EXPECT_EQ(trapOf("deep_copy", {i32(5000)}), TrapCode::HeapAccessOutOfBounds);
  EXPECT_EQ(int32_t(callI64("size", {})), 1);
}

INSTANTIATE_TEST_SUITE_P(Modes, MemoryTest, ::testing::ValuesIn(kCompilerModes),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace kiln::test
