// `kiln compile FILE [-o OUTPUT]`: compiles a module ahead of time into a
// .kwasm file that `kiln run` (and Module::deserializeFile) load without
// compiling.
#pragma once

#include <memory>

#include "command.h"

namespace kiln {

/// Writes OUTPUT (default: FILE with the extension .kwasm). Exits 0 on
/// success, 1 when the module is refused, 2 when a file cannot be read or
/// written.
std::unique_ptr<Command> makeCompileCommand();

}  // namespace kiln
