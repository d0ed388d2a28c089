// Defined types: the entries of a module's type section. Each is a
// composite type with its place in the subtype hierarchy (`sub`, `final`,
// declared supertype) and in a recursion group (`rec`).
#pragma once

#include <cstdint>
#include <optional>

#include "types/composite_type.h"

namespace kiln {

/// One type of the type index space. Types are iso-recursive: a type is
/// identified by its recursion group's structure and its position in it,
/// so two modules (or two groups of one module) that define the same group
/// define the same types. See docs/frontend.md.
struct DefinedType {
  CompositeType composite;
  /// `sub final` (the default when no `sub` is written): no subtypes.
  bool isFinal = true;
  /// The declared supertype (a type index), if any: the first of the
  /// `supertypeCount` listed (3.0 allows at most one).
  std::optional<uint32_t> supertype;
  uint32_t supertypeCount = 0;
  /// The recursion group: the index of its first type and how many it has.
  uint32_t recGroupStart = 0;
  uint32_t recGroupSize = 1;
  /// Set by the validator: the smallest type index of the module whose type
  /// equals this one (iso-recursive equality), and how many declared
  /// supertypes are above it.
  uint32_t canonicalIndex = 0;
  uint32_t subtypeDepth = 0;

  /// A final function type without supertype, alone in its group (what
  /// `(type (func ...))` defines, and what 2.0 modules have).
  static DefinedType function(FuncType type) {
    DefinedType defined;
    defined.composite.func = std::move(type);
    return defined;
  }

  bool isFunc() const { return composite.kind == CompositeType::Kind::Func; }
  bool isStruct() const { return composite.kind == CompositeType::Kind::Struct; }
  bool isArray() const { return composite.kind == CompositeType::Kind::Array; }
  const FuncType& func() const { return composite.func; }
};

}  // namespace kiln
