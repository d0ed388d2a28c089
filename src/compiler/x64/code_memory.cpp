#include "compiler/x64/code_memory.h"

#include <sys/mman.h>
#include <unistd.h>

namespace kiln::x64 {

std::unique_ptr<CodeMemory> CodeMemory::allocate(size_t size) {
  size_t page = size_t(sysconf(_SC_PAGESIZE));
  size_t rounded = (size + page - 1) / page * page;
  if (rounded == 0) rounded = page;
  void* p = mmap(nullptr, rounded, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return nullptr;
  return std::unique_ptr<CodeMemory>(new CodeMemory(static_cast<uint8_t*>(p), rounded));
}

CodeMemory::~CodeMemory() { munmap(data_, size_); }

bool CodeMemory::makeExecutable() {
  if (mprotect(data_, size_, PROT_READ | PROT_EXEC) != 0) return false;
  __builtin___clear_cache(reinterpret_cast<char*>(data_), reinterpret_cast<char*>(data_ + size_));
  return true;
}

}  // namespace kiln::x64
