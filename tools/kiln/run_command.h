// `kiln run FILE [--invoke NAME [ARGS...]]`: runs a module's function.
#pragma once

#include <memory>

#include "command.h"

namespace kiln {

/// Instantiates a module (.wasm or .wat) with no imports (no WASI yet) and
/// calls the export NAME (default `_start`) with ARGS parsed per its
/// parameter types; prints each result on its own line. Exits 0 on success;
/// 1 when the module does not load or link (the error names a missing
/// import) or has no such export; 2 on bad usage or arguments; 134 when the
/// call traps, after printing "error: <message>" and the Wasm backtrace on
/// stderr.
std::unique_ptr<Command> makeRunCommand();

}  // namespace kiln
