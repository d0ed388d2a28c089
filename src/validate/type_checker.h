// Subtyping and type equality between the types of one module, as the
// validator needs them. Defined types compare by their canonical index
// (iso-recursive equality, computed when the type section is validated)
// and are subtypes along their declared supertype chains.
#pragma once

#include <vector>

#include "types/defined_type.h"
#include "types/value_type.h"

namespace kiln {

class TypeChecker {
 public:
  explicit TypeChecker(const std::vector<DefinedType>& types) : types_(types) {}

  /// sub <: super. The validator's unknown type (all bits zero) is a
  /// subtype of everything.
  bool isSubtype(ValType sub, ValType super) const {
    if (sub == super || sub.bits() == 0) return true;
    return isRefSubtype(sub, super);
  }
  bool isHeapSubtype(HeapType sub, HeapType super) const;
  bool isFieldSubtype(const FieldType& sub, const FieldType& super) const;
  /// The rule for a declared supertype: functions contravariant in their
  /// parameters and covariant in their results; structs with at least the
  /// supertype's fields; fields covariant when immutable, equal when mutable.
  bool isCompositeSubtype(const CompositeType& sub, const CompositeType& super) const;
  /// Type equality (both ways subtypes).
  bool equal(ValType a, ValType b) const { return isSubtype(a, b) && isSubtype(b, a); }

  /// The root of the hierarchy `type` belongs to: any, func, extern or exn.
  HeapType::Code topOf(HeapType type) const;
  /// The least heap type of that hierarchy: none, nofunc, noextern, noexn.
  HeapType::Code bottomOf(HeapType type) const { return bottomOfTop(topOf(type)); }

  /// The defined type `index` (which must exist).
  const DefinedType& type(uint32_t index) const { return types_[index]; }

 private:
  bool isRefSubtype(ValType sub, ValType super) const;

  const std::vector<DefinedType>& types_;
};

}  // namespace kiln
