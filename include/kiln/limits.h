// Limits of memories and tables, and the types built on them.
#pragma once

#include "kiln/api.h"

#include <cstdint>
#include <optional>

#include "kiln/value_type.h"

namespace kiln {

/// `min` and optional `max`, in pages (memories) or elements (tables). 64-bit
/// because memory64 and table64 allow limits up to 2^64 - 1; a 32-bit memory
/// or table keeps them within its own range (the validator checks).
struct KILN_API Limits {
  uint64_t min = 0;
  std::optional<uint64_t> max;

  friend bool operator==(const Limits&, const Limits&) = default;
};

/// The type of addresses into a memory or of indices into a table: i32, or
/// i64 for memory64 and table64 (limits flag 0x04).
enum class AddressType : uint8_t { I32, I64 };

/// A memory type: limits in pages, address type, and whether it is shared
/// between threads (threads proposal; a shared memory has a maximum).
struct KILN_API MemoryType {
  Limits limits;
  AddressType addressType = AddressType::I32;
  bool shared = false;
  friend bool operator==(const MemoryType&, const MemoryType&) = default;
};

/// A table type: element reference type, limits in elements, index type.
struct KILN_API TableType {
  ValType element = ValType::FuncRef;
  Limits limits;
  AddressType addressType = AddressType::I32;
  friend bool operator==(const TableType&, const TableType&) = default;
};

/// A global type: value type and mutability.
struct KILN_API GlobalType {
  ValType type = ValType::I32;
  bool isMutable = false;
  friend bool operator==(const GlobalType&, const GlobalType&) = default;
};

/// A tag type (exception handling): the index of a function type whose
/// parameters are the exception's values (its results must be empty).
struct KILN_API TagType {
  uint32_t typeIndex = 0;
  friend bool operator==(const TagType&, const TagType&) = default;
};

}  // namespace kiln
