#include "types/limits.h"

namespace kiln {

bool limitsMatch(const Limits& actual, const Limits& expected) {
  if (actual.min < expected.min) return false;
  if (!expected.max) return true;
  return actual.max && *actual.max <= *expected.max;
}

}  // namespace kiln
