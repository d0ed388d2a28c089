#include "vm/table.h"

#include <algorithm>
#include <new>

#include "types/huge_pages.h"
#include "vm/resource_limiter.h"

namespace kiln {

VMTable::VMTable(const TableType& type, uint32_t maximumSize)
    : type_(type), maximumSize_(maximumSize) {}

std::unique_ptr<VMTable> VMTable::create(const TableType& type, uint32_t maxElements, void* init,
                                         VMResourceLimiter* limiter) {
  uint32_t maximum = uint32_t(std::min<uint64_t>(type.limits.max.value_or(UINT32_MAX), maxElements));
  if (type.limits.min > maximum) return nullptr;
  std::unique_ptr<VMTable> table(new VMTable(type, maximum));
  table->limiter_ = limiter;
  if (!table->resize(uint32_t(type.limits.min), init)) return nullptr;  // min <= maximum
  return table;
}

VMTable::~VMTable() {
  if (limiter_ && !elements_.empty()) limiter_->tableReleased(elements_.size());
  if (definition_ != &ownDefinition_) *definition_ = {nullptr, 0};
}

bool VMTable::resize(uint32_t size, void* init) {
  uint32_t oldSize = uint32_t(elements_.size());
  if (limiter_ && !limiter_->tableGrowing(oldSize, size, maximumSize_)) return false;
  try {
    // Growth is called from compiled code through a libcall, which must
    // never unwind: running out of memory is a refusal like any other.
    // The first sizing, a table's minimum, may be megabytes (pandoc's:
    // 500,000 elements); growth keeps the vector's doubling.
    if (elements_.empty()) reserveInHugePages(elements_, size);
    elements_.resize(size, init);
  } catch (const std::bad_alloc&) {
    if (limiter_) limiter_->tableReleased(size - oldSize);
    return false;
  }
  definition_->base = elements_.data();
  definition_->count = size;
  return true;
}

std::optional<uint32_t> VMTable::grow(uint64_t delta, void* init) {
  uint32_t oldSize = size();
  if (delta > maximumSize_ - oldSize) return std::nullopt;
  if (delta == 0) return oldSize;
  if (!resize(uint32_t(oldSize + delta), init)) return std::nullopt;  // <= maximumSize_
  return oldSize;
}

void VMTable::publishTo(VMTableDefinition* slot) {
  VMTableDefinition* target = slot ? slot : &ownDefinition_;
  *target = *definition_;
  definition_ = target;
}

}  // namespace kiln
