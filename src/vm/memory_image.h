// The initial contents of a module's memory as a file that instances map
// copy-on-write, instead of copying the data segments into every instance.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "binary/module.h"

namespace kiln {

/// Memory 0's contents after its active data segments, for a module whose
/// segments all have constant offsets inside the memory's minimum size: a
/// sparse file of exactly that size. A new guard-page memory maps it in
/// place of its accessible pages (VMMemory::create), one mmap where making
/// the pages accessible and writing the segments into them cost a syscall
/// and page faults:
/// instantiating then writes no page of memory, which on some machines costs
/// tens of microseconds per fresh page (the page, and the page tables of a
/// fresh 8 GiB reservation). Reads share the image's pages; the first write
/// to a page copies it for that instance alone, as wasmtime's copy-on-write
/// memory initialisation does.
class MemoryImage {
 public:
  /// The image of `module`'s memory 0, or null when it has none: no defined
  /// memory, no data, an offset from a global, a segment outside the
  /// minimum size, or no memfd.
  static std::shared_ptr<const MemoryImage> build(const WasmModule& module);
  ~MemoryImage();
  MemoryImage(const MemoryImage&) = delete;
  MemoryImage& operator=(const MemoryImage&) = delete;

  /// Its size: memory 0's minimum size.
  uint64_t bytes() const { return bytes_; }
  /// Maps the image read+write and private over [base, base + bytes()),
  /// replacing what was mapped there; false when mmap fails.
  bool mapAt(uint8_t* base) const;

 private:
  MemoryImage(int fd, uint64_t bytes) : fd_(fd), bytes_(bytes) {}
  int fd_;
  uint64_t bytes_;
};

}  // namespace kiln
