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
  void evict() const;

  const Config& config_;
  std::string path_;
};

}  // namespace kiln::runtime
