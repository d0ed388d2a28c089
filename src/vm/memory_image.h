// The initial contents of a module's memory as a file that instances map
// copy-on-write, instead of copying the data segments into every instance.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include "binary/module.h"

namespace kiln {

/// Memory 0's contents after its active data segments, for a module whose
/// segments all have constant offsets inside the memory's minimum size. A
/// new guard-page memory maps it in place of its accessible pages
/// (VMMemory::create), one mmap where making the pages accessible and
/// writing the segments into them cost a syscall and page faults:
/// instantiating then writes no page of memory, which on some machines costs
/// tens of microseconds per fresh page (the page, and the page tables of a
/// fresh 8 GiB reservation). Reads share the image's pages; the first write
/// to a page copies it for that instance alone, as wasmtime's copy-on-write
/// memory initialisation does.
///
/// The image lives in a file: a sparse memfd that `build` fills from the
/// module, or a range of a .kwasm (`fromFile`), which spares the load the
/// writing of every data page: a big module's data is tens of megabytes.
class MemoryImage {
 public:
  /// The size of an image of `module`'s memory 0 and how much of it the data
  /// segments reach; nothing when it can have none: no defined memory, no
  /// data, an offset from a global, or a segment outside the minimum size.
  struct Extent {
    uint64_t bytes;    // memory 0's minimum size
    uint64_t dataEnd;  // the end of the last byte any active segment writes
  };
  static std::optional<Extent> extentOf(const WasmModule& module);

  /// Writes memory 0's contents [0, out.size()) after its active segments,
  /// later ones over earlier ones as at instantiation, into `out`, which
  /// holds zeros and covers extentOf(module)->dataEnd at least.
  static void writeContents(const WasmModule& module, std::span<uint8_t> out);

  /// The image of `module`'s memory 0 in a new memfd, or null when it has
  /// none (extentOf) or there is no memfd.
  static std::shared_ptr<const MemoryImage> build(const WasmModule& module);

  /// An image of `bytes` whose first `fileBytes` (a multiple of the page
  /// size, at most `bytes`) are read from `fd` at `offset` (page aligned),
  /// the rest zeros. Takes `fd`, which it closes.
  static std::shared_ptr<const MemoryImage> fromFile(int fd, uint64_t offset, uint64_t fileBytes,
                                                     uint64_t bytes);

  ~MemoryImage();
  MemoryImage(const MemoryImage&) = delete;
  MemoryImage& operator=(const MemoryImage&) = delete;

  /// Its size: memory 0's minimum size.
  uint64_t bytes() const { return bytes_; }
  /// Maps the image read+write and private over [base, base + bytes()),
  /// replacing what was mapped there; false when mmap fails.
  bool mapAt(uint8_t* base) const;

 private:
  MemoryImage(int fd, uint64_t offset, uint64_t fileBytes, uint64_t bytes)
      : fd_(fd), offset_(offset), fileBytes_(fileBytes), bytes_(bytes) {}
  int fd_;
  uint64_t offset_;
  uint64_t fileBytes_;
  uint64_t bytes_;
};

}  // namespace kiln
