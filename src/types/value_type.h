// Value types (defined in the public include/kiln/value_type.h) and the
// helpers the front end, compiler and VM use on them.
#pragma once

#include <cstdint>
#include <span>

#include "kiln/value_type.h"

namespace kiln {

/// Size in bytes of a value of `type` in linear memory or a VM slot.
constexpr uint32_t byteSize(ValType type) {
  switch (type.kind()) {
    case ValKind::I32:
    case ValKind::F32:
      return 4;
    case ValKind::V128:
      return 16;
    default:
      return 8;
  }
}

/// `type` as a one-element type list in static storage: the result list of
/// `block (result t)`, for every type whose heap type (if any) is abstract.
/// The compiler treats it like any other list without allocating one.
std::span<const ValType, 1> singleTypeList(ValType type);

}  // namespace kiln
