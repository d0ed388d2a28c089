#include "binary/instruction_reader.h"

#include <cstring>

namespace kiln {

// A prefixed opcode (0xFB to 0xFE) or an illegal byte.
Opcode InstructionReader::readPrefixedOpcode(uint8_t first) {
  const size_t at = reader_.offset() - 1;
  std::optional<Opcode> op;
  if (isOpcodePrefix(first)) op = opcodeFromPrefixed(first, reader_.readU32());
  if (!op) BinaryReader::fail(at, "illegal opcode");
  return *op;
}

void InstructionReader::failUnsupported(Opcode op, size_t offset) const {
  const OpcodeInfo& info = opcodeInfo(op);
  throw unsupportedFailure(offset, info.feature, info.name);
}

CastImmediates InstructionReader::readCastImmediates() {
  CastImmediates cast;
  const size_t at = reader_.offset();
  const uint8_t flags = reader_.readByte();
  if (flags > 3) BinaryReader::fail(at, "malformed br_on_cast flags");
  cast.sourceNullable = flags & 1;
  cast.targetNullable = flags & 2;
  cast.label = reader_.readU32();
  cast.source = reader_.readHeapType();
  cast.target = reader_.readHeapType();
  return cast;
}

std::span<const CatchClause> InstructionReader::readCatchClauses() {
  const uint32_t count = reader_.readU32();
  catches_.clear();
  // Each clause takes at least two bytes: the count bounds the allocation.
  if (count > reader_.remaining()) reader_.failUnexpectedEnd();
  for (uint32_t i = 0; i < count; ++i) {
    CatchClause clause;
    const size_t at = reader_.offset();
    const uint8_t kind = reader_.readByte();
    if (kind > 3) BinaryReader::fail(at, "malformed catch clause");
    clause.kind = CatchClause::Kind(kind);
    if (clause.kind == CatchClause::Kind::Catch || clause.kind == CatchClause::Kind::CatchRef) {
      clause.tag = reader_.readU32();
    }
    clause.label = reader_.readU32();
    catches_.push_back(clause);
  }
  return catches_;
}

std::array<uint8_t, 16> InstructionReader::readBytes16() {
  std::array<uint8_t, 16> bytes;
  const size_t at = reader_.skipBytes(16);
  std::memcpy(bytes.data(), reader_.pointerAt(at), 16);
  return bytes;
}

void InstructionReader::readZeroByte() {
  const size_t at = reader_.offset();
  if (reader_.readByte() != 0) BinaryReader::fail(at, "zero byte expected");
}

BlockType InstructionReader::readValueOrIndexBlockType() {
  BlockType bt;
  const uint8_t byte = reader_.peekByte();
  if (byte & 0x40) {
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
  return bt;
}

SelectTypes InstructionReader::readSelectTypes() {
  SelectTypes types;
  types.count = reader_.readU32();
  if (types.count > reader_.remaining()) reader_.failUnexpectedEnd();
  for (uint32_t i = 0; i < types.count; ++i) {
    const ValType type = reader_.readValType();
    if (i == 0) types.first = type;
  }
  return types;
}

BrTableTargets InstructionReader::readBrTable() {
  const uint32_t count = reader_.readU32();
  brTargets_.clear();
  // Each target takes at least one byte, so the count cannot make us
  // allocate more than the body's size.
  if (count > reader_.remaining()) reader_.failUnexpectedEnd();
  for (uint32_t i = 0; i < count; ++i) brTargets_.push_back(reader_.readU32());
  const uint32_t defaultTarget = reader_.readU32();
  return {brTargets_, defaultTarget};
}

void InstructionReader::readOtherImmediates(ImmediateKind kind) {
  switch (kind) {
    case ImmediateKind::BlockType:
      current_.blockType = readBlockType();
      return;
    case ImmediateKind::Table:
    case ImmediateKind::Data:
    case ImmediateKind::Elem:
    case ImmediateKind::Type:
    case ImmediateKind::Tag:
    case ImmediateKind::MemoryIndex:
      current_.index = readIndex();
      return;
    case ImmediateKind::BrTable: {
      const BrTableTargets table = readBrTable();
      current_.brTargets = table.targets;
      current_.index = table.defaultTarget;
      return;
    }
    case ImmediateKind::CallIndirect:
    case ImmediateKind::TableInit:
    case ImmediateKind::TableCopy:
    case ImmediateKind::MemoryInit:
    case ImmediateKind::MemoryCopy:
    case ImmediateKind::StructField:
    case ImmediateKind::ArrayFixed:
    case ImmediateKind::ArrayData:
    case ImmediateKind::ArrayElem:
    case ImmediateKind::ArrayCopy:
      current_.index = readIndex();
      current_.index2 = readIndex();
      return;
    case ImmediateKind::ZeroByte:
      readZeroByte();
      return;
    case ImmediateKind::HeapType:
      current_.heapType = readHeapType();
      return;
    case ImmediateKind::BrOnCast:
      current_.cast = readCastImmediates();
      current_.index = current_.cast.label;
      return;
    case ImmediateKind::TryTable:
      current_.blockType = readBlockType();
      current_.catches = readCatchClauses();
      return;
    case ImmediateKind::Unknown:
      failUnsupported(current_.opcode, current_.offset);
    case ImmediateKind::I64:
      current_.value = uint64_t(readI64());
      return;
    case ImmediateKind::F32:
      current_.value = readF32Bits();
      return;
    case ImmediateKind::F64:
      current_.value = readF64Bits();
      return;
    case ImmediateKind::V128:
    case ImmediateKind::Shuffle:
      current_.bytes = readBytes16();
      return;
    case ImmediateKind::SelectTyped: {
      const SelectTypes types = readSelectTypes();
      current_.typeCount = types.count;
      current_.type = types.first;
      return;
    }
    case ImmediateKind::MemArgLane:
      current_.memArg = readMemArg();
      current_.lane = readLane();
      return;
    case ImmediateKind::Lane:
      current_.lane = readLane();
      return;
    default:
      // None, Local, Global, Label, Func, I32 and MemArg: readImmediates.
      return;
  }
}

}  // namespace kiln
