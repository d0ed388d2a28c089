// Transparent huge pages for the compiler's large buffers. A large module's
// code and site lists are tens of megabytes written once, front to back; in
// 4 KiB pages that is thousands of page faults, each costly (very much so
// on virtual machines), where 2 MiB pages take one fault per 2 MiB.
#pragma once

#include <cstddef>
#include <new>

namespace kiln {

/// Asks the kernel to back the 2 MiB-aligned parts of the mapping
/// [data, data + size) with huge pages, when it is large enough that the
/// last partly used huge page wastes little. A hint: the mapping works
/// either way.
void adviseHugePages(void* data, size_t size);

/// A private read+write mapping of `size` bytes (a multiple of 2 MiB),
/// advised as huge pages; null when mmap fails.
void* mapHugePages(size_t size);
void unmapHugePages(void* data, size_t size);

/// The allocator of lists that may grow to megabytes: blocks of 4 MiB and
/// more are mappings in huge pages, smaller ones come from operator new.
template <typename T>
struct HugePageAllocator {
  using value_type = T;
  static constexpr size_t kMappedFrom = size_t(4) << 20;

  HugePageAllocator() = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) noexcept {}

  T* allocate(size_t count) {
    size_t bytes = count * sizeof(T);
    if (bytes < kMappedFrom) return static_cast<T*>(::operator new(bytes));
    void* data = mapHugePages(mappedSize(bytes));
    if (!data) throw std::bad_alloc();
    return static_cast<T*>(data);
  }
  void deallocate(T* data, size_t count) noexcept {
    size_t bytes = count * sizeof(T);
    if (bytes < kMappedFrom) {
      ::operator delete(data);
    } else {
      unmapHugePages(data, mappedSize(bytes));
    }
  }
  friend bool operator==(const HugePageAllocator&, const HugePageAllocator&) { return true; }

 private:
  static size_t mappedSize(size_t bytes) {
    constexpr size_t kHugePage = size_t(2) << 20;
    return (bytes + kHugePage - 1) / kHugePage * kHugePage;
  }
};

}  // namespace kiln
