// Limits of memories and tables, and the types built on them.
#pragma once

#include <cstdint>
#include <optional>

#include "types/value_type.h"

namespace kiln {

/// `min` and optional `max`, in pages (memories) or elements (tables).
struct Limits {
  uint32_t min = 0;
  std::optional<uint32_t> max;

  friend bool operator==(const Limits&, const Limits&) = default;
};

/// True when limits `actual` may stand where `expected` is required
/// (import matching): at least as large a minimum, at most as large a maximum.
bool limitsMatch(const Limits& actual, const Limits& expected);

/// The number of bytes in a Wasm page.
inline constexpr uint64_t kWasmPageSize = 65536;
/// The most pages a 32-bit memory can have (4 GiB).
inline constexpr uint32_t kMaxMemoryPages = 65536;

/// A memory type: limits in pages.
struct MemoryType {
  Limits limits;
  friend bool operator==(const MemoryType&, const MemoryType&) = default;
};

/// A table type: element reference type and limits in elements.
struct TableType {
  ValType element = ValType::FuncRef;
  Limits limits;
  friend bool operator==(const TableType&, const TableType&) = default;
};

/// A global type: value type and mutability.
struct GlobalType {
  ValType type = ValType::I32;
  bool isMutable = false;
  friend bool operator==(const GlobalType&, const GlobalType&) = default;
};

}  // namespace kiln
