// Value types of WebAssembly 2.0 and helpers to name and classify them.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace kiln {

/// A value type. The enumerators carry their binary-format encoding, so a
/// decoded byte converts directly once `valTypeFromByte` has accepted it.
enum class ValType : uint8_t {
  I32 = 0x7F,
  I64 = 0x7E,
  F32 = 0x7D,
  F64 = 0x7C,
  V128 = 0x7B,
  FuncRef = 0x70,
  ExternRef = 0x6F,
};

/// The value type encoded by `byte`, or nothing when the byte encodes none.
std::optional<ValType> valTypeFromByte(uint8_t byte);

/// `type` as a one-element type list in static storage: the result list of
/// `block (result t)`, which the validator and the compiler then treat like
/// any other list without allocating one.
std::span<const ValType, 1> singleTypeList(ValType type);

/// True for funcref and externref.
constexpr bool isRefType(ValType type) {
  return type == ValType::FuncRef || type == ValType::ExternRef;
}

/// True for i32, i64, f32 and f64.
constexpr bool isNumType(ValType type) {
  return type == ValType::I32 || type == ValType::I64 || type == ValType::F32 ||
         type == ValType::F64;
}

/// Size in bytes of a value of `type` in linear memory or a VM slot.
constexpr uint32_t byteSize(ValType type) {
  switch (type) {
    case ValType::I32:
    case ValType::F32:
      return 4;
    case ValType::V128:
      return 16;
    default:
      return 8;
  }
}

/// The text-format name: "i32", "funcref", ...
std::string_view toString(ValType type);

}  // namespace kiln
