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
  EXPECT_EQ(failureOf({0x17}), "illegal opcode");
  EXPECT_EQ(failureOf({0xFC, 0x7F}), "illegal opcode");
  EXPECT_EQ(failureOf({0xFB, 0x7F}), "illegal opcode");
  EXPECT_EQ(failureOf({0xFE, 0x04}), "illegal opcode");
  EXPECT_EQ(failureOf({0xFE, 0x03, 0x01}), "zero byte expected");
  EXPECT_EQ(failureOf({0xD0, 0x7F}), "malformed heap type");
  EXPECT_EQ(failureOf({0x28, 0x80, 0x01, 0x00}), "malformed memop flags");
  EXPECT_EQ(failureOf({0xFB, 0x18, 0x10, 0x00, 0x70, 0x70}), "malformed br_on_cast flags");
  EXPECT_EQ(failureOf({0x1F, 0x40, 0x01, 0x04, 0x00}), "malformed catch clause");
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
TEST(InstructionReaderTest, Immediates30) {
  const auto instrs = decodeAll({
      0x28, 0x42, 0x01, 0x10,                          // i32.load align=4 memory 1 offset 16
      0x29, 0x03, 0x80, 0x80, 0x80, 0x80, 0x10,        // i64.load offset 2^32
      0xFB, 0x02, 0x05, 0x03,                          // struct.get 5 3
      0xFB, 0x18, 0x03, 0x01, 0x6E, 0x00,              // br_on_cast 1 (ref null any) (ref null 0)
      0x1F, 0x40, 0x02, 0x00, 0x07, 0x01, 0x03, 0x02,  // try_table (catch 7 1) (catch_all_ref 2)
      0xD0, 0x6B,                                      // ref.null struct
      0xFE, 0x03, 0x00,                                // atomic.fence
      0xFC, 0x13,                                      // i64.add128
      0xFD, 0x93, 0x02,                                // i32x4.relaxed_dot_i8x16_i7x16_add_s
  });
  ASSERT_EQ(instrs.size(), 9u);
  EXPECT_EQ(instrs[0].memArg.alignLog2, 2u);
  EXPECT_EQ(instrs[0].memArg.memory, 1u);
  EXPECT_EQ(instrs[0].memArg.offset, 16u);
  EXPECT_EQ(instrs[1].memArg.offset, uint64_t(1) << 32);
  EXPECT_EQ(instrs[2].opcode, Opcode::StructGet);
  EXPECT_EQ(instrs[2].index, 5u);
  EXPECT_EQ(instrs[2].index2, 3u);
  EXPECT_EQ(instrs[3].opcode, Opcode::BrOnCast);
  EXPECT_EQ(instrs[3].cast.label, 1u);
  EXPECT_TRUE(instrs[3].cast.sourceNullable);
  EXPECT_TRUE(instrs[3].cast.targetNullable);
  EXPECT_EQ(instrs[3].cast.source, HeapType::kAny);
  EXPECT_EQ(instrs[3].cast.target, HeapType::defined(0));
  EXPECT_EQ(instrs[4].opcode, Opcode::TryTable);
  EXPECT_EQ(instrs[5].heapType, HeapType::kStruct);
  EXPECT_EQ(instrs[6].opcode, Opcode::AtomicFence);
  EXPECT_EQ(instrs[7].opcode, Opcode::I64Add128);
  EXPECT_EQ(instrs[8].opcode, Opcode::I32x4RelaxedDotI8x16I7x16AddS);
}

TEST(InstructionReaderTest, TryTableCatchClauses) {
  // try_table (catch 7 1) (catch_ref 8 0) (catch_all 3) (catch_all_ref 2)
  const std::vector<uint8_t> bytes = {0x1F, 0x40, 0x04, 0x00, 0x07, 0x01, 0x01, 0x08, 0x00,
                                      0x02, 0x03, 0x03, 0x02};
  InstructionReader reader(bytes, 0, bytes.size());
  const Instruction& instr = reader.next();
  EXPECT_TRUE(reader.atEnd());
  ASSERT_EQ(instr.catches.size(), 4u);
  EXPECT_EQ(instr.catches[0].kind, CatchClause::Kind::Catch);
  EXPECT_EQ(instr.catches[0].tag, 7u);
  EXPECT_EQ(instr.catches[0].label, 1u);
  EXPECT_EQ(instr.catches[1].kind, CatchClause::Kind::CatchRef);
  EXPECT_EQ(instr.catches[1].tag, 8u);
  EXPECT_EQ(instr.catches[2].kind, CatchClause::Kind::CatchAll);
  EXPECT_EQ(instr.catches[2].label, 3u);
  EXPECT_EQ(instr.catches[3].kind, CatchClause::Kind::CatchAllRef);
  EXPECT_EQ(instr.catches[3].label, 2u);
}

TEST(InstructionReaderTest, UnsupportedProposalsAreNotMalformed) {
  // cont.new (stack switching): immediates unknown to Kiln. (The validator
  // names the instruction before its immediates are read; the reader
  // cannot decode them.)
  const std::vector<uint8_t> bytes = {0xE0, 0x00};
  InstructionReader reader(bytes, 0, bytes.size());
  try {
    reader.next();
    FAIL() << "cont.new decoded";
  } catch (const DecodeFailure& failure) {
    EXPECT_EQ(failure.kind, ModuleErrorKind::Unsupported);
    EXPECT_EQ(failure.message, "stack switching (cont.new) is not supported by Kiln yet");
  }
  // An exact heap type (custom descriptors) and a continuation heap type;
  // cast flags beyond the two nullability bits are malformed.
  EXPECT_EQ(failureOf({0xFB, 0x16, 0x62, 0x00}),
            "custom descriptors (exact heap type) is not supported by Kiln yet");
  EXPECT_EQ(failureOf({0xFB, 0x18, 0x04, 0x00, 0x70, 0x70}), "malformed br_on_cast flags");
  EXPECT_EQ(failureOf({0xD0, 0x68}),
            "stack switching (continuation heap type) is not supported by Kiln yet");
}

}  // namespace kiln
