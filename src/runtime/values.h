// Converting between typed `Val`s and the untyped slots compiled code uses.
#pragma once

#include "kiln/val.h"
#include "vm/global.h"
#include "vm/val_raw.h"

namespace kiln::runtime {

/// `value` in a 16-byte slot (unused bytes zero).
ValRaw toRaw(const Val& value);
/// The slot read as a value of `type`.
Val fromRaw(const ValRaw& raw, ValType type);

/// The zero (or null) value of `type`.
Val zeroValue(ValType type);

/// A global's storage as a value of `type`, and back.
Val fromGlobal(const VMGlobalDefinition& storage, ValType type);
void toGlobal(const Val& value, VMGlobalDefinition& storage);

}  // namespace kiln::runtime
