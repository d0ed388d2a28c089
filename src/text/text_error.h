// Errors of the text layer: where in the text (line and column) and what
// the text format's rule says, in the spec's wording so that an
// `assert_malformed` script finds its expected text in the message.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace kiln::text {

/// A text-format error. Lines and columns count from 1; columns count
/// characters (UTF-8 code points), not bytes.
struct TextError {
  uint32_t line = 0;
  uint32_t column = 0;
  size_t offset = 0;  // byte offset in the text
  std::string message;

  /// "<filename>:<line>:<column>: error: <message>".
  std::string toString(std::string_view filename) const;
};

/// Thrown inside the text layer; the entry points turn it into a returned
/// `TextError`. Carries the byte offset only: line and column are computed
/// once, when an error is reported.
struct TextFailure {
  size_t offset;
  std::string message;
};

/// Line and column of `offset` in `text`.
TextError locateError(std::string_view text, size_t offset, std::string message);

}  // namespace kiln::text
