// Why compiled code or a runtime routine stopped with a trap.
#pragma once

#include <cstdint>
#include <string_view>

namespace kiln {

/// Every reason a trap can be raised. Values are stable: compiled code passes
/// them to `kiln_raise_trap` as immediates.
enum class TrapCode : uint32_t {
  StackOverflow = 0,
  HeapAccessOutOfBounds,
  HeapMisaligned,
  TableAccessOutOfBounds,
  IndirectCallToNull,
  BadSignature,
  IntegerOverflow,
  IntegerDivisionByZero,
  BadConversionToInteger,
  Unreachable,
  Interrupt,
};

/// The number of `TrapCode` values.
inline constexpr uint32_t kTrapCodeCount = 11;

/// The spec test suite's wording for the trap, e.g. "out of bounds memory access".
std::string_view trapMessage(TrapCode code);

/// The enumerator's name, e.g. "HeapAccessOutOfBounds".
std::string_view toString(TrapCode code);

}  // namespace kiln
