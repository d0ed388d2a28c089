#include "binary/instruction_reader.h"

#include <cstring>

namespace kiln {

// A prefixed opcode (0xFC, 0xFD) or an illegal byte.
const Instruction& InstructionReader::nextPrefixed(uint8_t first) {
  std::optional<Opcode> op;
  if (first == 0xFC || first == 0xFD) op = opcodeFromPrefixed(first, reader_.readU32());
  if (!op) BinaryReader::fail(current_.offset, "illegal opcode");
  current_.opcode = *op;
  readImmediates(opcodeInfo(*op).immediate);
  return current_;
}

void InstructionReader::readZeroByte() {
  const size_t at = reader_.offset();
  if (reader_.readByte() != 0) BinaryReader::fail(at, "zero byte expected");
}

void InstructionReader::readBlockType() {
  BlockType& bt = current_.blockType;
  const uint8_t byte = reader_.peekByte();
  if (byte == 0x40) {
    reader_.readByte();
    bt.kind = BlockType::Kind::Empty;
  } else if (byte & 0x40) {
    // One-byte negative s33: a value type.
    bt.kind = BlockType::Kind::Value;
    bt.value = reader_.readValType();
  } else {
    const size_t at = reader_.offset();
    const int64_t index = reader_.readS33();
    if (index < 0) BinaryReader::fail(at, "malformed value type");
    bt.kind = BlockType::Kind::TypeIndex;
    bt.typeIndex = uint32_t(index);
  }
}

void InstructionReader::readOtherImmediates(ImmediateKind kind) {
  switch (kind) {
    case ImmediateKind::BlockType:
      readBlockType();
      return;
    case ImmediateKind::Table:
    case ImmediateKind::Data:
    case ImmediateKind::Elem:
      current_.index = reader_.readU32();
      return;
    case ImmediateKind::BrTable: {
      const uint32_t count = reader_.readU32();
      brTargets_.clear();
      // Each target takes at least one byte, so the count cannot make us
      // allocate more than the body's size.
      if (count > reader_.remaining()) reader_.failUnexpectedEnd();
      for (uint32_t i = 0; i < count; ++i) brTargets_.push_back(reader_.readU32());
      current_.index = reader_.readU32();
      current_.brTargets = brTargets_;
      return;
    }
    case ImmediateKind::CallIndirect:
    case ImmediateKind::TableInit:
    case ImmediateKind::TableCopy:
      current_.index = reader_.readU32();
      current_.index2 = reader_.readU32();
      return;
    case ImmediateKind::MemoryIndex:
      readZeroByte();
      return;
    case ImmediateKind::I64:
      current_.value = uint64_t(reader_.readS64());
      return;
    case ImmediateKind::F32:
      current_.value = reader_.readF32Bits();
      return;
    case ImmediateKind::F64:
      current_.value = reader_.readF64Bits();
      return;
    case ImmediateKind::V128:
    case ImmediateKind::Shuffle: {
      const size_t at = reader_.skipBytes(16);
      std::memcpy(current_.bytes.data(), reader_.pointerAt(at), 16);
      return;
    }
    case ImmediateKind::SelectTyped: {
      const uint32_t count = reader_.readU32();
      if (count > reader_.remaining()) reader_.failUnexpectedEnd();
      current_.typeCount = count;
      for (uint32_t i = 0; i < count; ++i) {
        const ValType type = reader_.readValType();
        if (i == 0) current_.type = type;
      }
      return;
    }
    case ImmediateKind::RefType:
      current_.type = reader_.readRefType();
      return;
    case ImmediateKind::MemoryInit:
      current_.index = reader_.readU32();
      readZeroByte();
      return;
    case ImmediateKind::MemoryCopy:
      readZeroByte();
      readZeroByte();
      return;
    case ImmediateKind::MemArgLane:
      readMemArg();
      current_.lane = reader_.readByte();
      return;
    case ImmediateKind::Lane:
      current_.lane = reader_.readByte();
      return;
    default:
      // None, Local, Global, Label, Func, I32 and MemArg: readImmediates.
      return;
  }
}

}  // namespace kiln
