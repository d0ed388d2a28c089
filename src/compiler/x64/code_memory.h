// Executable memory for compiled code, never writable and executable at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

namespace kiln::x64 {

/// A private mapping that is read+write while code is copied in, then
/// read+execute for the rest of its life (W^X).
class CodeMemory {
 public:
  /// A writable mapping of at least `size` bytes, or null when mmap fails.
  static std::unique_ptr<CodeMemory> allocate(size_t size);
  /// Takes over a page-aligned mapping made elsewhere (code mapped from a
  /// .kwasm file), already read+execute; unmapped with the CodeMemory.
  static std::unique_ptr<CodeMemory> adopt(uint8_t* data, size_t size);
  ~CodeMemory();
  CodeMemory(const CodeMemory&) = delete;
  CodeMemory& operator=(const CodeMemory&) = delete;

  uint8_t* data() const { return data_; }
  size_t size() const { return size_; }
  /// Grows or shrinks the writable mapping to at least `size` bytes,
  /// keeping its contents; it may move. False (unchanged) if mremap fails.
  bool resize(size_t size);
  /// Flips the mapping to read+execute; false if mprotect fails.
  bool makeExecutable();

 private:
  CodeMemory(uint8_t* data, size_t size) : data_(data), size_(size) {}
  uint8_t* data_;
  size_t size_;
};

}  // namespace kiln::x64
