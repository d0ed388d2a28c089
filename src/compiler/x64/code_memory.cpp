#include "compiler/x64/code_memory.h"

#include <sys/mman.h>
#include <unistd.h>

#include "types/huge_pages.h"

namespace kiln::x64 {

namespace {

// A mapping that starts in huge pages stays in whole huge pages: cutting one
// in part would split it back into small pages, each faulting again.
size_t mappedSize(size_t size, bool hugePages) {
  if (hugePages || size >= kHugePageSize) return roundToHugePages(size);
  static const size_t page = size_t(sysconf(_SC_PAGESIZE));
  size_t rounded = (size + page - 1) / page * page;
  return rounded ? rounded : page;
}

}  // namespace

std::unique_ptr<CodeMemory> CodeMemory::allocate(size_t size) {
  size_t mapped = mappedSize(size, false);
  void* p = mapped >= kHugePageSize
                ? mapHugePages(mapped)
                : mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (!p || p == MAP_FAILED) return nullptr;
  return std::unique_ptr<CodeMemory>(new CodeMemory(static_cast<uint8_t*>(p), mapped));
}

std::unique_ptr<CodeMemory> CodeMemory::adopt(uint8_t* data, size_t size) {
  return std::unique_ptr<CodeMemory>(new CodeMemory(data, size));
}

CodeMemory::~CodeMemory() { munmap(data_, size_); }

bool CodeMemory::resize(size_t size) {
  size_t mapped = mappedSize(size, size_ >= kHugePageSize);
  if (mapped == size_) return true;
  // Remapping moves page tables, not bytes.
  void* p = mremap(data_, size_, mapped, MREMAP_MAYMOVE);
  if (p == MAP_FAILED) return false;
  data_ = static_cast<uint8_t*>(p);
  size_ = mapped;
  adviseHugePages(data_, size_);
  return true;
}

bool CodeMemory::makeExecutable() {
  if (mprotect(data_, size_, PROT_READ | PROT_EXEC) != 0) return false;
  __builtin___clear_cache(reinterpret_cast<char*>(data_), reinterpret_cast<char*>(data_ + size_));
  return true;
}

}  // namespace kiln::x64
