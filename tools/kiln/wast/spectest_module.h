// The `spectest` module every spec script may import from.
#pragma once

#include "kiln/linker.h"
#include "kiln/store.h"

namespace kiln {

/// Defines the spec interpreter's `spectest` module in `linker`, its objects
/// owned by `store`: functions print, print_i32, print_i64, print_f32,
/// print_f64, print_i32_f32, print_f64_f64 (they accept their arguments and
/// print nothing, so script output stays readable); immutable globals
/// global_i32 = 666, global_i64 = 666, global_f32 = 666.6, global_f64 = 666.6;
/// `table`: 10 funcref, max 20; `memory`: 1 page, max 2. False when the store
/// cannot create one of them.
bool defineSpectest(Linker& linker, Store& store);

}  // namespace kiln
