#include "text/text_error.h"

#include <algorithm>

namespace kiln::text {

std::string TextError::toString(std::string_view filename) const {
  return std::string(filename) + ":" + std::to_string(line) + ":" + std::to_string(column) +
         ": error: " + message;
}

TextError locateError(std::string_view text, size_t offset, std::string message) {
  offset = std::min(offset, text.size());
  TextError error;
  error.offset = offset;
  error.message = std::move(message);
  error.line = 1;
  size_t lineStart = 0;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++error.line;
      lineStart = i + 1;
    }
  }
  // Continuation bytes of UTF-8 sequences do not start a character.
  uint32_t column = 1;
  for (size_t i = lineStart; i < offset; ++i) {
    if ((uint8_t(text[i]) & 0xC0) != 0x80) ++column;
  }
  error.column = column;
  return error;
}

}  // namespace kiln::text
