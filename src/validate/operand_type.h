// Operand types as the validator sees them: a value type, or "unknown" for
// values popped from an unreachable (stack-polymorphic) part of a body.
#pragma once

#include <string>

#include "types/value_type.h"

namespace kiln {

/// The type of an operand whose type is unconstrained because it comes from
/// unreachable code: all bits zero, which encodes no value type.
inline constexpr ValType kUnknownType = ValType::fromBits(0);

/// The text-format name of `type`, or "unknown" for kUnknownType.
inline std::string typeName(ValType type) {
  return type == kUnknownType ? std::string("unknown") : toString(type);
}

}  // namespace kiln
