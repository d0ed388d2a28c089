#include "vm/signature_registry.h"

namespace kiln {

uint32_t SignatureRegistry::intern(const FuncType& type) {
  std::lock_guard lock(mutex_);
  auto [it, inserted] = ids_.try_emplace({type.params, type.results}, uint32_t(ids_.size()));
  return it->second;
}

}  // namespace kiln
