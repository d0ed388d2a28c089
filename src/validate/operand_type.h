// Operand types as the validator sees them: a value type, or "unknown" for
// values popped from an unreachable (stack-polymorphic) part of a body.
#pragma once

#include <string_view>

#include "types/value_type.h"

namespace kiln {

/// The type of an operand whose type is unconstrained because it comes from
/// unreachable code. Not a valid encoding of any value type.
inline constexpr ValType kUnknownType = static_cast<ValType>(0);

/// The text-format name of `type`, or "unknown" for kUnknownType.
inline std::string_view typeName(ValType type) {
  return type == kUnknownType ? std::string_view("unknown") : toString(type);
}

}  // namespace kiln
