// The text layer's entry point for modules: WebAssembly text (.wat) to the
// binary format. The result is not validated; Kiln's decoder and validator
// take it from there. See docs/text.md.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "text/text_error.h"
#include "kiln/expected.h"

namespace kiln::text {

struct WatOptions {
  /// Emit a "name" custom section with the module's, functions' and locals'
  /// $names (and @name annotations), for backtraces and tools.
  bool nameSection = true;
};

/// Parses one module: `(module $id? field*)`, or bare fields (the text
/// format's abbreviation for a module). Errors carry line and column.
Expected<std::vector<uint8_t>, TextError> parseWat(std::string_view text,
                                                   const WatOptions& options = {});

}  // namespace kiln::text
