// Canonical ids for the defined types of every module of an engine (function,
// struct and array types), so that call_indirect and import matching compare
// integers instead of type structures.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "types/defined_type.h"
#include "types/func_type.h"

namespace kiln {

/// Interns recursion groups engine-wide: types are iso-recursive, so two
/// modules that define the same recursion group (same structure, same
/// positions, same canonical types outside it) get the same canonical ids
/// for its types; equal ids, equal types. Thread-safe. Ids are never reused,
/// so a registry lives as long as its engine. See docs/frontend.md.
class SignatureRegistry {
 public:
  /// The canonical id of each of `types` (a module's validated type index
  /// space), by type index.
  std::vector<uint32_t> internTypes(std::span<const DefinedType> types);
  /// The id of a function type given by the host: the same as a module's
  /// `(type (func ...))` with that signature. Its types must not name
  /// defined types of a module (only numbers, vectors and abstract
  /// references).
  uint32_t intern(const FuncType& type);

  /// The function type interned as `id` (which must be a function type's
  /// id). References to defined types in it name canonical ids
  /// (HeapType::Space::Canonical). The reference stays valid as long as the
  /// registry.
  const FuncType& type(uint32_t id) const;
  /// The type interned as `id`, in the same canonical form.
  const DefinedType& definedType(uint32_t id) const;
  /// True when type `sub` is `super` or declares it as a (transitive)
  /// supertype: the subtyping of defined types across modules.
  bool isSubtype(uint32_t sub, uint32_t super) const;
  /// The abstract heap type just above defined type `id`: func, struct or array.
  HeapType::Code abstractSupertype(uint32_t id) const;
  /// Subtyping of value types whose defined types are canonical ids
  /// (HeapType::Space::Canonical), across modules: import matching of
  /// globals and the checks of the values a host passes.
  bool isValSubtype(ValType sub, ValType super) const;
  /// The root of the hierarchy of `heap` (func, extern, any or exn).
  HeapType::Code topOf(HeapType heap) const;

 private:
  struct Entry {
    DefinedType type;                   // references as canonical ids
    std::optional<uint32_t> supertype;  // canonical id
  };
  // Interns the group types[start, start + size), whose outside references
  // map through `ids`; appends the group's ids to `ids`. Mutex held.
  void internGroup(std::span<const DefinedType> types, uint32_t start, uint32_t size,
                   std::vector<uint32_t>& ids);

  mutable std::mutex mutex_;
  std::deque<Entry> types_;  // by id; a deque so references stay valid
  std::unordered_map<std::string, uint32_t> groups_;  // group key -> id of its first type
};

/// `type` of a module whose canonical type ids are `typeIds` (by type
/// index), with its defined type, if any, as a canonical id: the form in
/// which instances keep the types of their tables and globals, so that
/// types compare across modules.
ValType canonicalType(ValType type, std::span<const uint32_t> typeIds);

}  // namespace kiln
