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

std::string unsupportedMessage(Feature feature, std::string_view construct) {
  std::string message(featureName(feature));
  message += " (";
  message += construct;
  message += ") is not supported by Kiln yet";
  return message;
}

DecodeFailure unsupportedFailure(size_t offset, Feature feature, std::string_view construct,
                                 std::optional<uint32_t> function) {
  return DecodeFailure{offset, unsupportedMessage(feature, construct), ModuleErrorKind::Unsupported,
                       function, feature};
}

}  // namespace kiln
