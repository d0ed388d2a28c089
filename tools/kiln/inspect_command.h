// `kiln inspect FILE [--json]`: what a module contains; `kiln inspect --asm
// FILE [FUNC]`: the machine code the compiler generates for it.
#pragma once

#include <memory>

#include "command.h"

namespace kiln {

/// Prints a module's sections, imports, exports, index-space sizes, segment
/// counts, start function and function names (from the name section), as
/// compact text or, with --json, as one JSON object. A malformed or invalid
/// module is reported like `kiln validate` does, with exit code 1. With
/// --asm, prints the x86-64 listing of one defined function (by index, name or
/// export name) or of all, annotated with Wasm offsets, under the compiler
/// options given (--bounds-checks, --force-libcalls).
std::unique_ptr<Command> makeInspectCommand();

}  // namespace kiln
