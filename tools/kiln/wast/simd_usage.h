// Whether a module uses SIMD, which the compiler decodes and validates but
// does not run yet: spec commands on such modules are skipped, not failed.
#pragma once

#include "binary/module.h"

namespace kiln {

/// True when a validated module mentions v128 anywhere: a type, a global,
/// a local or a 0xFD-prefixed instruction.
bool usesSimd(const WasmModule& module);

}  // namespace kiln
