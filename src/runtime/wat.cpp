#include "runtime/wat.h"

#include "text/wat.h"

namespace kiln {

Expected<std::vector<uint8_t>, std::string> watToBinary(std::string_view text,
                                                        std::string_view filename) {
  auto bytes = text::parseWat(text);
  if (!bytes) return Unexpected<std::string>{bytes.error().toString(filename)};
  return std::move(bytes).value();
}

}  // namespace kiln
