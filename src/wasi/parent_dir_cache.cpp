#include "wasi/parent_dir_cache.h"

#include <fcntl.h>

#include <atomic>

#include "wasi/sandbox_path.h"

namespace kiln::wasi {

namespace {

/// Process-wide, so a rename by one context also invalidates the caches of
/// every other context that may share the directories. Starts at 1 so an
/// empty cache (generation 0) never matches.
std::atomic<uint64_t> resolutionGeneration{1};

}  // namespace

void invalidateResolvedDirectories() {
  resolutionGeneration.fetch_add(1, std::memory_order_acq_rel);
}

Expected<int, Errno> ParentDirCache::resolve(int baseFd, std::string_view parentPath) {
  // Read before resolving: a rename racing with the resolution bumps the
  // generation after it has happened, so the entry made here is then stale.
  uint64_t generation = resolutionGeneration.load(std::memory_order_acquire);
  if (dir_ && generation_ == generation && path_ == parentPath) return dir_.get();
  auto dir = openBeneath(baseFd, parentPath, O_PATH | O_DIRECTORY, 0, true);
  if (!dir) return Unexpected{dir.error()};
  dir_ = std::move(*dir);
  path_ = parentPath;
  generation_ = generation;
  return dir_.get();
}

}  // namespace kiln::wasi
