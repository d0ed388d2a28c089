// Limits of memories and tables, and the types built on them.
#pragma once

#include <cstdint>
#include <optional>

#include "kiln/value_type.h"

namespace kiln {

/// `min` and optional `max`, in pages (memories) or elements (tables).
struct Limits {
  uint32_t min = 0;
  std::optional<uint32_t> max;

  friend bool operator==(const Limits&, const Limits&) = default;
};

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
