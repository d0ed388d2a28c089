// Blocks, ifs and loops with parameters (multi-value control flow).
#include <gtest/gtest.h>

#include "compiler_harness.h"

namespace kiln::test {
namespace {

class BlockParamsTest : public CompilerTest {
 protected:
  BlockParamsTest() : CompilerTest("block_params") {}
};

TEST_P(BlockParamsTest, ElseArmSeesTheIfsParameters) {
  EXPECT_EQ(callI32("if_params", {i32(1)}), 3);
  EXPECT_EQ(callI32("if_params", {i32(0)}), -1);
  EXPECT_EQ(callI32("if_params_slots", {i32(1), i32(10), i32(4)}), 14);
  EXPECT_EQ(callI32("if_params_slots", {i32(0), i32(10), i32(4)}), 6);
  EXPECT_EQ(callI32("if_params_break", {i32(1)}), 3);
  EXPECT_EQ(callI32("if_params_break", {i32(0)}), -1);
}

TEST_P(BlockParamsTest, MissingElsePassesParametersOn) {
  EXPECT_EQ(callI32("if_params_no_else", {i32(1)}), 21);
  EXPECT_EQ(callI32("if_params_no_else", {i32(0)}), 7);
}

TEST_P(BlockParamsTest, BranchesCarryValuesIntoLoopParameters) {
  EXPECT_EQ(callI32("loop_params", {i32(1)}), 1);
  EXPECT_EQ(callI32("loop_params", {i32(10)}), 55);
  EXPECT_EQ(callI32("loop_params_br", {i32(1)}), 1);
  EXPECT_EQ(callI32("loop_params_br", {i32(100)}), 5050);
}

INSTANTIATE_TEST_SUITE_P(Modes, BlockParamsTest, ::testing::ValuesIn(kCompilerModes),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace kiln::test
