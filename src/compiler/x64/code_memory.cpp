#include "compiler/x64/code_memory.h"

#include <sys/mman.h>
#include <unistd.h>

#include "compiler/huge_pages.h"

namespace kiln::x64 {

namespace {

size_t roundToPages(size_t size) {
  static const size_t page = size_t(sysconf(_SC_PAGESIZE));
  size_t rounded = (size + page - 1) / page * page;
  return rounded ? rounded : page;
}

}  // namespace

std::unique_ptr<CodeMemory> CodeMemory::allocate(size_t size) {
  size_t rounded = roundToPages(size);
  void* p = mmap(nullptr, rounded, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return nullptr;
  adviseHugePages(static_cast<uint8_t*>(p), rounded);
  return std::unique_ptr<CodeMemory>(new CodeMemory(static_cast<uint8_t*>(p), rounded));
}

CodeMemory::~CodeMemory() { munmap(data_, size_); }

bool CodeMemory::resize(size_t size) {
  size_t rounded = roundToPages(size);
  if (rounded == size_) return true;
  // Remapping moves page tables, not bytes.
  void* p = mremap(data_, size_, rounded, MREMAP_MAYMOVE);
  if (p == MAP_FAILED) return false;
  data_ = static_cast<uint8_t*>(p);
  size_ = rounded;
  adviseHugePages(data_, size_);
  return true;
}

bool CodeMemory::makeExecutable() {
  if (mprotect(data_, size_, PROT_READ | PROT_EXEC) != 0) return false;
  __builtin___clear_cache(reinterpret_cast<char*>(data_), reinterpret_cast<char*>(data_ + size_));
  return true;
}

}  // namespace kiln::x64
