// The WebAssembly text format (.wat) to binary, through Kiln's own text
// layer (src/text). Used by Module::fromFile, the spec-test runner and
// `kiln run`.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "types/expected.h"

namespace kiln {

/// Parses one module in the text format and encodes it in the binary format,
/// with a name section for the $names. The error reads
/// "<filename>:<line>:<column>: error: <message>". Validation is left to
/// Kiln's validator.
Expected<std::vector<uint8_t>, std::string> watToBinary(std::string_view text,
                                                        std::string_view filename = "<text>");

}  // namespace kiln
