// The WebAssembly text format (.wat) to the binary format.
#pragma once

#include "kiln/api.h"

#include <cstdint>
#include <string_view>
#include <vector>

#include "kiln/error.h"
#include "kiln/expected.h"

namespace kiln {

/// Parses one module in the text format and encodes it in the binary format,
/// for Module::fromBytes and Module::validate. A text that does not parse is
/// a Malformed error, one "LINE:COLUMN: message" line per problem. Validation
/// is left to Module::validate and Module::fromBytes.
KILN_API Expected<std::vector<uint8_t>, Error> watToBinary(std::string_view text);

/// A module in either format, in the binary format: bytes that start like a
/// binary module ("\0asm"; text never holds a NUL byte) are returned as they
/// are, anything else is converted with watToBinary.
KILN_API Expected<std::vector<uint8_t>, Error> toBinaryFormat(std::vector<uint8_t> bytes);

}  // namespace kiln
