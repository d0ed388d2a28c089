// Values of literals: integer ranges, float rounding and special values,
// string escapes.

#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "text/literals.h"

namespace kiln::text {
namespace {

uint64_t integer(std::string_view text, unsigned bits) {
  uint64_t value = 0;
  EXPECT_EQ(parseInteger(text, bits, value), LiteralError::None) << text;
  return value;
}

LiteralError integerError(std::string_view text, unsigned bits) {
  uint64_t value = 0;
  return parseInteger(text, bits, value);
}

uint32_t f32(std::string_view text) {
  uint32_t bits = 0;
  EXPECT_EQ(parseF32(text, bits), LiteralError::None) << text;
  return bits;
}

uint64_t f64(std::string_view text) {
  uint64_t bits = 0;
  EXPECT_EQ(parseF64(text, bits), LiteralError::None) << text;
  return bits;
}

LiteralError f32Error(std::string_view text) {
  uint32_t bits = 0;
  return parseF32(text, bits);
}

LiteralError f64Error(std::string_view text) {
  uint64_t bits = 0;
  return parseF64(text, bits);
}

TEST(Literals, IntegersTakeSignedAndUnsignedRanges) {
  EXPECT_EQ(integer("0", 32), 0u);
  EXPECT_EQ(integer("4294967295", 32), 0xFFFFFFFFu);
  EXPECT_EQ(integer("-2147483648", 32), 0x80000000u);
  EXPECT_EQ(integer("-1", 32), 0xFFFFFFFFu);
  EXPECT_EQ(integer("+0x7fff_ffff", 32), 0x7FFFFFFFu);
  EXPECT_EQ(integer("-0x8000_0000", 32), 0x80000000u);
  EXPECT_EQ(integer("1_000_000", 32), 1000000u);
  EXPECT_EQ(integer("0xffff_ffff_ffff_ffff", 64), UINT64_MAX);
  EXPECT_EQ(integer("-9223372036854775808", 64), 0x8000000000000000u);
  EXPECT_EQ(integer("255", 8), 255u);
  EXPECT_EQ(integer("-128", 8), 0x80u);
  EXPECT_EQ(integerError("4294967296", 32), LiteralError::OutOfRange);
  EXPECT_EQ(integerError("-2147483649", 32), LiteralError::OutOfRange);
  EXPECT_EQ(integerError("0x1_0000_0000_0000_0000", 64), LiteralError::OutOfRange);
  EXPECT_EQ(integerError("18446744073709551616", 64), LiteralError::OutOfRange);
  EXPECT_EQ(integerError("-9223372036854775809", 64), LiteralError::OutOfRange);
  EXPECT_EQ(integerError("256", 8), LiteralError::OutOfRange);
  EXPECT_EQ(integerError("-129", 8), LiteralError::OutOfRange);
  EXPECT_EQ(integerError("1.5", 32), LiteralError::Malformed);
  EXPECT_EQ(integerError(std::string(1000, '9'), 64), LiteralError::OutOfRange);
}

TEST(Literals, UnsignedRejectsSigns) {
  uint64_t value = 0;
  EXPECT_EQ(parseUnsigned("+1", UINT32_MAX, value), LiteralError::Malformed);
  EXPECT_EQ(parseUnsigned("0x1_0000_0000", UINT32_MAX, value), LiteralError::OutOfRange);
  EXPECT_EQ(parseUnsigned("0xffff_ffff", UINT32_MAX, value), LiteralError::None);
  EXPECT_EQ(value, 0xFFFFFFFFu);
}

TEST(Literals, DecimalFloatsRoundToNearestEven) {
  EXPECT_EQ(f32("1.5"), 0x3FC00000u);
  EXPECT_EQ(f32("-0"), 0x80000000u);
  EXPECT_EQ(f32("0.1"), 0x3DCCCCCDu);
  EXPECT_EQ(f32("1_000.5"), 0x447A2000u);
  EXPECT_EQ(f64("0.1"), 0x3FB999999999999Au);
  EXPECT_EQ(f64("1e308"), 0x7FE1CCF385EBC8A0u);
  // Halfway between 1 and the next float: ties to even, down.
  EXPECT_EQ(f32("1.000000059604644775390625"), 0x3F800000u);
  // Just above halfway: up.
  EXPECT_EQ(f32("1.00000005960464477539062500001"), 0x3F800001u);
  // The largest float, and a value that still rounds down to it.
  EXPECT_EQ(f32("3.4028234663852886e38"), 0x7F7FFFFFu);
  EXPECT_EQ(f32("3.4028235677973366e38"), 0x7F7FFFFFu);
  // Subnormals and underflow to zero are not errors.
  EXPECT_EQ(f32("1e-45"), 0x00000001u);
  EXPECT_EQ(f32("1e-50"), 0x00000000u);
  EXPECT_EQ(f64("-1e-400"), 0x8000000000000000u);
}

TEST(Literals, OverflowIsOutOfRange) {
  EXPECT_EQ(f32Error("1e39"), LiteralError::OutOfRange);
  EXPECT_EQ(f32Error("3.4028235677973367e38"), LiteralError::OutOfRange);
  EXPECT_EQ(f32Error("0x1p128"), LiteralError::OutOfRange);
  EXPECT_EQ(f32Error("0x1.ffffffp127"), LiteralError::OutOfRange);
  EXPECT_EQ(f64Error("1e309"), LiteralError::OutOfRange);
  EXPECT_EQ(f64Error("0x1p1024"), LiteralError::OutOfRange);
}

TEST(Literals, HexFloats) {
  EXPECT_EQ(f32("0x1p-1"), 0x3F000000u);
  EXPECT_EQ(f32("0x1.8p1"), 0x40400000u);
  EXPECT_EQ(f32("-0x1.fffffep127"), 0xFF7FFFFFu);
  EXPECT_EQ(f32("0x1p-149"), 0x00000001u);
  EXPECT_EQ(f32("0x1.fffffefffffffffffp127"), 0x7F7FFFFFu);  // rounds down, no overflow
  EXPECT_EQ(f32("0x1.000001p0"), 0x3F800000u);               // a tie: to even
  EXPECT_EQ(f32("0x1.000003p0"), 0x3F800002u);               // a tie: to even, up
  EXPECT_EQ(f32("0x1.0000010000000001p0"), 0x3F800001u);     // above the tie
  EXPECT_EQ(f64("0x1.fffffffffffffp1023"), 0x7FEFFFFFFFFFFFFFu);
  EXPECT_EQ(f64("0x0.0000000000001p-1022"), 0x0000000000000001u);
  EXPECT_EQ(f32("0x1_0000p-16"), 0x3F800000u);
  EXPECT_EQ(f32("0x10"), 0x41800000u);  // integer spellings are floats too
  EXPECT_EQ(f32("-7"), 0xC0E00000u);
}

TEST(Literals, InfinitiesAndNans) {
  EXPECT_EQ(f32("inf"), 0x7F800000u);
  EXPECT_EQ(f32("-inf"), 0xFF800000u);
  EXPECT_EQ(f32("nan"), 0x7FC00000u);
  EXPECT_EQ(f32("-nan"), 0xFFC00000u);
  EXPECT_EQ(f32("+nan:0x1"), 0x7F800001u);
  EXPECT_EQ(f32("nan:0x7f_ffff"), 0x7FFFFFFFu);
  EXPECT_EQ(f64("nan:0x8_0000_0000_0000"), 0x7FF8000000000000u);
  EXPECT_EQ(f64("-nan:0xf_ffff_ffff_ffff"), 0xFFFFFFFFFFFFFFFFu);
  EXPECT_EQ(f32Error("nan:0x0"), LiteralError::OutOfRange);
  EXPECT_EQ(f32Error("nan:0x80_0000"), LiteralError::OutOfRange);
  EXPECT_EQ(f64Error("nan:0x10_0000_0000_0000"), LiteralError::OutOfRange);
}

TEST(Literals, StringsDecodeEscapes) {
  std::string bytes;
  decodeString(R"("a\n\r\t\\\'\"\00\ff\u{41}\u{3bb}\u{1_F600}")", bytes);
  EXPECT_EQ(bytes, std::string("a\n\r\t\\'\"\0\xff" "A\xce\xbb\xf0\x9f\x98\x80", 16));
  std::vector<uint8_t> raw;
  decodeString(R"("\de\ad")", raw);
  EXPECT_EQ(raw, (std::vector<uint8_t>{0xDE, 0xAD}));
}

}  // namespace
}  // namespace kiln::text
