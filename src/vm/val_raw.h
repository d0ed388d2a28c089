// The untyped 16-byte value slot used wherever values cross between host
// code and compiled code: arguments and results of array calls, host
// function calls and globals.
#pragma once

#include <cstdint>

namespace kiln {

/// One value of any Wasm type, little-endian at offset 0 (i32 in the low 4
/// bytes, v128 in all 16, references as a pointer). The slot's type is known
/// from context (a function type), never stored.
union alignas(16) ValRaw {
  int32_t i32;
  int64_t i64;
  uint32_t f32Bits;
  uint64_t f64Bits;
  uint8_t v128[16];
  void* ref;
};
static_assert(sizeof(ValRaw) == 16);

}  // namespace kiln
