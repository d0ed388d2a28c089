#include "vm/signature_registry.h"

#include "types/type_canonicalization.h"

namespace kiln {

namespace {

// `type` with its references to the group's own types made canonical too:
// `first` is the id of the group's first type.
ValType absolute(ValType type, uint32_t first) {
  if (!type.isRef() || !type.heapType().isIndex() ||
      type.heapType().space() != HeapType::Space::RecGroup) {
    return type;
  }
  return ValType::ref(HeapType::defined(first + type.heapType().index(), HeapType::Space::Canonical),
                      type.isNullable());
}

}  // namespace

std::vector<uint32_t> SignatureRegistry::internTypes(std::span<const DefinedType> types) {
  std::vector<uint32_t> ids;
  ids.reserve(types.size());
  std::lock_guard lock(mutex_);
  uint32_t start = 0;
  while (start < types.size()) {
    const uint32_t size = types[start].recGroupSize;
    internGroup(types, start, size, ids);
    start += size;
  }
  return ids;
}

uint32_t SignatureRegistry::intern(const FuncType& type) {
  DefinedType defined;
  defined.composite.func = type;
  std::vector<uint32_t> ids;
  std::lock_guard lock(mutex_);
  internGroup(std::span<const DefinedType>(&defined, 1), 0, 1, ids);
  return ids[0];
}

void SignatureRegistry::internGroup(std::span<const DefinedType> types, uint32_t start,
                                    uint32_t size, std::vector<uint32_t>& ids) {
  auto outside = [&ids](uint32_t index) { return ids[index]; };
  const std::span<const DefinedType> group = types.subspan(start, size);
  const std::string key = recGroupKey(group, start, HeapType::Space::Canonical, outside);
  const auto [found, inserted] = groups_.try_emplace(key, uint32_t(types_.size()));
  const uint32_t first = found->second;
  if (inserted) {
    for (const DefinedType& type : group) {
      Entry entry;
      entry.type = type;
      auto canonical = [&](ValType t) {
        return absolute(canonicalValType(t, start, size, HeapType::Space::Canonical, outside), first);
      };
      for (ValType& param : entry.type.composite.func.params) param = canonical(param);
      for (ValType& result : entry.type.composite.func.results) result = canonical(result);
      for (FieldType& field : entry.type.composite.fields) {
        field.storage.type = canonical(field.storage.type);
      }
      if (type.supertype) {
        entry.supertype = *type.supertype >= start ? first + (*type.supertype - start)
                                                   : ids[*type.supertype];
      }
      entry.type.supertype = entry.supertype;
      entry.type.recGroupStart = first;
      entry.type.canonicalIndex = uint32_t(types_.size());
      types_.push_back(std::move(entry));
    }
  }
  for (uint32_t k = 0; k < size; ++k) ids.push_back(first + k);
}

const FuncType& SignatureRegistry::type(uint32_t id) const {
  std::lock_guard lock(mutex_);
  return types_[id].type.composite.func;
}

const DefinedType& SignatureRegistry::definedType(uint32_t id) const {
  std::lock_guard lock(mutex_);
  return types_[id].type;
}

bool SignatureRegistry::isSubtype(uint32_t sub, uint32_t super) const {
  std::lock_guard lock(mutex_);
  for (std::optional<uint32_t> id = sub; id; id = types_[*id].supertype) {
    if (*id == super) return true;
  }
  return false;
}

HeapType::Code SignatureRegistry::abstractSupertype(uint32_t id) const {
  const DefinedType& type = definedType(id);
  if (type.isStruct()) return HeapType::kStruct;
  if (type.isArray()) return HeapType::kArray;
  return HeapType::kFunc;
}

HeapType::Code SignatureRegistry::topOf(HeapType heap) const {
  return topOfAbstract(heap.isIndex() ? abstractSupertype(heap.index()) : heap.code());
}

bool SignatureRegistry::isValSubtype(ValType sub, ValType super) const {
  if (!sub.isRef() || !super.isRef()) return sub == super;
  if (sub.isNullable() && !super.isNullable()) return false;
  const HeapType from = sub.heapType();
  const HeapType to = super.heapType();
  if (from.isIndex() && to.isIndex()) return isSubtype(from.index(), to.index());
  if (from.isIndex()) return isAbstractSubtype(abstractSupertype(from.index()), to.code());
  // Below a defined type only its hierarchy's bottom.
  if (to.isIndex()) return from.code() == bottomOfTop(topOf(to)) || from.code() == HeapType::kBottom;
  return isAbstractSubtype(from.code(), to.code());
}

ValType canonicalType(ValType type, std::span<const uint32_t> typeIds) {
  return canonicalValType(type, 0, 0, HeapType::Space::Canonical,
                          [&](uint32_t index) { return typeIds[index]; });
}

}  // namespace kiln
