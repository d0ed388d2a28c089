// Loads, stores, memory.size/grow and bulk memory, in both bounds modes.
#include <gtest/gtest.h>

#include "compiler_harness.h"

namespace kiln::test {
namespace {

class MemoryTest : public ::testing::TestWithParam<CompilerMode> {
 protected:
  CompiledInstance wasm{"memory", GetParam()};

  int64_t callInt(const std::string& name, std::vector<ValRaw> args) {
    auto outcome = wasm.call(name, std::move(args));
    EXPECT_FALSE(outcome.trap) << name << ": " << outcome.trap->message;
    return outcome.trap || outcome.results.empty() ? 0 : outcome.results[0].i64;
  }
  std::optional<TrapCode> trapOf(const std::string& name, std::vector<ValRaw> args) {
    auto outcome = wasm.call(name, std::move(args));
    if (!outcome.trap) return std::nullopt;
    return outcome.trap->code;
  }
};

TEST_P(MemoryTest, LoadsAndStores) {
  EXPECT_EQ(callInt("load_i64", {i32(0)}), 0x0807060504030201);
  EXPECT_EQ(int32_t(callInt("load8_s", {i32(16)})), 1);
  callInt("store_i32", {i32(100), i32(-2)});
  EXPECT_EQ(int32_t(callInt("load8_s", {i32(100)})), -2);
  EXPECT_EQ(int32_t(callInt("load_i32", {i32(100)})), -2);
  callInt("store16_const", {i32(200)});
  EXPECT_EQ(int32_t(callInt("load_i32", {i32(200)})), 0x23450000);
}

TEST_P(MemoryTest, OutOfBoundsTraps) {
  EXPECT_EQ(trapOf("load_i32", {i32(65533)}), TrapCode::HeapAccessOutOfBounds);
  EXPECT_EQ(trapOf("load_i32", {i32(-1)}), TrapCode::HeapAccessOutOfBounds);
  EXPECT_EQ(trapOf("store_i32", {i32(65536), i32(1)}), TrapCode::HeapAccessOutOfBounds);
  EXPECT_EQ(trapOf("load_big_offset", {i32(0x100)}), TrapCode::HeapAccessOutOfBounds);
  EXPECT_EQ(int32_t(callInt("load_i32", {i32(65532)})), 0);
}

TEST_P(MemoryTest, GrowThenAccess) {
  EXPECT_EQ(int32_t(callInt("size", {})), 1);
  EXPECT_EQ(trapOf("store_i32", {i32(70000), i32(7)}), TrapCode::HeapAccessOutOfBounds);
  EXPECT_EQ(int32_t(callInt("grow", {i32(1)})), 1);
  EXPECT_EQ(int32_t(callInt("size", {})), 2);
  callInt("store_i32", {i32(70000), i32(7)});
  EXPECT_EQ(int32_t(callInt("load_i32", {i32(70000)})), 7);
  EXPECT_EQ(int32_t(callInt("grow", {i32(10)})), -1);
  EXPECT_EQ(int32_t(callInt("load_i32", {i32(16)})), 0x04030201);
}

TEST_P(MemoryTest, BulkMemory) {
  callInt("fill", {i32(300), i32(0xAB), i32(4)});
  EXPECT_EQ(int32_t(callInt("load_i32", {i32(300)})), int32_t(0xABABABAB));
  callInt("copy", {i32(400), i32(16), i32(8)});
  EXPECT_EQ(callInt("load_i64", {i32(384)}), 0x0807060504030201);
  EXPECT_EQ(trapOf("fill", {i32(65530), i32(0), i32(7)}), TrapCode::HeapAccessOutOfBounds);
}

TEST_P(MemoryTest, LibcallTrapFromDeepStack) {
  EXPECT_EQ(trapOf("deep_copy", {i32(5000)}), TrapCode::HeapAccessOutOfBounds);
  EXPECT_EQ(int32_t(callInt("size", {})), 1);
}

INSTANTIATE_TEST_SUITE_P(Modes, MemoryTest, ::testing::ValuesIn(kCompilerModes),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace kiln::test
