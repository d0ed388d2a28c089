// `kiln run [--dir HOST[::GUEST]]... [--env NAME[=VALUE]]... [--invoke NAME]
// FILE [ARGS...]`: runs a WASI program, or one function of a module.
#pragma once

#include <memory>

#include "command.h"

namespace kiln {

/// Instantiates a module (.wasm or .wat) with WASI preview 1 available
/// (only the preopened directories and the given variables are visible).
/// Without --invoke it runs `_start` with argv = FILE, ARGS and exits with
/// the guest's status (0 when `_start` returns, proc_exit's code otherwise).
/// With --invoke it calls export NAME with ARGS parsed per its parameter
/// types and prints each result on its own line. Exits 1 when the module
/// does not load or link (the error names a missing import) or has no such
/// export; 2 on bad usage or arguments; 134 when the call traps, after
/// printing "error: <message>" and the Wasm backtrace on stderr.
std::unique_ptr<Command> makeRunCommand();

}  // namespace kiln
