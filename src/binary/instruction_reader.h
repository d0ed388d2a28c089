// Decodes a function body or constant expression one instruction at a time.
// The validator drives it during validation (so a body is decoded once), and
// the compiler drives it again over bodies already known to be valid.
#pragma once

#include <span>
#include <vector>

#include "binary/binary_reader.h"
#include "binary/instruction.h"

namespace kiln {

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
    // Inline fast path for one-byte opcodes: this runs once per instruction
    // of every body, so the common case avoids a call.
    current_.offset = reader_.offset();
    const uint8_t first = reader_.readByte();
    const uint16_t index = opcode_tables::kDecodeTables.plain[first];
    if (index == opcode_tables::kNoOpcode) [[unlikely]] return nextPrefixed(first);
    current_.opcode = static_cast<Opcode>(index);
    readImmediates(opcode_tables::kImmediateKinds[index]);
    return current_;
  }

 private:
  const Instruction& nextPrefixed(uint8_t first);

  // The most frequent immediates are read inline; the rest out of line.
  void readImmediates(ImmediateKind kind) {
    switch (kind) {
      case ImmediateKind::None:
        return;
      case ImmediateKind::Local:
      case ImmediateKind::Global:
      case ImmediateKind::Label:
      case ImmediateKind::Func:
        current_.index = reader_.readU32();
        return;
      case ImmediateKind::I32:
        current_.value = uint64_t(int64_t(reader_.readS32()));
        return;
      case ImmediateKind::MemArg:
        readMemArg();
        return;
      default:
        readOtherImmediates(kind);
        return;
    }
  }
  void readOtherImmediates(ImmediateKind kind);
  void readMemArg() {
    current_.memArg.alignLog2 = reader_.readU32();
    current_.memArg.offset = reader_.readU32();
  }
  void readBlockType();
  void readZeroByte();

  BinaryReader reader_;
  Instruction current_;
  std::vector<uint32_t> brTargets_;
};

}  // namespace kiln
