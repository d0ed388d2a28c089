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

TEST_P(MemoryTest, LibcallTrapFromDeepStack) {
  EXPECT_EQ(trapOf("deep_copy", {i32(5000)}), TrapCode::HeapAccessOutOfBounds);
  EXPECT_EQ(int32_t(callI64("size", {})), 1);
}

INSTANTIATE_TEST_SUITE_P(Modes, MemoryTest, ::testing::ValuesIn(kCompilerModes),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace kiln::test
