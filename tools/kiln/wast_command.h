// `kiln wast FILE.wast...`: runs WebAssembly spec test scripts.
#pragma once

#include <memory>

#include "command.h"

namespace kiln {

/// Runs each script (text format, parsed with wabt) against Kiln's runtime
/// with the standard `spectest` module, each in its own process and store.
/// Prints "FILE:LINE: <command>: <what differed>" for each failed command,
/// "FILE: skipped: K" for a file with commands on SIMD modules (which the
/// compiler does not run yet), "skipped: K" in total, and last exactly
/// "N passed, M failed". --verbose adds a totals line per file. Exits 1 when
/// any command failed.
std::unique_ptr<Command> makeWastCommand();

}  // namespace kiln
