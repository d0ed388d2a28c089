// Constant expressions as the VM evaluates them for an instance: global
// initialisers, segment offsets and element items (VMInstance::evaluate).
#pragma once

#include "binary/module.h"

namespace kiln {

/// Whether VMInstance::evaluate can compute `expr`: a single constant
/// instruction, or a sequence of i32/i64 constants, `global.get` and the
/// i32/i64 add, sub and mul of extended constant expressions. GC
/// allocations (struct.new, array.new, ref.i31, the extern/any conversions)
/// are not, and the compiler refuses modules that have them.
bool isEvaluable(const WasmModule& module, const ConstExpr& expr);

}  // namespace kiln
