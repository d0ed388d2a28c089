#include "vm/signature_registry.h"

namespace kiln {

uint32_t SignatureRegistry::intern(const FuncType& type) {
  std::lock_guard lock(mutex_);
  auto [it, inserted] = ids_.try_emplace({type.params, type.results}, uint32_t(ids_.size()));
  if (inserted) types_.push_back(type);
  return it->second;
}

const FuncType& SignatureRegistry::type(uint32_t id) const {
  std::lock_guard lock(mutex_);
  return types_[id];
}

}  // namespace kiln
