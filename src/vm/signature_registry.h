// Canonical ids for function types, shared by all modules of an engine, so
// call_indirect compares two integers instead of two type structures.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <utility>
#include <vector>

#include "types/func_type.h"

namespace kiln {

/// Interns function types: equal types get equal ids. Thread-safe. Ids are
/// never reused, so a registry lives as long as its engine.
class SignatureRegistry {
 public:
  uint32_t intern(const FuncType& type);
  /// The type interned as `id` (which must come from `intern`). The reference
  /// stays valid as long as the registry.
  const FuncType& type(uint32_t id) const;

 private:
  mutable std::mutex mutex_;
  std::deque<FuncType> types_;  // by id; a deque so references stay valid
  std::map<std::pair<std::vector<ValType>, std::vector<ValType>>, uint32_t> ids_;
};

}  // namespace kiln
