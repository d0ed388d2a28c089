// Value types (defined in the public include/kiln/value_type.h) and the
// helpers the front end, compiler and VM use on them.
#pragma once

#include <cstdint>
#include <span>

#include "kiln/value_type.h"

namespace kiln {

/// True for the types of WebAssembly 2.0 (numbers, v128, funcref, externref)
/// and their non-nullable references, which 3.0 gives some 2.0 constructs
/// (ref.func, element segments of function indices): the types a 2.0
/// engine represents.
constexpr bool isSimpleType(ValType type) {
  return !type.isRef() || type.heapType() == HeapType::kFunc ||
         type.heapType() == HeapType::kExtern;
}

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
