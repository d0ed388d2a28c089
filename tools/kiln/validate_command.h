// `kiln validate FILE...`: decodes and validates modules.
#pragma once

#include <memory>

#include "command.h"

namespace kiln {

/// Prints "FILE: ok" or "FILE: error: <offset>: <message>" for each file
/// (.wasm, or .wat converted to binary first).
/// Exits 0 when all are valid, 1 when any is malformed or invalid, 2 when
/// any cannot be read.
std::unique_ptr<Command> makeValidateCommand();

}  // namespace kiln
