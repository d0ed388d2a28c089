// UTF-8 validation, as WebAssembly names and WASI paths require it.
#pragma once

#include "kiln/api.h"

#include <cstdint>
#include <span>

namespace kiln {

/// True when `bytes` is well-formed UTF-8 (no overlongs, surrogates or
/// code points above U+10FFFF): the rule for the names in a module, and for
/// strings a host function reads from guest memory (e.g. WASI paths).
KILN_API bool isValidUtf8(std::span<const uint8_t> bytes);

}  // namespace kiln
