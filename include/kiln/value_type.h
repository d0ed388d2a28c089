// Value types of WebAssembly 3.0: numbers, vectors and references, and
// helpers to name and classify them.
#pragma once

#include "kiln/api.h"

#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "kiln/heap_type.h"

namespace kiln {

/// What a value is at machine level: the five numeric and vector types, or a
/// reference (one pointer, whatever its heap type).
enum class ValKind : uint8_t {
  I32 = 0x7F,
  I64 = 0x7E,
  F32 = 0x7D,
  F64 = 0x7C,
  V128 = 0x7B,
  Ref = 0x70,
};

/// A value type in 32 bits, compared as one integer.
///
/// A number or vector type is its binary encoding (0x7B..0x7F). A reference
/// type `(ref null? ht)` is its heap type's bits (HeapType: code in bits
/// 0-7, index space in bits 9-10, defined-type index in bits 11-31) plus
/// bit 8 for `null`. All bits zero is no type at all (the validator's
/// "unknown" operand). The names of 2.0 stay: ValType::I32, ValType::FuncRef
/// (= ref null func), ValType::ExternRef (= ref null extern).
class KILN_API ValType {
 public:
  static const ValType I32, I64, F32, F64, V128;
  /// The nullable abstract reference types (the text format's shorthands).
  static const ValType FuncRef, ExternRef, AnyRef, EqRef, I31Ref, StructRef, ArrayRef, ExnRef,
      NullRef, NullFuncRef, NullExternRef, NullExnRef;

  constexpr ValType() : ValType(ValKind::I32) {}
  /// A number or vector type (not Ref: a reference needs a heap type).
  constexpr explicit ValType(ValKind kind) : bits_(uint8_t(kind)) {}
  /// `(ref null? heapType)`.
  static constexpr ValType ref(HeapType heapType, bool nullable) {
    return fromBits(heapType.bits() | (nullable ? kNullableBit : 0));
  }
  static constexpr ValType fromBits(uint32_t bits) {
    ValType type;
    type.bits_ = bits;
    return type;
  }

  constexpr uint32_t bits() const { return bits_; }
  constexpr bool isRef() const { return code() != 0 && code() < uint8_t(ValKind::V128); }
  /// i32, i64, f32 or f64.
  constexpr bool isNum() const { return code() >= uint8_t(ValKind::F64) && code() <= 0x7F; }
  constexpr bool isVector() const { return code() == uint8_t(ValKind::V128); }
  /// The machine representation: Ref for every reference type.
  constexpr ValKind kind() const { return isRef() ? ValKind::Ref : ValKind(code()); }
  /// Reference types only.
  constexpr HeapType heapType() const { return HeapType::fromBits(bits_ & ~kNullableBit); }
  constexpr bool isNullable() const { return bits_ & kNullableBit; }
  /// The same reference type with nullability `nullable`.
  constexpr ValType withNullable(bool nullable) const { return ref(heapType(), nullable); }
  /// True for the types a local may have without being set first: numbers,
  /// vectors and nullable references.
  constexpr bool isDefaultable() const { return !isRef() || isNullable(); }

  friend constexpr bool operator==(ValType, ValType) = default;
  friend constexpr auto operator<=>(ValType, ValType) = default;

 private:
  static constexpr uint32_t kNullableBit = 1u << 8;
  constexpr uint8_t code() const { return uint8_t(bits_); }

  uint32_t bits_;
};
static_assert(sizeof(ValType) == 4);

inline constexpr ValType ValType::I32{ValKind::I32};
inline constexpr ValType ValType::I64{ValKind::I64};
inline constexpr ValType ValType::F32{ValKind::F32};
inline constexpr ValType ValType::F64{ValKind::F64};
inline constexpr ValType ValType::V128{ValKind::V128};
inline constexpr ValType ValType::FuncRef = ValType::ref(HeapType::kFunc, true);
inline constexpr ValType ValType::ExternRef = ValType::ref(HeapType::kExtern, true);
inline constexpr ValType ValType::AnyRef = ValType::ref(HeapType::kAny, true);
inline constexpr ValType ValType::EqRef = ValType::ref(HeapType::kEq, true);
inline constexpr ValType ValType::I31Ref = ValType::ref(HeapType::kI31, true);
inline constexpr ValType ValType::StructRef = ValType::ref(HeapType::kStruct, true);
inline constexpr ValType ValType::ArrayRef = ValType::ref(HeapType::kArray, true);
inline constexpr ValType ValType::ExnRef = ValType::ref(HeapType::kExn, true);
inline constexpr ValType ValType::NullRef = ValType::ref(HeapType::kNone, true);
inline constexpr ValType ValType::NullFuncRef = ValType::ref(HeapType::kNoFunc, true);
inline constexpr ValType ValType::NullExternRef = ValType::ref(HeapType::kNoExtern, true);
inline constexpr ValType ValType::NullExnRef = ValType::ref(HeapType::kNoExn, true);

/// True for funcref, externref and every other reference type.
constexpr bool isRefType(ValType type) { return type.isRef(); }

/// True for i32, i64, f32 and f64.
constexpr bool isNumType(ValType type) { return type.isNum(); }

/// The text-format name: "i32", "funcref", "(ref null 3)", "(ref any)", ...
KILN_API std::string toString(ValType type);

}  // namespace kiln

template <>
struct std::hash<kiln::ValType> {
  size_t operator()(kiln::ValType type) const noexcept { return std::hash<uint32_t>()(type.bits()); }
};
