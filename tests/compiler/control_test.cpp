// Control flow, calls, call_indirect, globals and stack overflow.
#include <gtest/gtest.h>

#include "compiler_harness.h"

namespace kiln::test {
namespace {

class ControlTest : public CompilerTest {
 protected:
  ControlTest() : CompilerTest("control") {}
};

TEST_P(ControlTest, Recursion) {
  EXPECT_EQ(callI32("fac", {i32(10)}), 3628800);
  EXPECT_EQ(callI32("fib", {i32(20)}), 6765);
}

TEST_P(ControlTest, Loops) {
  auto outcome = wasm.call("sum_loop", {i32(100000)});
  ASSERT_FALSE(outcome.trap);
  EXPECT_EQ(outcome.results[0].i64, 5000050000);
}

TEST_P(ControlTest, BrTable) {
  EXPECT_EQ(callI32("br_table", {i32(0)}), 10);
  EXPECT_EQ(callI32("br_table", {i32(1)}), 20);
  EXPECT_EQ(callI32("br_table", {i32(2)}), 100);
  EXPECT_EQ(callI32("br_table", {i32(-1)}), 100);
}

TEST_P(ControlTest, MultiValue) {
  auto outcome = wasm.call("multi", {i32(3), i32(4)});
  ASSERT_FALSE(outcome.trap);
  EXPECT_EQ(outcome.results[0].i32, 3);
  EXPECT_EQ(outcome.results[1].i32, 4);
  EXPECT_EQ(outcome.results[2].i32, 7);
  outcome = wasm.call("swap", {i64(9), f64(1.5)});
  ASSERT_FALSE(outcome.trap);
  EXPECT_EQ(asF64(outcome.results[0]), 1.5);
  EXPECT_EQ(outcome.results[1].i64, 9);
}

TEST_P(ControlTest, Select) {
  EXPECT_EQ(callI32("select", {i32(1), i32(2), i32(4)}), 1);
  EXPECT_EQ(callI32("select", {i32(1), i32(2), i32(3)}), 2);
  auto outcome = wasm.call("select_f", {f64(1.5), f64(2.5), i32(0)});
  ASSERT_FALSE(outcome.trap);
  EXPECT_EQ(asF64(outcome.results[0]), 2.5);
}

TEST_P(ControlTest, SpillsWhenRegistersRunOut) { EXPECT_EQ(callI32("many_values", {i32(3)}), 45); }

TEST_P(ControlTest, IfWithoutElseAndGlobals) {
  EXPECT_EQ(callI32("if_no_else", {i32(0)}), 5);
  EXPECT_EQ(callI32("if_no_else", {i32(1)}), 9);
  EXPECT_EQ(callI32("global", {i32(5)}), 5);
  EXPECT_EQ(callI32("global", {i32(6)}), 11);
}

TEST_P(ControlTest, CallIndirect) {
  EXPECT_EQ(callI32("call_indirect", {i32(7), i32(2), i32(0)}), 9);
  EXPECT_EQ(callI32("call_indirect", {i32(7), i32(2), i32(1)}), 5);
  EXPECT_EQ(trapOf("call_indirect", {i32(7), i32(2), i32(2)}), TrapCode::BadSignature);
  EXPECT_EQ(trapOf("call_indirect", {i32(7), i32(2), i32(3)}), TrapCode::IndirectCallToNull);
  EXPECT_EQ(trapOf("call_indirect", {i32(7), i32(2), i32(4)}), TrapCode::TableAccessOutOfBounds);
}

TEST_P(ControlTest, UnreachableTrapsWithBacktrace) {
  auto outcome = wasm.call("unreachable", {});
  ASSERT_TRUE(outcome.trap);
  EXPECT_EQ(outcome.trap->code, TrapCode::Unreachable);
}

TEST_P(ControlTest, StackOverflowThenNormalCall) {
  EXPECT_EQ(trapOf("forever", {i32(0)}), TrapCode::StackOverflow);
  EXPECT_EQ(callI32("fac", {i32(5)}), 120);
  EXPECT_EQ(trapOf("forever", {i32(0)}), TrapCode::StackOverflow);
}

INSTANTIATE_TEST_SUITE_P(Modes, ControlTest, ::testing::ValuesIn(kCompilerModes),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace kiln::test
