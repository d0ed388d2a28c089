// Value types (defined in the public include/kiln/value_type.h) and the
// helpers the front end, compiler and VM use on them.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "kiln/value_type.h"

namespace kiln {

/// The value type encoded by `byte`, or nothing when the byte encodes none.
std::optional<ValType> valTypeFromByte(uint8_t byte);

/// `type` as a one-element type list in static storage: the result list of
/// `block (result t)`, which the validator and the compiler then treat like
/// any other list without allocating one.
std::span<const ValType, 1> singleTypeList(ValType type);

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

}  // namespace kiln
