// Limits and memory, table and global types (defined in the public
// include/kiln/limits.h) and the helpers the front end and VM use on them.
#pragma once

#include <cstdint>

#include "kiln/limits.h"
#include "types/value_type.h"

namespace kiln {

/// True when limits `actual` may stand where `expected` is required
/// (import matching): at least as large a minimum, at most as large a maximum.
bool limitsMatch(const Limits& actual, const Limits& expected);

/// The value type of an address of `type`.
constexpr ValType addressValType(AddressType type) {
  return type == AddressType::I64 ? ValType::I64 : ValType::I32;
}

/// The number of bytes in a Wasm page.
inline constexpr uint64_t kWasmPageSize = 65536;
/// The most pages a 32-bit memory can have (4 GiB).
inline constexpr uint32_t kMaxMemoryPages = 65536;
/// The most pages a 64-bit memory can have (2^64 bytes).
inline constexpr uint64_t kMaxMemory64Pages = uint64_t(1) << 48;

}  // namespace kiln
