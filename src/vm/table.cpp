#include "vm/table.h"

#include <algorithm>

namespace kiln {

VMTable::VMTable(const TableType& type, uint32_t maximumSize)
    : type_(type), maximumSize_(maximumSize) {}

std::unique_ptr<VMTable> VMTable::create(const TableType& type, uint32_t maxElements, void* init) {
  uint32_t maximum = uint32_t(std::min<uint64_t>(type.limits.max.value_or(UINT32_MAX), maxElements));
  if (type.limits.min > maximum) return nullptr;
  const auto size = uint32_t(type.limits.min);  // at most maximum
  std::unique_ptr<VMTable> table(new VMTable(type, maximum));
  table->elements_.assign(size, init);
  table->ownDefinition_ = {table->elements_.data(), size};
  return table;
}

VMTable::~VMTable() {
  if (definition_ != &ownDefinition_) *definition_ = {nullptr, 0};
}

std::optional<uint32_t> VMTable::grow(uint32_t delta, void* init) {
  uint32_t oldSize = size();
  if (delta > maximumSize_ - oldSize) return std::nullopt;
  elements_.resize(size_t(oldSize) + delta, init);
  definition_->base = elements_.data();
  definition_->count = oldSize + delta;
  return oldSize;
}

void VMTable::publishTo(VMTableDefinition* slot) {
  VMTableDefinition* target = slot ? slot : &ownDefinition_;
  *target = *definition_;
  definition_ = target;
}

}  // namespace kiln
