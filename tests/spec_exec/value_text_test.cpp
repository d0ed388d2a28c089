#include "wast/value_text.h"

#include <gtest/gtest.h>

namespace kiln {
namespace {

uint32_t i32Bits(std::string_view text) {
  auto value = parseValue(ValType::I32, text);
  EXPECT_TRUE(value) << text;
  return value ? uint32_t(value->i32()) : 0;
}

uint64_t i64Bits(std::string_view text) {
  auto value = parseValue(ValType::I64, text);
  EXPECT_TRUE(value) << text;
  return value ? uint64_t(value->i64()) : 0;
}

TEST(ParseValue, I32AcceptsSignedUnsignedAndHex) {
  EXPECT_EQ(i32Bits("0"), 0u);
  EXPECT_EQ(i32Bits("42"), 42u);
  EXPECT_EQ(i32Bits("-1"), 0xffffffffu);
  EXPECT_EQ(i32Bits("+7"), 7u);
  EXPECT_EQ(i32Bits("4294967295"), 0xffffffffu);
  EXPECT_EQ(i32Bits("-2147483648"), 0x80000000u);
  EXPECT_EQ(i32Bits("0x7fffffff"), 0x7fffffffu);
  EXPECT_EQ(i32Bits("0XFFFFFFFF"), 0xffffffffu);
  EXPECT_EQ(i32Bits("-0x1"), 0xffffffffu);
}

TEST(ParseValue, I32RejectsOutOfRangeAndGarbage) {
  for (const char* text : {"4294967296", "-2147483649", "0x100000000", "", "-", "0x", "1x",
                           "12 ", "1.5", "--1", "+-1", "abc"}) {
    EXPECT_FALSE(parseValue(ValType::I32, text)) << text;
  }
}

TEST(ParseValue, I64CoversTheWholeRange) {
  EXPECT_EQ(i64Bits("18446744073709551615"), ~uint64_t(0));
  EXPECT_EQ(i64Bits("-9223372036854775808"), uint64_t(1) << 63);
  EXPECT_EQ(i64Bits("0x8000000000000000"), uint64_t(1) << 63);
  EXPECT_FALSE(parseValue(ValType::I64, "18446744073709551616"));
  EXPECT_FALSE(parseValue(ValType::I64, "-9223372036854775809"));
}

TEST(ParseValue, FloatsKeepExactBits) {
  EXPECT_EQ(parseValue(ValType::F32, "1.5")->f32Bits(), 0x3fc00000u);
  EXPECT_EQ(parseValue(ValType::F32, "-0")->f32Bits(), 0x80000000u);
  EXPECT_EQ(parseValue(ValType::F32, "0x1p-1")->f32Bits(), 0x3f000000u);
  EXPECT_EQ(parseValue(ValType::F32, "-0x1.8p1")->f32Bits(), 0xc0400000u);
  EXPECT_EQ(parseValue(ValType::F32, "0.1")->f32Bits(), 0x3dcccccdu);
  EXPECT_EQ(parseValue(ValType::F64, "0.1")->f64Bits(), 0x3fb999999999999aull);
  EXPECT_EQ(parseValue(ValType::F64, "1e308")->f64Bits(), 0x7fe1ccf385ebc8a0ull);
}

TEST(ParseValue, FloatSpecialValues) {
  EXPECT_EQ(parseValue(ValType::F32, "inf")->f32Bits(), 0x7f800000u);
  EXPECT_EQ(parseValue(ValType::F32, "-inf")->f32Bits(), 0xff800000u);
  EXPECT_EQ(parseValue(ValType::F32, "nan")->f32Bits(), 0x7fc00000u);
  EXPECT_EQ(parseValue(ValType::F32, "-nan")->f32Bits(), 0xffc00000u);
  EXPECT_EQ(parseValue(ValType::F32, "nan:0x1")->f32Bits(), 0x7f800001u);
  EXPECT_EQ(parseValue(ValType::F64, "nan")->f64Bits(), 0x7ff8000000000000ull);
  EXPECT_EQ(parseValue(ValType::F64, "-nan:0x4")->f64Bits(), 0xfff0000000000004ull);
}

TEST(ParseValue, FloatRejectsGarbageAndBadPayloads) {
  for (const char* text : {"", "x", "1.5.", "nan:0", "nan:0x0", "nan:0x800000", "nan:12",
                           "--1", "1.5f", "infinite", "+-inf"}) {
    EXPECT_FALSE(parseValue(ValType::F32, text)) << text;
  }
  EXPECT_FALSE(parseValue(ValType::F64, "nan:0x10000000000000"));
}

TEST(ParseValue, ReferencesAcceptOnlyNull) {
  auto null = parseValue(ValType::ExternRef, "null");
  ASSERT_TRUE(null);
  EXPECT_TRUE(null->isNullRef());
  EXPECT_EQ(null->type(), ValType::ExternRef);
  EXPECT_FALSE(parseValue(ValType::FuncRef, "0"));
}

TEST(ParseValue, V128AsI32x4Lanes) {
  auto value = parseValue(ValType::V128, "i32x4 1 -2 0xab000000 4294967295");
  ASSERT_TRUE(value) << value.error();
  V128 bytes{};
  bytes[0] = 1;
  bytes[4] = 0xfe;
  bytes[5] = bytes[6] = bytes[7] = 0xff;
  bytes[11] = 0xab;
  bytes[12] = bytes[13] = bytes[14] = bytes[15] = 0xff;
  EXPECT_EQ(*value, Val::v128(bytes));
  EXPECT_EQ(formatValue(*value), "i32x4 0x00000001 0xfffffffe 0xab000000 0xffffffff");
  auto again = parseValue(ValType::V128, formatValue(*value));
  ASSERT_TRUE(again) << again.error();
  EXPECT_EQ(*again, *value);
  for (const char* text : {"0", "i32x4", "i32x4 1 2 3", "i32x4 1 2 3 4 5", "i32x4 1 2 3 x",
                           "i32x4 1  2 3 4", "i64x2 1 2", "i32x4 1 2 3 4294967296"}) {
    EXPECT_FALSE(parseValue(ValType::V128, text)) << text;
  }
}

TEST(FormatValue, IntegersAreSignedDecimal) {
  EXPECT_EQ(formatValue(Val::i32(-1)), "-1");
  EXPECT_EQ(formatValue(Val::i32(42)), "42");
  EXPECT_EQ(formatValue(Val::i64(INT64_MIN)), "-9223372036854775808");
}

TEST(FormatValue, FloatsRoundTripShortest) {
  EXPECT_EQ(formatValue(Val::f32(1.5f)), "1.5");
  EXPECT_EQ(formatValue(Val::f32(0.1f)), "0.1");
  EXPECT_EQ(formatValue(Val::f64(0.1)), "0.1");
  EXPECT_EQ(formatValue(Val::f32Bits(0x80000000u)), "-0");
  EXPECT_EQ(formatValue(Val::f32Bits(0x7f800000u)), "inf");
  EXPECT_EQ(formatValue(Val::f64Bits(0xfff0000000000000ull)), "-inf");
  EXPECT_EQ(formatValue(Val::f32Bits(0x7fc00000u)), "nan");
  EXPECT_EQ(formatValue(Val::f32Bits(0xffc00000u)), "-nan");
  EXPECT_EQ(formatValue(Val::f32Bits(0x7fa00000u)), "nan:0x200000");
  EXPECT_EQ(formatValue(Val::f64Bits(0x7ff0000000000001ull)), "nan:0x1");
}

TEST(FormatValue, ParseOfFormatGivesTheSameBits) {
  for (uint32_t bits : {0x00000001u, 0x3f800001u, 0x7f7fffffu, 0xff7fffffu, 0x7fc00001u}) {
    Val value = Val::f32Bits(bits);
    EXPECT_EQ(parseValue(ValType::F32, formatValue(value))->f32Bits(), bits);
  }
  for (uint64_t bits : {0x0000000000000001ull, 0x3ff0000000000001ull, 0xfff8000000000001ull}) {
    Val value = Val::f64Bits(bits);
    EXPECT_EQ(parseValue(ValType::F64, formatValue(value))->f64Bits(), bits);
  }
}

TEST(FormatValue, V128AndReferences) {
  V128 bytes{};
  bytes[0] = 0x01;
  bytes[15] = 0xab;
  EXPECT_EQ(formatValue(Val::v128(bytes)), "i32x4 0x00000001 0x00000000 0x00000000 0xab000000");
  EXPECT_EQ(formatValue(Val::nullRef(ValType::FuncRef)), "null");
  EXPECT_EQ(formatValue(hostExternRef(0)), "ref.extern 0");
  EXPECT_FALSE(hostExternRef(0).isNullRef());
  EXPECT_EQ(formatValue(hostExternRef(7)), "ref.extern 7");
}

TEST(DescribeValue, ShowsTypeAndFloatBits) {
  EXPECT_EQ(describeValue(Val::i32(-1)), "i32:-1");
  EXPECT_EQ(describeValue(Val::f32(1.5f)), "f32:1.5 (0x3fc00000)");
  EXPECT_EQ(describeValue(Val::f64Bits(0x7ff8000000000000ull)), "f64:nan (0x7ff8000000000000)");
}

}  // namespace
}  // namespace kiln
