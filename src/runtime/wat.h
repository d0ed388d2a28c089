// The WebAssembly text format (.wat) to binary, through wabt's parser. Used by
// Module::fromFile, the spec-test runner and `kiln run`.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "types/expected.h"

namespace kiln {

/// Parses one module in the text format and encodes it in the binary format.
/// The error quotes wabt's diagnostics with line and column; `filename`
/// names the source in them. Validation is left to Kiln's validator.
Expected<std::vector<uint8_t>, std::string> watToBinary(std::string_view text,
                                                        std::string_view filename = "<text>");

}  // namespace kiln
