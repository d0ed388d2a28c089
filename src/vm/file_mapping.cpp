#include "vm/file_mapping.h"

#include <sys/mman.h>

namespace kiln {

FileMapping::~FileMapping() { unmap(); }

void FileMapping::unmap() {
  if (data_) munmap(data_, size_);
  data_ = nullptr;
  size_ = 0;
}

bool FileMapping::map(int fd, size_t size) {
  void* p = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (p == MAP_FAILED) return false;
  unmap();
  data_ = static_cast<uint8_t*>(p);
  size_ = size;
  return true;
}

bool FileMapping::protect(size_t offset, int protection) {
  return mprotect(data_ + offset, size_ - offset, protection) == 0;
}

void FileMapping::evict(size_t offset, size_t size) {
  // Private and never written: dropping the pages loses nothing.
  madvise(data_ + offset, size, MADV_DONTNEED);
}

std::span<uint8_t> FileMapping::release() {
  std::span<uint8_t> pages(data_, size_);
  data_ = nullptr;
  size_ = 0;
  return pages;
}

}  // namespace kiln
