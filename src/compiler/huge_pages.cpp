#include "compiler/huge_pages.h"

#include <sys/mman.h>

namespace kiln {

void adviseHugePages(void* data, size_t size) {
  constexpr size_t kHugePage = size_t(2) << 20;
  if (size >= 2 * kHugePage) madvise(data, size, MADV_HUGEPAGE);
}

void* mapHugePages(size_t size) {
  void* data = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (data == MAP_FAILED) return nullptr;
  adviseHugePages(data, size);
  return data;
}

void unmapHugePages(void* data, size_t size) { munmap(data, size); }

}  // namespace kiln
