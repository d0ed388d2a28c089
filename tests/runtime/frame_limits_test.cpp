// Functions at the edge of Kiln's frame limits: the most locals a function
// may declare compile, are zeroed and work in both memory modes; one more is
// refused with a clear error; frame sizes are computed without wrapping.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "../binary/byte_builder.h"
#include "binary/module.h"
#include "compiler/x64/function_compiler.h"
#include "kiln/kiln.h"

namespace kiln::test {
namespace {

// (module (func (export "f") (param i64) (result i64) (local i64 x locals)
//   local.set <last> (local.get 0); local.get <last> + local.get <middle>))
Bytes moduleWithLocals(uint32_t locals) {
  const uint32_t last = locals;  // local 0 is the parameter
  const uint32_t middle = locals / 2;
  Bytes body = cat({{0x01}, uleb(locals), {0x7E},             // one run of i64
                    {0x20, 0x00, 0x21}, uleb(last),          // local.set last (local.get 0)
                    {0x20}, uleb(last), {0x20}, uleb(middle),  // local.get last, middle
                    {0x7C, 0x0B}});                          // i64.add, end
  return module({section(1, {0x01, 0x60, 0x01, 0x7E, 0x01, 0x7E}),
                 section(3, {0x01, 0x00}),
                 section(7, cat({{0x01}, name("f"), {0x00, 0x00}})),
                 section(10, cat({{0x01}, uleb(body.size()), body}))});
}

class FrameLimitsTest : public ::testing::TestWithParam<MemoryMode> {
 protected:
  Config config() const {
    Config c;
    c.memoryMode = GetParam();
    return c;
  }
};

TEST_P(FrameLimitsTest, TheMostLocalsCompileAndStartZeroed) {
  Engine engine(config());
  auto module = Module::fromBytes(engine, moduleWithLocals(kMaxFunctionLocals));
  ASSERT_TRUE(module) << module.error().toString();
  Store store(engine);
  Linker linker;
  auto instance = linker.instantiate(store, *module);
  ASSERT_TRUE(instance);
  std::vector<Val> args{Val::i64(0x123456789)};
  // Twice: the second call's frame lands where the first one's locals were.
  for (int i = 0; i < 2; ++i) {
    auto results = instance->getFunc("f")->call(args);
    ASSERT_TRUE(results);
    EXPECT_EQ((*results)[0].i64(), 0x123456789);
  }
}

TEST_P(FrameLimitsTest, OneLocalTooManyIsRefused) {
  Engine engine(config());
  auto module = Module::fromBytes(engine, moduleWithLocals(kMaxFunctionLocals + 1));
  ASSERT_FALSE(module);
  EXPECT_EQ(module.error().kind, ErrorKind::Malformed);
  EXPECT_NE(module.error().message.find("too many locals: 50001 declared, over Kiln's limit of 50000"),
            std::string::npos)
      << module.error().toString();
  EXPECT_TRUE(module.error().offset.has_value());
}

INSTANTIATE_TEST_SUITE_P(Modes, FrameLimitsTest,
                         ::testing::Values(MemoryMode::GuardPages, MemoryMode::BoundsChecks));

TEST(FrameLayoutTest, SizesAreComputedIn64Bits) {
  using x64::FrameLayout;
  // vmctx and saved rbp area (16), 50,000 local words and 3 saved registers,
  // 10 spill slots of 8 bytes, 4 outgoing slots, rounded up to 16.
  auto layout = FrameLayout::of(kMaxFunctionLocals, 3, 10, 8, 4);
  ASSERT_TRUE(layout);
  EXPECT_EQ(layout->slotBase, 16u + 8u * 50'003u);
  EXPECT_EQ(layout->frameSize, (16u + 8u * (50'003u + 10u + 4u) + 15u) & ~15u);
  // 50,000 v128 locals take two words each; spill slots of 16 bytes.
  auto wide = FrameLayout::of(2 * kMaxFunctionLocals, 0, 10, 16, 4);
  ASSERT_TRUE(wide);
  EXPECT_EQ(wide->slotBase, 16u + 8u * 100'000u);
  EXPECT_EQ(wide->frameSize, (16u + 8u * 100'000u + 16u * 10u + 8u * 4u + 15u) & ~15u);
  // Counts that wrap 32 bits once multiplied by the slot size are refused,
  // not wrapped into a small frame.
  EXPECT_FALSE(FrameLayout::of(uint64_t(1) << 29, 0, 0, 8, 0));
  EXPECT_FALSE(FrameLayout::of(uint64_t(1) << 31, 0, 0, 8, 0));
  EXPECT_FALSE(FrameLayout::of(0, 0, UINT32_MAX, 8, 0));
  EXPECT_FALSE(FrameLayout::of(0, 0, uint64_t(1) << 28, 16, 0));
  EXPECT_FALSE(FrameLayout::of(UINT32_MAX, 3, UINT32_MAX, 16, UINT32_MAX));
  // The largest frame accepted, with either slot size.
  const uint64_t slots = FrameLayout::kMaxFrameBytes / 8 - 2;
  EXPECT_TRUE(FrameLayout::of(0, 0, slots, 8, 0));
  EXPECT_FALSE(FrameLayout::of(0, 0, slots + 1, 8, 0));
  const uint64_t wideSlots = FrameLayout::kMaxFrameBytes / 16 - 1;
  EXPECT_TRUE(FrameLayout::of(0, 0, wideSlots, 16, 0));
  EXPECT_FALSE(FrameLayout::of(0, 0, wideSlots + 1, 16, 0));
}

}  // namespace
}  // namespace kiln::test
