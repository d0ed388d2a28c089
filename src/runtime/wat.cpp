#include "kiln/wat.h"

#include <string>

#include "text/wat.h"

namespace kiln {

Expected<std::vector<uint8_t>, Error> watToBinary(std::string_view text) {
  auto bytes = text::parseWat(text);
  if (!bytes) {
    const text::TextError& error = bytes.error();
    return Unexpected{Error(ErrorKind::Malformed, std::to_string(error.line) + ":" +
                                                      std::to_string(error.column) + ": " +
                                                      error.message)};
  }
  return std::move(bytes).value();
}

}  // namespace kiln
