// Transparent huge pages for large lists: a big module's decoded functions,
// code, site lists and function references are megabytes written once, front
// to back; in 4 KiB pages that is a page fault per 4 KiB, each costly (very
// much so on virtual machines), where a huge page takes one fault per 2 MiB.
// Pandoc from a .kwasm spent a third of its start in page faults.
#pragma once

#include <cstddef>
#include <new>
#include <vector>

namespace kiln {

inline constexpr size_t kHugePageSize = size_t(2) << 20;

/// `size` rounded up to whole huge pages.
inline size_t roundToHugePages(size_t size) {
  return (size + kHugePageSize - 1) / kHugePageSize * kHugePageSize;
}

/// Advises the whole pages in [data, data + size) as transparent huge pages
/// (a hint); `data` need not be page aligned (a large block from malloc). A
/// block smaller than a huge page is left alone: no huge page fits in it.
void adviseHugePages(void* data, size_t size);
/// Reserves room for `count` items in `list`, advised as huge pages
/// (adviseHugePages) before anything is written to it.
template <typename T, typename Allocator>
void reserveInHugePages(std::vector<T, Allocator>& list, size_t count) {
  list.reserve(count);
  adviseHugePages(list.data(), count * sizeof(T));
}

/// A private read+write mapping of `size` bytes (a multiple of
/// kHugePageSize), aligned to kHugePageSize so that all of it can be huge
/// pages, and advised so; null when mmap fails.
void* mapHugePages(size_t size);
/// Releases a mapping of mapHugePages.
void unmapHugePages(void* data, size_t size);

/// The allocator of lists that may grow to megabytes: blocks of 4 MiB and
/// more are mappings in huge pages, smaller ones come from operator new.
template <typename T>
struct HugePageAllocator {
  using value_type = T;
  static constexpr size_t kMappedFrom = 2 * kHugePageSize;

  HugePageAllocator() = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) noexcept {}

  T* allocate(size_t count) {
    size_t bytes = count * sizeof(T);
    if (bytes < kMappedFrom) return static_cast<T*>(::operator new(bytes));
    void* data = mapHugePages(roundToHugePages(bytes));
    if (!data) throw std::bad_alloc();
    return static_cast<T*>(data);
  }
  void deallocate(T* data, size_t count) noexcept {
    size_t bytes = count * sizeof(T);
    if (bytes < kMappedFrom) {
      ::operator delete(data);
    } else {
      unmapHugePages(data, roundToHugePages(bytes));
    }
  }
  friend bool operator==(const HugePageAllocator&, const HugePageAllocator&) { return true; }
};

}  // namespace kiln
