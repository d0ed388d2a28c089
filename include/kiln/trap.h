// Traps as the embedding API reports them: code, message, Wasm backtrace.
#pragma once

#include "types/trap.h"       // kiln::Trap, kiln::TrapFrame
#include "types/trap_code.h"  // kiln::TrapCode
