// Reads the primitive encodings of the binary format (bytes, LEB128
// integers, floats, names, value types) from a bounded window of a module,
// with the spec's exact rules. Every violation throws `DecodeFailure` with the
// absolute byte offset and the spec's message.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "binary/module_error.h"
#include "kiln/heap_type.h"
#include "types/value_type.h"

namespace kiln {

// The small readers are forced inline: the validator's per-instruction
// switch is too large for the compiler to inline them on its own.
class BinaryReader {
 public:
  /// Reads `bytes[begin, end)`. Offsets are absolute positions in `bytes`.
  /// `endIsSection` selects the message for running out: "unexpected end of
  /// section or function" inside a section or body, "unexpected end" at the
  /// end of the module.
  BinaryReader(std::span<const uint8_t> bytes, size_t begin, size_t end, bool endIsSection)
      : data_(bytes.data()), pos_(begin), end_(end), limit_(bytes.size()),
        endIsSection_(endIsSection) {}

  size_t offset() const { return pos_; }
  size_t end() const { return end_; }
  bool atEnd() const { return pos_ >= end_; }
  size_t remaining() const { return end_ - pos_; }

  [[gnu::always_inline]] uint8_t peekByte() const {
    if (pos_ >= end_) [[unlikely]] failUnexpectedEnd();
    return data_[pos_];
  }
  [[gnu::always_inline]] uint8_t readByte() {
    if (pos_ >= end_) [[unlikely]] failUnexpectedEnd();
    return data_[pos_++];
  }
  /// Unsigned LEB128 of at most 32 bits.
  [[gnu::always_inline]] uint32_t readU32() {
    // Most immediates fit in one byte; only longer encodings take the call.
    if (pos_ < end_ && data_[pos_] < 0x80) [[likely]] return data_[pos_++];
    return readU32Slow();
  }
  /// Unsigned LEB128 of at most 64 bits (memory offsets, 64-bit limits).
  [[gnu::always_inline]] uint64_t readU64() {
    if (pos_ < end_ && data_[pos_] < 0x80) [[likely]] return data_[pos_++];
    return readU64Slow();
  }
  /// Signed LEB128 of at most 32, 33 (block types) and 64 bits.
  [[gnu::always_inline]] int32_t readS32() {
    // One-byte encodings sign-extend from bit 6.
    if (pos_ < end_ && data_[pos_] < 0x80) [[likely]] {
      return int32_t(data_[pos_++] ^ 0x40) - 0x40;
    }
    return readS32Slow();
  }
  int64_t readS33();
  [[gnu::always_inline]] int64_t readS64() {
    if (pos_ < end_ && data_[pos_] < 0x80) [[likely]] {
      return int64_t(data_[pos_++] ^ 0x40) - 0x40;
    }
    return readS64Slow();
  }
  /// IEEE bits of a float, little-endian.
  uint32_t readF32Bits();
  uint64_t readF64Bits();
  /// `count` raw bytes; returns the offset where they start.
  size_t skipBytes(size_t count);
  const uint8_t* pointerAt(size_t offset) const { return data_ + offset; }
  /// A vector length followed by that many bytes of valid UTF-8.
  std::string readName();
  /// A value type: a number or vector type byte, or a reference type.
  /// Throws "malformed value type" for anything else.
  [[gnu::always_inline]] ValType readValType() {
    // Number types are one byte: inline.
    if (pos_ < end_ && data_[pos_] >= uint8_t(ValKind::F64) && data_[pos_] <= 0x7F) [[likely]] {
      return ValType::fromBits(data_[pos_++]);
    }
    return readValTypeSlow();
  }
  /// A reference type: an abstract heap type byte (the nullable
  /// shorthand), or 0x63 (ref null) / 0x64 (ref) and a heap type. Throws
  /// "malformed reference type" otherwise, or Unsupported for the types of
  /// proposals Kiln does not support (exact references, continuations).
  ValType readRefType();
  /// A heap type (s33): an abstract heap type byte or a type index. Throws
  /// "malformed heap type", or Unsupported for the heap types of proposals
  /// Kiln does not support.
  HeapType readHeapType();

  /// Throws DecodeFailure at `offset` with `message`.
  [[noreturn]] static void fail(size_t offset, std::string message);
  /// Throws the "unexpected end" failure at the current position.
  [[noreturn]] void failUnexpectedEnd() const;

 private:
  template <class T, unsigned kBits>
  T readLeb();
  uint32_t readU32Slow();
  uint64_t readU64Slow();
  ValType readValTypeSlow();
  static bool isRefTypeByte(uint8_t byte);

  // Type bytes beside the abstract heap types.
  static constexpr uint8_t kRefNullPrefix = 0x63;
  static constexpr uint8_t kRefPrefix = 0x64;
  static constexpr uint8_t kExactPrefix = 0x62;  // custom descriptors: exact heap types
  static constexpr uint8_t kContByte = 0x68;     // stack switching: cont
  static constexpr uint8_t kNoContByte = 0x75;   // stack switching: nocont
  int32_t readS32Slow();
  int64_t readS64Slow();
  template <class T, unsigned kBits>
  [[noreturn]] void failLebAtEnd(size_t start) const;

  const uint8_t* data_;
  size_t pos_;
  size_t end_;
  size_t limit_;  // size of the whole buffer, beyond the window
  bool endIsSection_;
};

}  // namespace kiln
