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

// A block's, if's or try_table's single result meets in a register chosen
// at the first edge; every other edge moves its value there. Expected values
// from Node (V8) running the same module.
TEST_P(ControlTest, ASingleResultReachesItsLabelOnEveryEdge) {
  const int32_t child[][3] = {{0, 4, 9}, {1, 4, 9}, {2, 4, 7}, {3, 4, 7}, {2, 3, 3}};
  for (const auto& [index, count, expected] : child) {
    EXPECT_EQ(callI32("larger_child", {i32(index), i32(count)}), expected) << index << " " << count;
  }
  // The edges taken, by the low bits of the second argument: x + 1, x - 2,
  // 40, x, and the fallthrough's 3x + 5 (past three branches not taken).
  const int32_t brIf[][3] = {{-5, 1, 996},     {123456, 1, 124457}, {-5, 2, 993},
                             {123456, 2, 124454}, {-5, 4, 1040},     {123456, 4, 1040},
                             {-5, 8, 995},     {123456, 8, 124456}, {-5, 0, 990},
                             {123456, 0, 371373}, {-5, 6, 993},     {123456, 12, 1040}};
  for (const auto& [x, taken, expected] : brIf) {
    EXPECT_EQ(callI32("br_if_results", {i32(x), i32(taken)}), expected) << x << " " << taken;
  }
  const int32_t table[][2] = {{0, 377}, {1, 397}, {2, 398}, {3, 397}, {4, 397}, {-1, 397}};
  for (const auto& [index, expected] : table) {
    EXPECT_EQ(callI32("br_table_results", {i32(index), i32(11)}), expected) << index;
  }
  const int32_t jumpTable[][2] = {{0, 377},  {1, 397},  {2, 398},  {3, 397}, {30, 398},
                                  {31, 397}, {32, 398}, {33, 398}, {-1, 398}};
  for (const auto& [index, expected] : jumpTable) {
    EXPECT_EQ(callI32("jump_table_results", {i32(index), i32(11)}), expected) << index;
  }
  EXPECT_EQ(callF64("if_f64_results", {f64(1.5), f64(-4.25), i32(0)}), -1.375);
  EXPECT_EQ(callF64("if_f64_results", {f64(1.5), f64(-4.25), i32(1)}), 1.5);
  EXPECT_EQ(callF64("if_f64_results", {f64(1.5), f64(-4.25), i32(2)}), -2.125);
  EXPECT_EQ(callI64("block_i64_results", {i64(0x123456789), i32(0)}), 4294967297);
  EXPECT_EQ(callI64("block_i64_results", {i64(0x123456789), i32(1)}), 14660155036);
  EXPECT_EQ(callI64("block_i64_results", {i64(0x123456789), i32(2)}), 14660155041);
  EXPECT_EQ(callI32("if_param_result", {i32(21), i32(0)}), 52);
  EXPECT_EQ(callI32("if_param_result", {i32(21), i32(1)}), 53);
  const int32_t loopExit[][2] = {{5, 10}, {10, 45}, {14, 91}, {15, 210}, {100, 210}};
  for (const auto& [n, expected] : loopExit) {
    EXPECT_EQ(callI32("loop_exit_result", {i32(n)}), expected) << n;
  }
}

// thenArmLayout: a then arm that is one value goes to the result's register
// before the branch; a then arm that leaves (moves, then br or return) goes
// to the cold section. Expected values from Node (V8) running the same module.
TEST_P(ControlTest, ArmsLaidOutOfOrderKeepTheirValues) {
  EXPECT_EQ(callI32("then_value_local", {i32(0), i32(123456), i32(-77)}), -231230);
  EXPECT_EQ(callI32("then_value_local", {i32(1), i32(123456), i32(-77)}), 123579456);
  EXPECT_EQ(callI64("then_value_i64", {i32(0), i64(0x123456789)}), 0);
  EXPECT_EQ(callI64("then_value_i64", {i32(5), i64(0x123456789)}), 73300775175);
  EXPECT_EQ(callI64("then_value_i64", {i32(6), i64(0x123456789)}), -7);
  EXPECT_EQ(callF64("then_value_f64", {i32(0), f64(1.25), f64(6.25)}), 7.5);
  EXPECT_EQ(callF64("then_value_f64", {i32(1), f64(1.25), f64(6.25)}), 8.75);
  EXPECT_EQ(callI32("then_value_many_locals", {i32(0), i32(3)}), 4842);
  EXPECT_EQ(callI32("then_value_many_locals", {i32(1), i32(3)}), 4647);
  // By exit: the early return; the loop's end; the break with its moves
  // (found, v); the break carrying 7000 to $exit; the branch to the function.
  const int32_t exits[][3] = {{-1, 0, -1},   {0, 3, 280},     {10, 3, 280},  {100, 9, 930},
                              {100, 16, 1640}, {100, 13, 1380}, {100, 3, 7210}, {22, 3, 7210},
                              {100, 98, 15},   {14, 98, 9780}};
  for (const auto& [n, v, expected] : exits) {
    EXPECT_EQ(callI32("cold_exits", {i32(n), i32(v)}), expected) << n << " " << v;
  }
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
