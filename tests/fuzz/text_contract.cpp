#include "text_contract.h"

#include <algorithm>

#include "text/script.h"
#include "text/wat.h"

namespace kiln::fuzz {

namespace {

// Where the error points must exist: line and column inside the text.
std::optional<std::string> errorViolation(std::string_view text, const text::TextError& error,
                                          const char* what) {
  const size_t lines = size_t(std::count(text.begin(), text.end(), '\n')) + 1;
  if (error.message.empty()) return std::string(what) + ": empty error message";
  if (error.line < 1 || error.line > lines) return std::string(what) + ": line out of the text";
  if (error.column < 1) return std::string(what) + ": column 0";
  if (error.offset > text.size()) return std::string(what) + ": offset past the end";
  return std::nullopt;
}

}  // namespace

std::optional<std::string> textContractViolation(std::string_view text) {
  auto module = text::parseWat(text);
  if (module) {
    static constexpr uint8_t kHeader[] = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
    if (module->size() < 8 || !std::equal(kHeader, kHeader + 8, module->begin())) {
      return "parseWat: no module header";
    }
  } else if (auto violation = errorViolation(text, module.error(), "parseWat")) {
    return violation;
  }
  auto script = text::parseWast(text);
  if (!script) return errorViolation(text, script.error(), "parseWast");
  return std::nullopt;
}

}  // namespace kiln::fuzz
