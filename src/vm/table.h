// A WebAssembly table of funcref or externref elements, with 32- or 64-bit
// indices (table64); either way at most Config::maxTableElements of them.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "types/limits.h"

namespace kiln {

class VMResourceLimiter;

/// What compiled code reads to access a table: its elements and their count.
/// An element is a raw pointer: a funcref points to a `VMFuncRef`, an
/// externref is an opaque host pointer, and null is 0 for both.
struct VMTableDefinition {
  void** base;
  uint32_t count;
};
static_assert(sizeof(VMTableDefinition) == 16);

/// A growable table with an optional maximum. Not movable: its definition is
/// referenced by address from VMContexts.
class VMTable {
 public:
  /// A table of `type.limits.min` elements set to `init`, or null when the
  /// minimum is over `maxElements` (the engine's limit), `limiter` refuses it
  /// or there is no memory for it. `limiter` (its store's budget, may be
  /// null) is asked for every element it takes and must outlive it.
  static std::unique_ptr<VMTable> create(const TableType& type, uint32_t maxElements,
                                       void* init = nullptr,
                                       VMResourceLimiter* limiter = nullptr);
  ~VMTable();
  VMTable(const VMTable&) = delete;
  VMTable& operator=(const VMTable&) = delete;

  const TableType& type() const { return type_; }
  uint32_t size() const { return definition_->count; }
  /// The most elements this table may ever have.
  uint32_t maximumSize() const { return maximumSize_; }
  void** elements() const { return definition_->base; }

  /// Grows by `delta` elements set to `init`. Returns the old size, or
  /// nothing when the result would pass the maximum, the limiter refuses or
  /// there is no memory for it.
  std::optional<uint32_t> grow(uint64_t delta, void* init);

  /// The definition compiled code reads; always current.
  VMTableDefinition* definition() { return definition_; }
  /// As `VMMemory::publishTo`: keep `slot` current instead (null: back in here).
  void publishTo(VMTableDefinition* slot);

 private:
  VMTable(const TableType& type, uint32_t maximumSize);
  /// Resizes to `size` elements, new ones set to `init`, if the limiter
  /// grants them and the allocation succeeds.
  bool resize(uint32_t size, void* init);

  TableType type_;
  uint32_t maximumSize_;
  std::vector<void*> elements_;
  VMTableDefinition ownDefinition_{nullptr, 0};
  VMTableDefinition* definition_ = &ownDefinition_;
  VMResourceLimiter* limiter_ = nullptr;
};

}  // namespace kiln
