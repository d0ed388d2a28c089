#include "types/huge_pages.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>

namespace kiln {

void adviseHugePages(void* data, size_t size) {
  if (size < kHugePageSize) return;
  // madvise takes whole pages: those that [data, data + size) covers entirely.
  const uintptr_t page = uintptr_t(sysconf(_SC_PAGESIZE));
  const uintptr_t begin = (uintptr_t(data) + page - 1) & ~(page - 1);
  const uintptr_t end = (uintptr_t(data) + size) & ~(page - 1);
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
}

void* mapHugePages(size_t size) {
  // Map a huge page more than needed and cut the unaligned ends off: the
  // kernel only aligns some anonymous mappings to huge pages by itself.
  size_t padded = size + kHugePageSize;
  void* raw = mmap(nullptr, padded, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) return nullptr;
  uintptr_t begin = uintptr_t(raw);
  uintptr_t aligned = (begin + kHugePageSize - 1) & ~uintptr_t(kHugePageSize - 1);
  if (aligned > begin) munmap(raw, aligned - begin);
  uintptr_t end = aligned + size;
  if (begin + padded > end) munmap(reinterpret_cast<void*>(end), begin + padded - end);
  void* data = reinterpret_cast<void*>(aligned);
  adviseHugePages(data, size);
  return data;
}

void unmapHugePages(void* data, size_t size) { munmap(data, size); }

}  // namespace kiln
