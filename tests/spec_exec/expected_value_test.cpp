#include "wast/expected_value.h"

#include <gtest/gtest.h>

#include "wast/trap_text.h"
#include "wast/value_text.h"

namespace kiln {
namespace {

ExpectedValue nan32(NanPattern pattern) {
  ExpectedValue expected = ExpectedValue::exact(Val::f32Bits(0));
  expected.nan = pattern;
  return expected;
}

ExpectedValue nan64(NanPattern pattern) {
  ExpectedValue expected = ExpectedValue::exact(Val::f64Bits(0));
  expected.nan = pattern;
  return expected;
}

TEST(NanPattern, CanonicalIsExactlyTheQuietBitEitherSign) {
  EXPECT_TRUE(matchesNanPattern32(0x7fc00000u, NanPattern::Canonical));
  EXPECT_TRUE(matchesNanPattern32(0xffc00000u, NanPattern::Canonical));
  EXPECT_FALSE(matchesNanPattern32(0x7fc00001u, NanPattern::Canonical));
  EXPECT_FALSE(matchesNanPattern32(0x7fa00000u, NanPattern::Canonical));
  EXPECT_FALSE(matchesNanPattern32(0x7f800000u, NanPattern::Canonical));
  EXPECT_TRUE(matchesNanPattern64(0x7ff8000000000000ull, NanPattern::Canonical));
  EXPECT_TRUE(matchesNanPattern64(0xfff8000000000000ull, NanPattern::Canonical));
  EXPECT_FALSE(matchesNanPattern64(0x7ff8000000000001ull, NanPattern::Canonical));
}

TEST(NanPattern, ArithmeticIsAnyQuietNan) {
  EXPECT_TRUE(matchesNanPattern32(0x7fc00000u, NanPattern::Arithmetic));
  EXPECT_TRUE(matchesNanPattern32(0xffc00001u, NanPattern::Arithmetic));
  EXPECT_TRUE(matchesNanPattern32(0x7fffffffu, NanPattern::Arithmetic));
  EXPECT_FALSE(matchesNanPattern32(0x7fa00000u, NanPattern::Arithmetic));  // signalling
  EXPECT_FALSE(matchesNanPattern32(0x7f800000u, NanPattern::Arithmetic));  // infinity
  EXPECT_FALSE(matchesNanPattern32(0x3fc00000u, NanPattern::Arithmetic));
  EXPECT_TRUE(matchesNanPattern64(0x7ffc000000000000ull, NanPattern::Arithmetic));
  EXPECT_FALSE(matchesNanPattern64(0x7ff4000000000000ull, NanPattern::Arithmetic));
  EXPECT_FALSE(matchesNanPattern32(0x7fc00000u, NanPattern::None));
}

TEST(Matches, FloatsCompareBitsNotValues) {
  EXPECT_TRUE(matches(ExpectedValue::exact(Val::f32(1.5f)), Val::f32(1.5f)));
  EXPECT_FALSE(matches(ExpectedValue::exact(Val::f32Bits(0)), Val::f32Bits(0x80000000u)));
  EXPECT_TRUE(matches(ExpectedValue::exact(Val::f32Bits(0x7fc00001u)), Val::f32Bits(0x7fc00001u)));
  EXPECT_FALSE(matches(ExpectedValue::exact(Val::f32Bits(0x7fc00001u)), Val::f32Bits(0x7fc00000u)));
  EXPECT_TRUE(matches(nan32(NanPattern::Canonical), Val::f32Bits(0xffc00000u)));
  EXPECT_FALSE(matches(nan32(NanPattern::Canonical), Val::f32Bits(0x7fc00001u)));
  EXPECT_TRUE(matches(nan64(NanPattern::Arithmetic), Val::f64Bits(0x7ff8000000000001ull)));
  EXPECT_FALSE(matches(nan64(NanPattern::Arithmetic), Val::f64Bits(0x3ff0000000000000ull)));
}

TEST(Matches, TypeMustAgree) {
  EXPECT_FALSE(matches(ExpectedValue::exact(Val::i32(0)), Val::i64(0)));
  EXPECT_FALSE(matches(nan32(NanPattern::Arithmetic), Val::f64Bits(0x7ff8000000000000ull)));
  EXPECT_FALSE(matches(ExpectedValue::exact(Val::i32(0)), Val::f32Bits(0)));
}

TEST(Matches, V128FloatLanesTakePatterns) {
  V128 want{};  // lanes 0 and 2 are patterns, 1 = 1.0f, 3 = 0
  uint32_t one = 0x3f800000u;
  std::memcpy(want.data() + 4, &one, 4);
  ExpectedValue expected = ExpectedValue::exact(Val::v128(want));
  expected.shape = LaneShape::F32x4;
  expected.laneNans = {NanPattern::Canonical, NanPattern::None, NanPattern::Arithmetic,
                       NanPattern::None};

  uint32_t lanes[4] = {0xffc00000u, one, 0x7fc12345u, 0};
  V128 got;
  std::memcpy(got.data(), lanes, 16);
  EXPECT_TRUE(matches(expected, Val::v128(got)));

  lanes[2] = 0x7f812345u;  // a signalling NaN is not arithmetic
  std::memcpy(got.data(), lanes, 16);
  EXPECT_FALSE(matches(expected, Val::v128(got)));

  lanes[2] = 0x7fc00000u;
  lanes[1] = 0x3f800001u;  // an exact lane differs by one bit
  std::memcpy(got.data(), lanes, 16);
  EXPECT_FALSE(matches(expected, Val::v128(got)));
  EXPECT_EQ(describeExpected(expected), "v128:f32x4 [nan:canonical 1 nan:arithmetic 0]");
}

TEST(Matches, V128F64LanesAndIntegerShapes) {
  uint64_t wantLanes[2] = {0, 0x4000000000000000ull};
  V128 want;
  std::memcpy(want.data(), wantLanes, 16);
  ExpectedValue expected = ExpectedValue::exact(Val::v128(want));
  expected.shape = LaneShape::F64x2;
  expected.laneNans = {NanPattern::Arithmetic, NanPattern::None, NanPattern::None,
                       NanPattern::None};
  uint64_t gotLanes[2] = {0xfff8000000000000ull, 0x4000000000000000ull};
  V128 got;
  std::memcpy(got.data(), gotLanes, 16);
  EXPECT_TRUE(matches(expected, Val::v128(got)));

  ExpectedValue integer = ExpectedValue::exact(Val::v128(want));
  integer.shape = LaneShape::I16x8;
  EXPECT_TRUE(matches(integer, Val::v128(want)));
  EXPECT_FALSE(matches(integer, Val::v128(got)));
  EXPECT_EQ(describeActual(Val::v128(want), integer),
            "v128:i16x8 [0x0 0x0 0x0 0x0 0x0 0x0 0x0 0x4000]");
}

TEST(Matches, References) {
  ExpectedValue anyFunc = ExpectedValue::exact(Val::nullRef(ValType::FuncRef));
  anyFunc.anyNonNullFunc = true;
  int target = 0;
  Val someFunc = Val::ref(ValType::FuncRef, &target);
  EXPECT_TRUE(matches(anyFunc, someFunc));
  EXPECT_FALSE(matches(anyFunc, Val::nullRef(ValType::FuncRef)));
  EXPECT_TRUE(matches(ExpectedValue::exact(Val::nullRef(ValType::FuncRef)),
                      Val::nullRef(ValType::FuncRef)));
  EXPECT_FALSE(matches(ExpectedValue::exact(Val::nullRef(ValType::FuncRef)), someFunc));
  EXPECT_FALSE(matches(ExpectedValue::exact(Val::nullRef(ValType::ExternRef)),
                       Val::nullRef(ValType::FuncRef)));
  EXPECT_TRUE(matches(ExpectedValue::exact(hostExternRef(3)), hostExternRef(3)));
  EXPECT_FALSE(matches(ExpectedValue::exact(hostExternRef(3)), hostExternRef(4)));
  EXPECT_FALSE(matches(ExpectedValue::exact(hostExternRef(0)), Val::nullRef(ValType::ExternRef)));
}

TEST(TrapText, TheCodesWordingOrTheSuitesOtherWordings) {
  EXPECT_TRUE(trapMatchesText(TrapCode::TableAccessOutOfBounds, "out of bounds table access"));
  EXPECT_TRUE(trapMatchesText(TrapCode::TableAccessOutOfBounds, "undefined element"));
  EXPECT_FALSE(trapMatchesText(TrapCode::TableAccessOutOfBounds, "uninitialized element"));
  EXPECT_TRUE(trapMatchesText(TrapCode::IndirectCallToNull, "uninitialized element"));
  EXPECT_TRUE(trapMatchesText(TrapCode::IndirectCallToNull, "uninitialized element 2"));
  EXPECT_FALSE(trapMatchesText(TrapCode::IndirectCallToNull, "undefined element"));
  EXPECT_TRUE(trapMatchesText(TrapCode::IntegerDivisionByZero, "integer divide by zero"));
  EXPECT_FALSE(trapMatchesText(TrapCode::IntegerDivisionByZero, "integer overflow"));
  // A host function's trap of code Unreachable may say anything; the code decides.
  EXPECT_FALSE(trapMatchesText(TrapCode::Unreachable, "integer overflow"));
  EXPECT_TRUE(trapMatchesText(TrapCode::Unreachable, "unreachable"));
}

}  // namespace
}  // namespace kiln
