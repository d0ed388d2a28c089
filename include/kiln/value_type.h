// Value types of WebAssembly 2.0 and helpers to name and classify them.
#pragma once

#include <cstdint>
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

/// True for funcref and externref.
constexpr bool isRefType(ValType type) {
  return type == ValType::FuncRef || type == ValType::ExternRef;
}

/// True for i32, i64, f32 and f64.
constexpr bool isNumType(ValType type) {
  return type == ValType::I32 || type == ValType::I64 || type == ValType::F32 ||
         type == ValType::F64;
}

/// The text-format name: "i32", "funcref", ...
std::string_view toString(ValType type);

}  // namespace kiln
