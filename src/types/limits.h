// Limits and the types built on them (defined in the public
// include/kiln/limits.h), import matching and the page constants.
#pragma once

#include <cstdint>

#include "kiln/limits.h"
#include "types/value_type.h"

namespace kiln {

/// True when limits `actual` may stand where `expected` is required
/// (import matching): at least as large a minimum, at most as large a maximum.
bool limitsMatch(const Limits& actual, const Limits& expected);

/// The number of bytes in a Wasm page.
inline constexpr uint64_t kWasmPageSize = 65536;
/// The most pages a 32-bit memory can have (4 GiB).
inline constexpr uint32_t kMaxMemoryPages = 65536;

}  // namespace kiln
