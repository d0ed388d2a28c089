#include "binary/instruction_reader.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace kiln {
namespace {

// Decodes every instruction of `bytes`.
std::vector<Instruction> decodeAll(const std::vector<uint8_t>& bytes) {
  InstructionReader reader(bytes, 0, bytes.size());
  std::vector<Instruction> out;
  while (!reader.atEnd()) out.push_back(reader.next());
  return out;
}

// The failure message of decoding `bytes`, or "" when all decode.
std::string failureOf(const std::vector<uint8_t>& bytes) {
  try {
    decodeAll(bytes);
  } catch (const DecodeFailure& failure) {
    return failure.message;
  }
  return "";
}

TEST(InstructionReaderTest, ConstantsAndOffsets) {
  const auto instrs = decodeAll({0x41, 0x7F, 0x42, 0x80, 0x01, 0x43, 0x00, 0x00, 0x80, 0x3F,
                                 0x6A, 0x0B});
  ASSERT_EQ(instrs.size(), 5u);
  EXPECT_EQ(instrs[0].opcode, Opcode::I32Const);
  EXPECT_EQ(int64_t(instrs[0].value), -1);
  EXPECT_EQ(instrs[1].opcode, Opcode::I64Const);
  EXPECT_EQ(instrs[1].value, 128u);
  EXPECT_EQ(instrs[1].offset, 2u);
  EXPECT_EQ(instrs[2].opcode, Opcode::F32Const);
  EXPECT_EQ(instrs[2].value, 0x3F800000u);
  EXPECT_EQ(instrs[3].opcode, Opcode::I32Add);
  EXPECT_EQ(instrs[4].opcode, Opcode::End);
}

TEST(InstructionReaderTest, BlockTypes) {
  const auto instrs = decodeAll({0x02, 0x40, 0x03, 0x7E, 0x04, 0x05});
  ASSERT_EQ(instrs.size(), 3u);
  EXPECT_EQ(instrs[0].blockType.kind, BlockType::Kind::Empty);
  EXPECT_EQ(instrs[1].blockType.kind, BlockType::Kind::Value);
  EXPECT_EQ(instrs[1].blockType.value, ValType::I64);
  EXPECT_EQ(instrs[2].blockType.kind, BlockType::Kind::TypeIndex);
  EXPECT_EQ(instrs[2].blockType.typeIndex, 5u);
  EXPECT_EQ(failureOf({0x02, 0x60}), "malformed value type");
}

TEST(InstructionReaderTest, BrTableTargets) {
  // brTargets points into the reader, so inspect it while the reader lives.
  const std::vector<uint8_t> bytes{0x0E, 0x02, 0x00, 0x01, 0x02};
  InstructionReader reader(bytes, 0, bytes.size());
  const Instruction& instr = reader.next();
  ASSERT_EQ(instr.brTargets.size(), 2u);
  EXPECT_EQ(instr.brTargets[1], 1u);
  EXPECT_EQ(instr.index, 2u);
  EXPECT_TRUE(reader.atEnd());
}

TEST(InstructionReaderTest, BrTableHugeCountFailsWithoutAllocating) {
  EXPECT_EQ(failureOf({0x0E, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00}),
            "unexpected end of section or function");
}

TEST(InstructionReaderTest, MemArgAndPrefixedOpcodes) {
  const auto instrs = decodeAll({0x28, 0x02, 0x10, 0xFC, 0x08, 0x03, 0x00, 0xFC, 0x00});
  ASSERT_EQ(instrs.size(), 3u);
  EXPECT_EQ(instrs[0].memArg.alignLog2, 2u);
  EXPECT_EQ(instrs[0].memArg.offset, 16u);
  EXPECT_EQ(instrs[1].opcode, Opcode::MemoryInit);
  EXPECT_EQ(instrs[1].index, 3u);
  EXPECT_EQ(instrs[2].opcode, Opcode::I32TruncSatF32S);
}

TEST(InstructionReaderTest, V128ConstBytes) {
  std::vector<uint8_t> bytes{0xFD, 0x0C};
  for (uint8_t i = 0; i < 16; ++i) bytes.push_back(i);
  const auto instrs = decodeAll(bytes);
  ASSERT_EQ(instrs.size(), 1u);
  EXPECT_EQ(instrs[0].opcode, Opcode::V128Const);
  EXPECT_EQ(instrs[0].bytes[15], 15);
}

TEST(InstructionReaderTest, MalformedInstructions) {
  EXPECT_EQ(failureOf({0x06}), "illegal opcode");
  EXPECT_EQ(failureOf({0xFC, 0x7F}), "illegal opcode");
  EXPECT_EQ(failureOf({0x3F, 0x01}), "zero byte expected");
  EXPECT_EQ(failureOf({0xD0, 0x7F}), "malformed reference type");
  EXPECT_EQ(failureOf({0x41}), "unexpected end of section or function");
  EXPECT_EQ(failureOf({0x41, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}),
            "integer representation too long");
}

TEST(InstructionReaderTest, TypedSelect) {
  const auto instrs = decodeAll({0x1C, 0x01, 0x7D});
  ASSERT_EQ(instrs.size(), 1u);
  EXPECT_EQ(instrs[0].typeCount, 1u);
  EXPECT_EQ(instrs[0].type, ValType::F32);
}

}  // namespace
}  // namespace kiln
