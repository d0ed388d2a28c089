// Decodes a function body or constant expression one instruction at a time.
// Most callers (the compiler, constant expressions) take whole instructions
// with `next`. The function validator, which runs once per instruction of
// every body, dispatches on `readOpcode` itself and reads each immediate with
// the read* function for its kind; `next` is built from the same functions,
// so every encoding is decoded in one place.
#pragma once

#include <array>
#include <span>
#include <vector>

#include "binary/binary_reader.h"
#include "binary/instruction.h"

namespace kiln {

/// The immediates of `select t*`: the first listed type and the list length.
struct SelectTypes {
  ValType first = ValType::I32;
  uint32_t count = 0;
};

/// The immediates of `br_table`: its label depths and the default depth.
/// `targets` stays valid until the reader's next br_table.
struct BrTableTargets {
  std::span<const uint32_t> targets;
  uint32_t defaultTarget = 0;
};

class InstructionReader {
 public:
  /// Reads instructions from `bytes[begin, end)` (absolute offsets).
  InstructionReader(std::span<const uint8_t> bytes, size_t begin, size_t end)
      : reader_(bytes, begin, end, /*endIsSection=*/true) {}

  bool atEnd() const { return reader_.atEnd(); }
  size_t offset() const { return reader_.offset(); }

  /// Decodes the next instruction. Throws `DecodeFailure` on malformed
  /// bytes: an unknown opcode ("illegal opcode"), a bad LEB128, a non-zero
  /// reserved byte ("zero byte expected"), a bad value or reference type, or
  /// running out of bytes. `Instruction::brTargets` stays valid until the
  /// next call.
  const Instruction& next() {
    current_.offset = reader_.offset();
    current_.opcode = readOpcode();
    readImmediates(opcode_tables::kImmediateKinds[static_cast<size_t>(current_.opcode)]);
    return current_;
  }

  /// The opcode of the next instruction (one byte, or a prefix and a u32).
  /// Its immediates follow; read them with the functions below, in order.
  Opcode readOpcode() {
    // Inline fast path for one-byte opcodes: this runs once per instruction
    // of every body, so the common case avoids a call.
    const uint8_t first = reader_.readByte();
    const uint16_t index = opcode_tables::kDecodeTables.plain[first];
    if (index == opcode_tables::kNoOpcode) [[unlikely]] return readPrefixedOpcode(first);
    return static_cast<Opcode>(index);
  }

  // One function per immediate; the ImmediateKind each serves is named.
  /// Label, Func, Local, Global, Table, Data, Elem, Type, Tag and
  /// MemoryIndex indices, and each index of CallIndirect, TableInit,
  /// TableCopy, MemoryInit, MemoryCopy, StructField and the Array* kinds.
  uint32_t readIndex() { return reader_.readU32(); }
  /// I32 (s32), I64 (s64), F32 and F64 (raw IEEE bits).
  int32_t readI32() { return reader_.readS32(); }
  int64_t readI64() { return reader_.readS64(); }
  uint32_t readF32Bits() { return reader_.readF32Bits(); }
  uint64_t readF64Bits() { return reader_.readF64Bits(); }
  /// MemArg, and the memarg of MemArgLane.
  MemArg readMemArg() {
    MemArg memArg;
    const size_t at = reader_.offset();
    const uint32_t flags = reader_.readU32();
    // Bit 6 announces an explicit memory index (multiple memories); the
    // bits above it are not defined.
    if (flags >= 0x40) [[unlikely]] {
      if (flags >= 0x80) BinaryReader::fail(at, "malformed memop flags");
      memArg.memory = reader_.readU32();
    }
    memArg.alignLog2 = flags & 0x3F;
    memArg.offset = reader_.readU64();
    return memArg;
  }
  /// Lane, and the lane of MemArgLane.
  uint8_t readLane() { return reader_.readByte(); }
  /// V128 and Shuffle: 16 raw bytes.
  std::array<uint8_t, 16> readBytes16();
  BlockType readBlockType() {
    // Most blocks have the empty type: that case is inline.
    if (reader_.peekByte() == 0x40) [[likely]] {
      reader_.readByte();
      return BlockType{};
    }
    return readValueOrIndexBlockType();
  }
  /// ZeroByte: a reserved 0x00 byte. Throws "zero byte expected" otherwise.
  void readZeroByte();
  HeapType readHeapType() { return reader_.readHeapType(); }
  SelectTypes readSelectTypes();
  BrTableTargets readBrTable();
  /// BrOnCast: flags, label and the two heap types.
  CastImmediates readCastImmediates();
  /// The catch clauses of TryTable (after its block type). The span stays
  /// valid until the reader's next try_table.
  std::span<const CatchClause> readCatchClauses();
  /// Unknown: the immediates of an instruction whose feature Kiln does not
  /// support are not decoded; throws the Unsupported failure for `op`.
  [[noreturn]] void failUnsupported(Opcode op, size_t offset) const;

 private:
  Opcode readPrefixedOpcode(uint8_t first);
  // readBlockType for a value type or a type index.
  BlockType readValueOrIndexBlockType();

  // Into current_. The most frequent immediates are read inline; the rest
  // out of line.
  void readImmediates(ImmediateKind kind) {
    switch (kind) {
      case ImmediateKind::None:
        return;
      case ImmediateKind::Local:
      case ImmediateKind::Global:
      case ImmediateKind::Label:
      case ImmediateKind::Func:
        current_.index = readIndex();
        return;
      case ImmediateKind::I32:
        current_.value = uint64_t(int64_t(readI32()));
        return;
      case ImmediateKind::MemArg:
        current_.memArg = readMemArg();
        return;
      default:
        readOtherImmediates(kind);
        return;
    }
  }
  void readOtherImmediates(ImmediateKind kind);

  BinaryReader reader_;
  Instruction current_;
  std::vector<uint32_t> brTargets_;
  std::vector<CatchClause> catches_;
};

}  // namespace kiln
