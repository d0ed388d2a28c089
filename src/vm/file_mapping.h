// A file mapped read-only into memory, so that a big file (a .kwasm) is read
// in place instead of copied into a buffer first.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace kiln {

/// The first bytes of a file, mapped private and read-only; unmapped when
/// destroyed. The caller keeps the file's size fixed while it reads: pages
/// past a file cut short under a mapping fault (SIGBUS), as with any mmap.
class FileMapping {
 public:
  FileMapping() = default;
  ~FileMapping();
  FileMapping(const FileMapping&) = delete;
  FileMapping& operator=(const FileMapping&) = delete;

  /// Maps the first `size` (more than 0) bytes of `fd`, which may then be
  /// closed; false when mmap refuses.
  bool map(int fd, size_t size);
  std::span<const uint8_t> bytes() const { return {data_, size_}; }
  /// Sets the protection of the pages from `offset` (a multiple of the page
  /// size) to the end; false, nothing changed, when mprotect refuses.
  bool protect(size_t offset, int protection);
  /// Gives back the pages of [offset, offset + size), `offset` a multiple of
  /// the page size: the file's pages stay cached and a later read maps them
  /// again. A pass over a big file then leaves little of it resident.
  void evict(size_t offset, size_t size);
  /// Hands the mapping (its first `bytes().size()` bytes, the rest of its
  /// last page included) to the caller, who unmaps it.
  std::span<uint8_t> release();

 private:
  void unmap();

  uint8_t* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace kiln
