// After a lazily compiled run: filling the compiled-code cache in a process
// of its own, so that the next run of the module starts from the cache.
#pragma once

#include <string>
#include <vector>

namespace kiln {

/// Starts `kiln compile --cache CACHE OPTIONS -- FILE` (this same kiln
/// binary) detached: in a session of its own, at the idle scheduling
/// priority, with stdio on /dev/null, not waited for. A lazily compiled
/// module is not cached (its code is never one whole block); this compiles
/// it whole, after the run that needed it has ended. Failing to start is
/// not an error of the run: nothing happens.
void fillCacheInBackground(const std::string& cacheDirectory,
                           const std::vector<std::string>& options, const std::string& file);

}  // namespace kiln
