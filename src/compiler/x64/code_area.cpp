#include "compiler/x64/code_area.h"

#include <algorithm>
#include <mutex>

namespace kiln::x64 {

CodeArea::CodeArea(size_t expectedSize)
    : memory_(CodeMemory::allocate(std::min(expectedSize, kMaxSize))) {
  if (!memory_) failed_ = true;
}

std::optional<uint32_t> CodeArea::place(asmjit::CodeHolder& code) {
  const size_t size = code.codeSize();
  const size_t reserved = (size + 15) & ~size_t(15);
  const size_t start = used_.fetch_add(reserved);
  const size_t end = start + reserved;
  if (end > kMaxSize || failed_) {
    failed_ = true;
    return std::nullopt;
  }
  std::shared_lock shared(mutex_);
  if (end > memory_->size()) {
    shared.unlock();
    {
      std::unique_lock exclusive(mutex_);
      // Another thread may have grown it meanwhile; grow by half at least, so
      // growing stays rare.
      if (end > memory_->size()) {
        size_t grown = std::min(kMaxSize, std::max(end, memory_->size() + memory_->size() / 2));
        if (!memory_->resize(grown)) {
          failed_ = true;
          return std::nullopt;
        }
      }
    }
    shared.lock();
  }
  code.copyFlattenedData(memory_->data() + start, size);
  return uint32_t(start);
}

uint32_t CodeArea::nextOffset() const { return uint32_t(used_.load()); }

std::unique_ptr<CodeMemory> CodeArea::finish() {
  if (failed_ || !memory_->resize(used_.load())) return nullptr;
  return std::move(memory_);
}

}  // namespace kiln::x64
