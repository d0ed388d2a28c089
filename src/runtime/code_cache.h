// The compiled-code cache (docs/cache.md): .kwasm files in a directory,
// named by a hash of the module's bytes and the code fingerprint, evicted
// least recently used first beyond a size bound.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "compiler/serialized_module.h"
#include "kiln/config.h"

namespace kiln::runtime {

class CodeCache {
 public:
  /// The cache of `config` (Config::cacheDirectory, cacheMaxBytes) for a
  /// module of `bytes`.
  CodeCache(const Config& config, std::span<const uint8_t> bytes);
  /// The cache of the module in the file open as `fd`, read through a
  /// small buffer and hashed as it goes: the file is neither mapped (a
  /// mapping faults, SIGBUS, when the file is cut short while it is read)
  /// nor held whole in memory. Nothing when a read fails, or the file holds
  /// more than `maxBytes` or changes size while it is read.
  static std::optional<CodeCache> ofFile(const Config& config, int fd, uint64_t maxBytes);

  /// The compiled module of the entry, if there is one that loads. An
  /// entry that does not (corrupted, truncated) is removed: it is
  /// replaced by the next `store`, never executed.
  std::optional<LoadedModule> lookup() const;
  /// Stores `image` (a .kwasm) as the entry, atomically, then evicts the
  /// least recently used entries beyond the size bound. Failures are
  /// silent: a cache that cannot be written only costs time.
  void store(std::span<const uint8_t> image) const;

  const std::string& entryPath() const { return path_; }

 private:
  /// A module's bytes hashed: the XXH3-128 of the XXH3-128 digests of its
  /// pieces (code_cache.cpp's hashInPieces).
  struct ModuleHash {
    uint64_t low;
    uint64_t high;
  };
  CodeCache(const Config& config, ModuleHash hash);
  void evict() const;

  const Config& config_;
  std::string path_;
};

}  // namespace kiln::runtime
