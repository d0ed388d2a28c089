// Where a module's machine code is gathered while its functions compile.
#pragma once

#include <asmjit/core.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <shared_mutex>

#include "compiler/x64/code_memory.h"

namespace kiln::x64 {

/// The writable mapping a module's code is placed in as it compiles. Each
/// function is copied in once, when it is finished, at the next free 16-byte
/// aligned offset (so in the order functions finish): compiled code goes
/// straight from asmjit's buffer to its final place and touches fresh pages
/// only there. Compile threads place concurrently; when the mapping is full
/// it grows by remapping, which moves no bytes.
class CodeArea {
 public:
  /// `expectedSize`: a guess of the whole code's size for the first mapping.
  explicit CodeArea(size_t expectedSize);

  /// Copies the flattened code of `code` in and returns its offset; nullopt
  /// when memory runs out or the code passes kMaxSize.
  std::optional<uint32_t> place(asmjit::CodeHolder& code);
  /// Where the next placement will start (when no other thread places).
  uint32_t nextOffset() const;
  /// The mapping, trimmed to the placed bytes; null after a failed place.
  /// Placement must be over.
  std::unique_ptr<CodeMemory> finish();

  /// Direct calls between functions are rel32: all code stays within 1 GiB.
  static constexpr size_t kMaxSize = size_t(1) << 30;

 private:
  std::shared_mutex mutex_;  // placements copy shared, growth remaps exclusive
  std::unique_ptr<CodeMemory> memory_;
  std::atomic<size_t> used_{0};
  std::atomic<bool> failed_{false};
};

}  // namespace kiln::x64
