// Numeric instructions of every family, with their edge cases.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "compiler_harness.h"

namespace kiln::test {
namespace {

class NumericTest : public CompilerTest {
 protected:
  NumericTest() : CompilerTest("numeric") {}
};

constexpr int32_t kMin32 = std::numeric_limits<int32_t>::min();
constexpr int64_t kMin64 = std::numeric_limits<int64_t>::min();

TEST_P(NumericTest, IntegerArithmetic) {
  EXPECT_EQ(callI32("i32.add", {i32(0x7FFFFFFF), i32(1)}), kMin32);
  EXPECT_EQ(callI32("i32.sub_const", {i32(5)}), -2);
  EXPECT_EQ(callI32("i32.mul", {i32(-3), i32(7)}), -21);
  EXPECT_EQ(callI32("i32.div_s", {i32(-7), i32(2)}), -3);
  EXPECT_EQ(callI32("i32.div_u", {i32(-7), i32(2)}), 0x7FFFFFFC);
  EXPECT_EQ(callI32("i32.rem_s", {i32(-7), i32(2)}), -1);
  EXPECT_EQ(callI32("i32.rem_s", {i32(kMin32), i32(-1)}), 0);
  EXPECT_EQ(callI32("i32.rem_u", {i32(-7), i32(2)}), 1);
  EXPECT_EQ(callI64("i64.div_s", {i64(kMin64), i64(2)}), kMin64 / 2);
  EXPECT_EQ(callI64("i64.rem_s", {i64(kMin64), i64(-1)}), 0);
}

TEST_P(NumericTest, IntegerTraps) {
  EXPECT_EQ(trapOf("i32.div_s", {i32(kMin32), i32(-1)}), TrapCode::IntegerOverflow);
  EXPECT_EQ(trapOf("i32.div_s", {i32(1), i32(0)}), TrapCode::IntegerDivisionByZero);
  EXPECT_EQ(trapOf("i32.div_u", {i32(1), i32(0)}), TrapCode::IntegerDivisionByZero);
  EXPECT_EQ(trapOf("i32.rem_u", {i32(1), i32(0)}), TrapCode::IntegerDivisionByZero);
  EXPECT_EQ(trapOf("i64.div_s", {i64(kMin64), i64(-1)}), TrapCode::IntegerOverflow);
  EXPECT_EQ(trapOf("i64.rem_s", {i64(3), i64(0)}), TrapCode::IntegerDivisionByZero);
}

TEST_P(NumericTest, ShiftsMaskTheirCount) {
  EXPECT_EQ(callI32("i32.shl", {i32(1), i32(33)}), 2);
  EXPECT_EQ(callI32("i32.shr_s", {i32(-8), i32(1)}), -4);
  EXPECT_EQ(callI32("i32.shr_u_const", {i32(-8)}), 0x7FFFFFFC);
  EXPECT_EQ(callI64("i64.rotl", {i64(int64_t(0x8000000000000001ull)), i64(65)}), 3);
  EXPECT_EQ(callI32("i32.rotr", {i32(1), i32(1)}), kMin32);
}

TEST_P(NumericTest, AShiftAddedToABaseWrapsAtItsWidth) {
  // Expected values from Node (V8) running the same module.
  EXPECT_EQ(callI32("i32.scaled_add", {i32(int32_t(0xFFFFFFF0)), i32(0x40000005)}), 4);
  EXPECT_EQ(callI32("i32.scaled_add", {i32(100), i32(-1)}), 96);
  EXPECT_EQ(callI32("i32.scaled_add_load", {i32(int32_t(0xFFFFFFF0)), i32(0x40000005)}), 42);
  EXPECT_EQ(callI64("i64.scaled_add", {i64(0x7FFFFFFFFFFFFFF0), i64(0x2000000000000003)}),
            -9223372036854775800);
  EXPECT_EQ(callI64("i64.scaled_add", {i64(-8), i64(1)}), 0);
  EXPECT_EQ(callI32("i32.scaled_add_const_base", {i32(5)}), 4);
  EXPECT_EQ(callI32("i32.scaled_add_const_base", {i32(0x40000003)}), -4);
  EXPECT_EQ(callI32("scaled_add_loop", {i32(0x12345678), i32(0x9abcdef), i32(10)}), -2035807015);
  EXPECT_EQ(callI32("scaled_add_loop", {i32(-7), i32(0x7fffffff), i32(1000)}), 18508);
}

TEST_P(NumericTest, BitCounts) {
  EXPECT_EQ(callI32("i32.clz", {i32(0)}), 32);
  EXPECT_EQ(callI32("i32.clz", {i32(1)}), 31);
  EXPECT_EQ(callI64("i64.ctz", {i64(0)}), 64);
  EXPECT_EQ(callI64("i64.ctz", {i64(0x100)}), 8);
  EXPECT_EQ(callI64("i64.popcnt", {i64(-1)}), 64);
  EXPECT_EQ(callI64("i64.popcnt", {i64(0x1010)}), 2);
}

TEST_P(NumericTest, Compares) {
  EXPECT_EQ(callI32("i32.lt_s", {i32(-1), i32(0)}), 1);
  EXPECT_EQ(callI32("i32.lt_s", {i32(0), i32(-1)}), 0);
  EXPECT_EQ(callI32("i64.ge_u", {i64(-1), i64(0)}), 1);
  EXPECT_EQ(callI32("i32.eqz", {i32(0)}), 1);
  EXPECT_EQ(callI32("i32.eqz", {i32(5)}), 0);
  EXPECT_EQ(callI32("const_lt", {i32(6)}), 1);
  EXPECT_EQ(callI32("const_lt", {i32(5)}), 0);
  double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(callI32("f64.lt", {f64(1), f64(2)}), 1);
  EXPECT_EQ(callI32("f64.lt", {f64(nan), f64(2)}), 0);
  EXPECT_EQ(callI32("f32.eq", {f32(-0.0f), f32(0.0f)}), 1);
  EXPECT_EQ(callI32("f32.eq", {f32(NAN), f32(NAN)}), 0);
  EXPECT_EQ(callI32("f64.ne", {f64(nan), f64(nan)}), 1);
}

TEST_P(NumericTest, SignExtension) {
  EXPECT_EQ(callI64("i64.extend8_s", {i64(0x80)}), -128);
  EXPECT_EQ(callI32("i32.extend16_s", {i32(0x18000)}), -32768);
  EXPECT_EQ(callI64("i64.extend_i32_s", {i32(-5)}), -5);
  EXPECT_EQ(callI32("i32.wrap_i64", {i64(0x100000005)}), 5);
}

TEST_P(NumericTest, FloatArithmetic) {
  EXPECT_EQ(callF32("f32.add", {f32(1.5f), f32(2.25f)}), 3.75f);
  EXPECT_EQ(callF64("f64.div", {f64(1), f64(4)}), 0.25);
  EXPECT_TRUE(std::signbit(callF32("f32.min", {f32(0.0f), f32(-0.0f)})));
  EXPECT_FALSE(std::signbit(callF64("f64.max", {f64(-0.0), f64(0.0)})));
  EXPECT_TRUE(std::isnan(callF32("f32.min", {f32(NAN), f32(1.0f)})));
  EXPECT_TRUE(std::isnan(callF64("f64.max", {f64(1.0), f64(NAN)})));
  EXPECT_EQ(callF32("f32.min", {f32(3.0f), f32(-2.0f)}), -2.0f);
  EXPECT_EQ(callF64("f64.copysign", {f64(2.5), f64(-0.0)}), -2.5);
  EXPECT_EQ(callF32("f32.neg", {f32(1.0f)}), -1.0f);
  EXPECT_EQ(callF64("f64.abs", {f64(-3.0)}), 3.0);
  EXPECT_EQ(callF64("f64.sqrt", {f64(16.0)}), 4.0);
}

TEST_P(NumericTest, Rounding) {
  EXPECT_EQ(callF64("f64.nearest", {f64(2.5)}), 2.0);
  EXPECT_EQ(callF64("f64.nearest", {f64(3.5)}), 4.0);
  EXPECT_TRUE(std::signbit(callF64("f64.nearest", {f64(-0.4)})));
  EXPECT_EQ(callF32("f32.floor", {f32(-1.5f)}), -2.0f);
}

TEST_P(NumericTest, Conversions) {
  EXPECT_EQ(callI32("i32.trunc_f32_s", {f32(-2147483648.0f)}), kMin32);
  EXPECT_EQ(callI32("i32.trunc_f32_s", {f32(-1.9f)}), -1);
  EXPECT_EQ(trapOf("i32.trunc_f32_s", {f32(2147483648.0f)}), TrapCode::IntegerOverflow);
  EXPECT_EQ(trapOf("i32.trunc_f32_s", {f32(NAN)}), TrapCode::BadConversionToInteger);
  EXPECT_EQ(callI32("i32.trunc_f64_u", {f64(4294967295.9)}), -1);
  EXPECT_EQ(callI32("i32.trunc_f64_u", {f64(-0.9)}), 0);
  EXPECT_EQ(trapOf("i32.trunc_f64_u", {f64(-1.0)}), TrapCode::IntegerOverflow);
  EXPECT_EQ(callI64("i64.trunc_f64_u", {f64(18446744073709549568.0)}), int64_t(0xFFFFFFFFFFFFF800ull));
  EXPECT_EQ(callI64("i64.trunc_f64_u", {f64(9223372036854775808.0)}), kMin64);
  EXPECT_EQ(callI32("i32.trunc_sat_f64_s", {f64(1e10)}), 0x7FFFFFFF);
  EXPECT_EQ(callI32("i32.trunc_sat_f64_s", {f64(-1e10)}), kMin32);
  EXPECT_EQ(callI32("i32.trunc_sat_f64_s", {f64(NAN)}), 0);
  EXPECT_EQ(callI64("i64.trunc_sat_f32_u", {f32(-5.0f)}), 0);
  EXPECT_EQ(callI64("i64.trunc_sat_f32_u", {f32(1e30f)}), -1);
  EXPECT_EQ(callF64("f64.convert_i64_u", {i64(-1)}), 18446744073709551616.0);
  EXPECT_EQ(callF32("f32.convert_i32_u", {i32(-1)}), 4294967296.0f);
  EXPECT_EQ(callF32("f32.demote_f64", {f64(0.5)}), 0.5f);
  EXPECT_EQ(callI64("i64.reinterpret_f64", {f64(-0.0)}), kMin64);
}

INSTANTIATE_TEST_SUITE_P(Modes, NumericTest, ::testing::ValuesIn(kCompilerModes),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace kiln::test
