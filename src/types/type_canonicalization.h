// The structural identity of recursion groups (iso-recursive types).
//
// A defined type is a position in a recursion group; two groups are the
// same when they have the same structure, where references to types of the
// group count by their position in it and references to other types by
// those types' identity. Both canonicalizers use this: the validator's
// within one module (canonical type indices, DefinedType::canonicalIndex)
// and the engine's across modules (TypeRegistry, canonical ids).
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <string>

#include "types/defined_type.h"

namespace kiln {

/// `type` as canonicalization sees it: a reference to a type of the group
/// [groupStart, groupStart + groupSize) becomes its position in the group
/// (HeapType::Space::RecGroup); a reference to any other type becomes
/// `outside(index)` in `outsideSpace` (an index that is already canonical).
template <class Outside>
ValType canonicalValType(ValType type, uint32_t groupStart, uint32_t groupSize,
                         HeapType::Space outsideSpace, Outside&& outside) {
  if (!type.isRef() || !type.heapType().isIndex()) return type;
  const uint32_t index = type.heapType().index();
  const HeapType heap = index - groupStart < groupSize
                            ? HeapType::defined(index - groupStart, HeapType::Space::RecGroup)
                            : HeapType::defined(outside(index), outsideSpace);
  return ValType::ref(heap, type.isNullable());
}

/// The key of a recursion group: equal keys, equal groups. `group` holds
/// the group's types, the first of which has index `groupStart`.
template <class Outside>
std::string recGroupKey(std::span<const DefinedType> group, uint32_t groupStart,
                        HeapType::Space outsideSpace, Outside&& outside) {
  std::string key;
  const auto groupSize = uint32_t(group.size());
  auto put = [&key](uint32_t value) {
    char bytes[4];
    std::memcpy(bytes, &value, 4);
    key.append(bytes, 4);
  };
  auto putType = [&](ValType type) {
    put(canonicalValType(type, groupStart, groupSize, outsideSpace, outside).bits());
  };
  put(groupSize);
  for (const DefinedType& type : group) {
    put(uint32_t(type.composite.kind) | (type.isFinal ? 0x100 : 0));
    if (type.supertype) {
      putType(ValType::ref(HeapType::defined(*type.supertype), false));
    } else {
      put(0);
    }
    const CompositeType& composite = type.composite;
    if (composite.kind == CompositeType::Kind::Func) {
      put(uint32_t(composite.func.params.size()));
      for (ValType param : composite.func.params) putType(param);
      put(uint32_t(composite.func.results.size()));
      for (ValType result : composite.func.results) putType(result);
    } else {
      put(uint32_t(composite.fields.size()));
      for (const FieldType& field : composite.fields) {
        put(uint32_t(field.storage.packed) | (field.isMutable ? 0x100 : 0));
        putType(field.storage.type);
      }
    }
  }
  return key;
}

}  // namespace kiln
