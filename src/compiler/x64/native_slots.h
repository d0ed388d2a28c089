// The argument/result area of Kiln's native calling convention
// (docs/compiler.md, "Calling convention"): values in consecutive 8-byte
// slots, a v128 in two. Compiled functions, the array-call entries and the
// host-call stubs all place values with these, so they agree.
#pragma once

#include <cstdint>
#include <span>

#include "types/value_type.h"

namespace kiln::x64 {

/// The 8-byte slots one value takes: two for a v128, one for the rest.
constexpr uint32_t nativeSlotCount(ValType type) { return type == ValType::V128 ? 2 : 1; }

/// The slots a list of values takes, in order.
constexpr uint32_t nativeSlotCount(std::span<const ValType> types) {
  uint32_t slots = 0;
  for (ValType type : types) slots += nativeSlotCount(type);
  return slots;
}

/// The slots of the area a call with these parameters and results needs:
/// parameters go in, and two or more results come back, in the same slots.
constexpr uint32_t nativeAreaSlots(std::span<const ValType> params,
                                   std::span<const ValType> results) {
  uint32_t in = nativeSlotCount(params);
  uint32_t out = results.size() >= 2 ? nativeSlotCount(results) : 0;
  return in > out ? in : out;
}

}  // namespace kiln::x64
