// Locals kept in registers for the whole function: their old values on the
// operand stack, calls of every kind, branches and traps.
#include <gtest/gtest.h>

#include "compiler_harness.h"

namespace kiln::test {
namespace {

class LocalHomesTest : public CompilerTest {
 protected:
  LocalHomesTest() : CompilerTest("local_homes") {}
};

TEST_P(LocalHomesTest, OldValueOnTheStackSurvivesAWrite) {
  EXPECT_EQ(call("old_value", {i32(3)}).i32, 63);
  EXPECT_EQ(call("old_value", {i32(1000)}).i32, 5504500);
  EXPECT_EQ(call("old_value_tee_block", {i32(5)}).i64, 48445);
  EXPECT_EQ(call("old_value_tee_block", {i32(77)}).i64, 3893065);
  EXPECT_EQ(asF64(call("old_value_float", {i32(9)})), 810.0);
}

TEST_P(LocalHomesTest, ThreeOperandFormsLeaveTheLocal) {
  EXPECT_EQ(call("three_operand", {i32(-1), i64(-1)}).i64, 12884901902);
  EXPECT_EQ(call("three_operand", {i32(INT32_MAX), i64(INT64_MAX)}).i64, 17179869198);
  EXPECT_EQ(call("three_operand", {i32(5), i64(-3)}).i64, 4294967394);
}

TEST_P(LocalHomesTest, InPlaceUpdateWithTheLocalOnTheRight) {
  EXPECT_EQ(call("in_place_swapped", {i32(1)}).i64, 4013367418);
  EXPECT_EQ(call("in_place_swapped", {i32(10)}).i64, 14835718801);
  EXPECT_EQ(call("in_place_swapped", {i32(30)}).i64, 5916715433970389923);
}

TEST_P(LocalHomesTest, ALoadOrLeaWritesTheSetLocalsHome) {
  // Expected values from Node (V8) running the same module.
  EXPECT_EQ(call("set_from_load", {i32(1)}).i64, 392);
  EXPECT_EQ(call("set_from_load", {i32(5)}).i64, 376647360);
  EXPECT_EQ(call("set_from_load", {i32(8)}).i64, 11220255467344);
  EXPECT_EQ(call("set_from_load", {i32(100)}).i64, 5361217047460601224);
}

TEST_P(LocalHomesTest, LocalsSurviveCallsAndLibcalls) {
  EXPECT_EQ(asF64(call("across_calls", {i32(3), i64(-7), f64(2.5)})), 403.375);
  EXPECT_EQ(asF64(call("across_calls", {i32(50), i64(12345), f64(0.375)})),
            -3806197480409853440.0);
}

TEST_P(LocalHomesTest, ALocalWrittenOnOnePathToALabelIsStoredBeforeTheNextCall) {
  // Expected values from Node (V8) running the same module.
  EXPECT_EQ(call("call_edges", {i32(1), i64(0)}).i64, 274);
  EXPECT_EQ(call("call_edges", {i32(7), i64(3)}).i64, 75688363914196);
  EXPECT_EQ(call("call_edges", {i32(40), i64(-12345)}).i64, 6481808793088825385);
  EXPECT_EQ(call("call_edges", {i32(100), i64(987654321)}).i64, 6985697489990575853);
}

TEST_P(LocalHomesTest, ALocalsValueBelowACallOrABlockIsReadWhereItStillHoldsIt) {
  // Expected values from Node (V8) running the same module.
  EXPECT_EQ(call("values_below", {i32(1)}).i64, 4307852200177);
  EXPECT_EQ(call("values_below", {i32(2)}).i64, 253403200893);
  EXPECT_EQ(call("values_below", {i32(5)}).i64, 4363686590553);
  EXPECT_EQ(call("values_below", {i32(100)}).i64, 9746509376204889);
}

TEST_P(LocalHomesTest, BranchesCarryLocals) {
  EXPECT_EQ(call("branches", {i32(1)}).i32, 7);
  EXPECT_EQ(call("branches", {i32(40)}).i32, 826);
}

TEST_P(LocalHomesTest, TrapLeavesTheHostAndLaterCallsWork) {
  for (int i = 0; i < 3; ++i) {
    auto outcome = wasm.call("trap_inside", {i32(3)});
    ASSERT_TRUE(outcome.trap);
    EXPECT_EQ(outcome.trap->code, TrapCode::IntegerDivisionByZero);
    EXPECT_EQ(call("old_value", {i32(3)}).i32, 63);
  }
}

TEST_P(LocalHomesTest, LocalsReadBeforeASetReadZero) {
  // $a is 0 or 7; $c is 1000 plus $b's first value (0) and its second (100).
  EXPECT_EQ(call("unset_locals_read_zero", {i32(0)}).i32, 1100);
  EXPECT_EQ(call("unset_locals_read_zero", {i32(1)}).i32, 1107);
}

INSTANTIATE_TEST_SUITE_P(Modes, LocalHomesTest, ::testing::ValuesIn(kCompilerModes),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace kiln::test
