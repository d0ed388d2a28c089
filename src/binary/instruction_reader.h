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
  const Instruction& next();

 private:
  void readImmediates(ImmediateKind kind);
  void readBlockType();
  void readMemArg();
  void readZeroByte();

  BinaryReader reader_;
  Instruction current_;
  std::vector<uint32_t> brTargets_;
};

}  // namespace kiln
