// The types of the values the embedding API passes: which type a Val of a
// Wasm reference carries, and whether a host's Val may go where a value of
// some type is expected (an argument, a host function's result, a global,
// a table element).
#pragma once

#include "kiln/val.h"
#include "vm/signature_registry.h"

namespace kiln::runtime {

/// The type a Val carries for a Wasm value of `type`. Vals name abstract
/// heap types only: a reference to a defined type (a function type, as
/// modules with GC types are not compiled yet) is a (ref null? func), and
/// Func::fromVal(...).type() says the function's own type.
inline ValType valTypeOf(ValType type) {
  if (!type.isRef() || !type.heapType().isIndex()) return type;
  return ValType::ref(HeapType::kFunc, type.isNullable());
}

/// True when `value` may be stored where a value of `type` (defined types
/// as canonical ids) is expected. A null reference fits a nullable type of
/// its hierarchy; a non-null function reference is checked by its
/// function's own canonical type, so a funcref fits (ref $t) exactly when
/// its function has type $t or a subtype of it, whichever module defined $t.
bool fitsType(const SignatureRegistry& signatures, const Val& value, ValType type);

}  // namespace kiln::runtime
