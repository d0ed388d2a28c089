#include "binary/module_error.h"

#include <cstdio>

namespace kiln {

std::string ModuleError::toString() const {
  char head[64];
  std::snprintf(head, sizeof head, "0x%zx: ", offset);
  std::string out = head;
  if (function) out += "in function " + std::to_string(*function) + ": ";
  out += message;
  return out;
}

}  // namespace kiln
