// Why compiled code or a runtime routine stopped with a trap.
#pragma once

#include "kiln/api.h"

#include <cstdint>
#include <string_view>

namespace kiln {

/// Every reason a trap can be raised, once: X(enumerator, the spec test
/// suite's wording). The enum, its count, its names and its messages are
/// generated from this list.
#define KILN_TRAP_CODES(X)                                  \
  X(StackOverflow, "call stack exhausted")                  \
  X(HeapAccessOutOfBounds, "out of bounds memory access")   \
  X(HeapMisaligned, "unaligned atomic")                     \
  X(TableAccessOutOfBounds, "out of bounds table access")   \
  X(IndirectCallToNull, "uninitialized element")            \
  X(BadSignature, "indirect call type mismatch")            \
  X(IntegerOverflow, "integer overflow")                    \
  X(IntegerDivisionByZero, "integer divide by zero")        \
  X(BadConversionToInteger, "invalid conversion to integer") \
  X(Unreachable, "unreachable")                             \
  X(Interrupt, "interrupted")                               \
  X(OutOfFuel, "all fuel consumed")                         \
  X(NullFunctionReference, "null function reference")       \
  X(NullReference, "null reference")                        \
  X(NullExceptionReference, "null exception reference")    \
  X(ExpectedSharedMemory, "expected shared memory")          \
  X(CompileFailed, "function could not be compiled")

/// Values are stable, in list order from 0: compiled code passes them to
/// `kiln_raise_trap` as immediates.
enum class TrapCode : uint32_t {
#define KILN_TRAP_CODE_ENUMERATOR(name, message) name,
  KILN_TRAP_CODES(KILN_TRAP_CODE_ENUMERATOR)
#undef KILN_TRAP_CODE_ENUMERATOR
};

/// The number of `TrapCode` values.
inline constexpr uint32_t kTrapCodeCount = 0
#define KILN_TRAP_CODE_ONE(name, message) +1
    KILN_TRAP_CODES(KILN_TRAP_CODE_ONE)
#undef KILN_TRAP_CODE_ONE
    ;

/// The spec test suite's wording for the trap, e.g. "out of bounds memory access".
KILN_API std::string_view trapMessage(TrapCode code);

/// The enumerator's name, e.g. "HeapAccessOutOfBounds".
KILN_API std::string_view toString(TrapCode code);

}  // namespace kiln
