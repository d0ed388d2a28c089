// Heap types: what a reference points to. An abstract heap type (func, any,
// extern, none, ...) or a defined type, named by its index.
#pragma once

#include "kiln/api.h"

#include <compare>
#include <cstdint>
#include <string>

namespace kiln {

/// A heap type in 32 bits: a code (bits 0-7), an index space (bits 9-10) and,
/// for a defined type, its index (bits 11-31).
///
/// Abstract heap types use their binary encoding as code. A defined type has
/// code kIndexCode and an index into one of three spaces: the module's type
/// index space (as decoded), the engine's canonical types (see
/// TypeRegistry), or a position inside the recursion group being
/// canonicalized. Trivially copyable and compared as one integer.
class KILN_API HeapType {
 public:
  /// Codes of the abstract heap types: their binary encodings (one-byte s33).
  enum Code : uint8_t {
    kExn = 0x69,
    kArray = 0x6A,
    kStruct = 0x6B,
    kI31 = 0x6C,
    kEq = 0x6D,
    kAny = 0x6E,
    kExtern = 0x6F,
    kFunc = 0x70,
    kNone = 0x71,
    kNoExtern = 0x72,
    kNoFunc = 0x73,
    kNoExn = 0x74,
    /// A defined type; index() says which.
    kIndexCode = 0x01,
    /// The validator's bottom heap type (below every hierarchy): the heap
    /// type of a reference popped from unreachable code. Never decoded.
    kBottom = 0x02,
  };
  /// Which index space a defined type's index is in.
  enum class Space : uint8_t { Module = 0, Canonical = 1, RecGroup = 2 };

  /// The largest index a heap type holds (21 bits).
  static constexpr uint32_t kMaxIndex = (1u << 21) - 1;

  constexpr HeapType() = default;
  constexpr HeapType(Code code) : bits_(code) {}  // NOLINT: abstract types convert
  /// Defined type `index` (at most kMaxIndex) in `space`.
  static constexpr HeapType defined(uint32_t index, Space space = Space::Module) {
    HeapType type;
    type.bits_ = kIndexCode | (uint32_t(space) << 9) | (index << 11);
    return type;
  }
  /// The abstract heap type encoded by `byte`, if it encodes one.
  static constexpr bool isAbstractByte(uint8_t byte) { return byte >= kExn && byte <= kNoExn; }

  constexpr Code code() const { return Code(bits_ & 0xFF); }
  constexpr bool isIndex() const { return code() == kIndexCode; }
  constexpr bool isAbstract() const { return isAbstractByte(code()); }
  constexpr uint32_t index() const { return bits_ >> 11; }
  constexpr Space space() const { return Space((bits_ >> 9) & 3); }
  constexpr uint32_t bits() const { return bits_; }
  static constexpr HeapType fromBits(uint32_t bits) {
    HeapType type;
    type.bits_ = bits;
    return type;
  }

  friend constexpr bool operator==(HeapType, HeapType) = default;
  friend constexpr auto operator<=>(HeapType, HeapType) = default;

 private:
  uint32_t bits_ = kFunc;
};

/// Text-format name: "func", "nofunc", or the index of a defined type.
KILN_API std::string toString(HeapType type);

/// The hierarchies of abstract heap types. Defined types join them by their
/// composite kind: function types below func, struct and array types below
/// struct and array.
///
///   any > eq > i31, struct, array > none     func > nofunc
///   extern > noextern                        exn > noexn
///
/// `top` is the hierarchy's root, `bottom` its least type.
constexpr HeapType::Code topOfAbstract(HeapType::Code code) {
  switch (code) {
    case HeapType::kFunc:
    case HeapType::kNoFunc:
      return HeapType::kFunc;
    case HeapType::kExtern:
    case HeapType::kNoExtern:
      return HeapType::kExtern;
    case HeapType::kExn:
    case HeapType::kNoExn:
      return HeapType::kExn;
    case HeapType::kBottom:
      return HeapType::kBottom;
    default:
      return HeapType::kAny;
  }
}

constexpr HeapType::Code bottomOfTop(HeapType::Code top) {
  switch (top) {
    case HeapType::kFunc: return HeapType::kNoFunc;
    case HeapType::kExtern: return HeapType::kNoExtern;
    case HeapType::kExn: return HeapType::kNoExn;
    case HeapType::kAny: return HeapType::kNone;
    default: return HeapType::kBottom;
  }
}

/// Subtyping between two abstract heap types (or the bottom type).
constexpr bool isAbstractSubtype(HeapType::Code sub, HeapType::Code super) {
  if (sub == super || sub == HeapType::kBottom) return true;
  switch (sub) {
    case HeapType::kNone:
      return topOfAbstract(super) == HeapType::kAny;
    case HeapType::kNoFunc:
      return super == HeapType::kFunc;
    case HeapType::kNoExtern:
      return super == HeapType::kExtern;
    case HeapType::kNoExn:
      return super == HeapType::kExn;
    case HeapType::kI31:
    case HeapType::kStruct:
    case HeapType::kArray:
      return super == HeapType::kEq || super == HeapType::kAny;
    case HeapType::kEq:
      return super == HeapType::kAny;
    default:
      return false;
  }
}

}  // namespace kiln
