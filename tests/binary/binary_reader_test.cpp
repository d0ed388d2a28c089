#include "binary/binary_reader.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "kiln/utf8.h"

namespace kiln {
namespace {

// Runs `read` over `bytes` and returns the failure message ("" on success).
template <class Read>
std::string failureOf(const std::vector<uint8_t>& bytes, Read read) {
  BinaryReader reader(bytes, 0, bytes.size(), /*endIsSection=*/true);
  try {
    read(reader);
  } catch (const DecodeFailure& failure) {
    return failure.message;
  }
  return "";
}

BinaryReader readerOver(const std::vector<uint8_t>& bytes) {
  return BinaryReader(bytes, 0, bytes.size(), /*endIsSection=*/true);
}

TEST(BinaryReaderTest, U32AcceptsNonMinimalEncodings) {
  const std::vector<uint8_t> bytes{0x82, 0x80, 0x80, 0x80, 0x00};
  auto reader = readerOver(bytes);
  EXPECT_EQ(reader.readU32(), 2u);
  EXPECT_TRUE(reader.atEnd());
}

TEST(BinaryReaderTest, U32Extremes) {
  const std::vector<uint8_t> max{0xFF, 0xFF, 0xFF, 0xFF, 0x0F};
  EXPECT_EQ(readerOver(max).readU32(), UINT32_MAX);
  const std::vector<uint8_t> zero{0x00};
  EXPECT_EQ(readerOver(zero).readU32(), 0u);
}

TEST(BinaryReaderTest, U32TooLong) {
  const std::vector<uint8_t> bytes{0x80, 0x80, 0x80, 0x80, 0x80, 0x00};
  EXPECT_EQ(failureOf(bytes, [](BinaryReader& r) { r.readU32(); }),
            "integer representation too long");
}

TEST(BinaryReaderTest, U32UnusedBitsSet) {
  const std::vector<uint8_t> bytes{0xFF, 0xFF, 0xFF, 0xFF, 0x1F};
  EXPECT_EQ(failureOf(bytes, [](BinaryReader& r) { r.readU32(); }), "integer too large");
  const std::vector<uint8_t> high{0x80, 0x80, 0x80, 0x80, 0x70};
  EXPECT_EQ(failureOf(high, [](BinaryReader& r) { r.readU32(); }), "integer too large");
}

TEST(BinaryReaderTest, S32Extremes) {
  const std::vector<uint8_t> min{0x80, 0x80, 0x80, 0x80, 0x78};
  EXPECT_EQ(readerOver(min).readS32(), std::numeric_limits<int32_t>::min());
  const std::vector<uint8_t> max{0xFF, 0xFF, 0xFF, 0xFF, 0x07};
  EXPECT_EQ(readerOver(max).readS32(), std::numeric_limits<int32_t>::max());
  const std::vector<uint8_t> minusOne{0x7F};
  EXPECT_EQ(readerOver(minusOne).readS32(), -1);
  const std::vector<uint8_t> paddedMinusOne{0xFF, 0xFF, 0xFF, 0xFF, 0x7F};
  EXPECT_EQ(readerOver(paddedMinusOne).readS32(), -1);
}

TEST(BinaryReaderTest, S32UnusedBitsMustMatchSign) {
  // Positive value with sign-extension bits set, and negative with them clear.
  const std::vector<uint8_t> positive{0xFF, 0xFF, 0xFF, 0xFF, 0x4F};
  EXPECT_EQ(failureOf(positive, [](BinaryReader& r) { r.readS32(); }), "integer too large");
  const std::vector<uint8_t> negative{0x80, 0x80, 0x80, 0x80, 0x70};
  EXPECT_EQ(failureOf(negative, [](BinaryReader& r) { r.readS32(); }), "integer too large");
}

TEST(BinaryReaderTest, S32TooLong) {
  const std::vector<uint8_t> bytes{0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F};
  EXPECT_EQ(failureOf(bytes, [](BinaryReader& r) { r.readS32(); }),
            "integer representation too long");
}

TEST(BinaryReaderTest, S33CoversNegativeBlockTypesAndLargeIndices) {
  const std::vector<uint8_t> emptyBlock{0x40};
  EXPECT_EQ(readerOver(emptyBlock).readS33(), -64);
  const std::vector<uint8_t> maxIndex{0xFF, 0xFF, 0xFF, 0xFF, 0x0F};
  EXPECT_EQ(readerOver(maxIndex).readS33(), int64_t(UINT32_MAX));
  const std::vector<uint8_t> min{0x80, 0x80, 0x80, 0x80, 0x70};
  EXPECT_EQ(readerOver(min).readS33(), -(int64_t(1) << 32));
  const std::vector<uint8_t> tooLarge{0x80, 0x80, 0x80, 0x80, 0x20};
  EXPECT_EQ(failureOf(tooLarge, [](BinaryReader& r) { r.readS33(); }), "integer too large");
}

TEST(BinaryReaderTest, S64Extremes) {
  const std::vector<uint8_t> min{0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F};
  EXPECT_EQ(readerOver(min).readS64(), std::numeric_limits<int64_t>::min());
  const std::vector<uint8_t> max{0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00};
  EXPECT_EQ(readerOver(max).readS64(), std::numeric_limits<int64_t>::max());
}

TEST(BinaryReaderTest, S64UnusedBitsAndLength) {
  const std::vector<uint8_t> tooLarge{0x80, 0x80, 0x80, 0x80, 0x80,
                                      0x80, 0x80, 0x80, 0x80, 0x01};
  EXPECT_EQ(failureOf(tooLarge, [](BinaryReader& r) { r.readS64(); }), "integer too large");
  const std::vector<uint8_t> tooLong{0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
                                     0x80, 0x80, 0x80, 0x80, 0x00};
  EXPECT_EQ(failureOf(tooLong, [](BinaryReader& r) { r.readS64(); }),
            "integer representation too long");
}

TEST(BinaryReaderTest, TruncatedLebIsUnexpectedEnd) {
  const std::vector<uint8_t> bytes{0x80, 0x80};
  EXPECT_EQ(failureOf(bytes, [](BinaryReader& r) { r.readU32(); }),
            "unexpected end of section or function");
  BinaryReader moduleLevel(bytes, 0, bytes.size(), /*endIsSection=*/false);
  try {
    moduleLevel.readU32();
    FAIL() << "expected a failure";
  } catch (const DecodeFailure& failure) {
    EXPECT_EQ(failure.message, "unexpected end");
    EXPECT_EQ(failure.offset, 2u);
  }
}

TEST(BinaryReaderTest, LebCutByWindowReportsWhatFollows) {
  // The window ends after two bytes, but the buffer goes on with an overlong
  // encoding: the spec's decoder reads on and calls it too long.
  const std::vector<uint8_t> bytes{0x80, 0x80, 0x80, 0x80, 0x80, 0x00};
  BinaryReader reader(bytes, 0, 2, /*endIsSection=*/true);
  try {
    reader.readU32();
    FAIL() << "expected a failure";
  } catch (const DecodeFailure& failure) {
    EXPECT_EQ(failure.message, "integer representation too long");
  }
}

TEST(BinaryReaderTest, FloatsAreLittleEndian) {
  const std::vector<uint8_t> bytes{0x00, 0x00, 0x80, 0x3F, 1, 2, 3, 4, 5, 6, 7, 8};
  auto reader = readerOver(bytes);
  EXPECT_EQ(reader.readF32Bits(), 0x3F800000u);
  EXPECT_EQ(reader.readF64Bits(), 0x0807060504030201ull);
}

TEST(BinaryReaderTest, NameLengthBeyondWindow) {
  const std::vector<uint8_t> bytes{0x05, 'a', 'b'};
  EXPECT_NE(failureOf(bytes, [](BinaryReader& r) { r.readName(); }).find("length out of bounds"),
            std::string::npos);
}

TEST(BinaryReaderTest, NameMustBeUtf8) {
  const std::vector<uint8_t> good{0x03, 0xE2, 0x82, 0xAC};
  EXPECT_EQ(readerOver(good).readName(), "\xE2\x82\xAC");
  const std::vector<uint8_t> bad{0x01, 0xFF};
  EXPECT_EQ(failureOf(bad, [](BinaryReader& r) { r.readName(); }), "malformed UTF-8 encoding");
}

TEST(BinaryReaderTest, ValueAndReferenceTypes) {
  const std::vector<uint8_t> bytes{0x7F, 0x7B, 0x6F};
  auto reader = readerOver(bytes);
  EXPECT_EQ(reader.readValType(), ValType::I32);
  EXPECT_EQ(reader.readValType(), ValType::V128);
  EXPECT_EQ(reader.readRefType(), ValType::ExternRef);
  const std::vector<uint8_t> notRef{0x7F};
  EXPECT_EQ(failureOf(notRef, [](BinaryReader& r) { r.readRefType(); }),
            "malformed reference type");
  const std::vector<uint8_t> notValue{0x60};
  EXPECT_EQ(failureOf(notValue, [](BinaryReader& r) { r.readValType(); }), "malformed value type");
}

bool utf8(std::vector<uint8_t> bytes) { return isValidUtf8(bytes); }

TEST(Utf8Test, AcceptsWellFormed) {
  EXPECT_TRUE(utf8({}));
  EXPECT_TRUE(utf8({'a', 'b'}));
  EXPECT_TRUE(utf8({0xC2, 0x80}));              // U+0080
  EXPECT_TRUE(utf8({0xED, 0x9F, 0xBF}));        // U+D7FF
  EXPECT_TRUE(utf8({0xEE, 0x80, 0x80}));        // U+E000
  EXPECT_TRUE(utf8({0xF4, 0x8F, 0xBF, 0xBF}));  // U+10FFFF
}

TEST(Utf8Test, RejectsMalformed) {
  EXPECT_FALSE(utf8({0x80}));                    // lone continuation byte
  EXPECT_FALSE(utf8({0xC0, 0x80}));              // overlong NUL
  EXPECT_FALSE(utf8({0xE0, 0x9F, 0xBF}));        // overlong 3-byte
  EXPECT_FALSE(utf8({0xF0, 0x8F, 0xBF, 0xBF}));  // overlong 4-byte
  EXPECT_FALSE(utf8({0xED, 0xA0, 0x80}));        // surrogate U+D800
  EXPECT_FALSE(utf8({0xF4, 0x90, 0x80, 0x80}));  // above U+10FFFF
  EXPECT_FALSE(utf8({0xE2, 0x82}));              // truncated
  EXPECT_FALSE(utf8({0xC2, 0x41}));              // bad continuation
  EXPECT_FALSE(utf8({0xF8, 0x88, 0x80, 0x80, 0x80}));  // 5-byte form
  EXPECT_FALSE(utf8({0xFF}));
}

}  // namespace
}  // namespace kiln
