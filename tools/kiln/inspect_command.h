// `kiln inspect FILE [--json]`: what a module contains.
#pragma once

#include <memory>

#include "command.h"

namespace kiln {

/// Prints a module's sections, imports, exports, index-space sizes, segment
/// counts, start function and function names (from the name section), as
/// compact text or, with --json, as one JSON object. A malformed or invalid
/// module is reported like `kiln validate` does, with exit code 1.
std::unique_ptr<Command> makeInspectCommand();

}  // namespace kiln
