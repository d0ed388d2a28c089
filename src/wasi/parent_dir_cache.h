// Remembers the directory a path's parent resolved to beneath a directory
// descriptor, so stat-ing every file of a listing ("tree/d1/a", "tree/d1/b",
// ...) resolves "tree/d1/" once rather than once per file.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "kiln/expected.h"
#include "wasi/unique_fd.h"
#include "wasi/wasi_abi.h"

namespace kiln::wasi {

/// Drops every cached resolution in the process. Called after each WASI
/// operation that can change which directory an existing path names
/// (rename, unlink, rmdir, link, symlink), by any context.
void invalidateResolvedDirectories();

/// The last parent directory resolved beneath one guest directory
/// descriptor; it lives in that descriptor's entry, so closing or
/// renumbering the descriptor takes it along. See docs/wasi.md for why a
/// cached descriptor cannot lead the guest outside its preopens.
class ParentDirCache {
 public:
  /// The host descriptor of directory `parentPath` beneath `baseFd` (an
  /// O_PATH descriptor owned by the cache): the cached one when it is for the
  /// same path and nothing has been invalidated since, else resolved now with
  /// openBeneath (confined like any other lookup) and remembered.
  Expected<int, Errno> resolve(int baseFd, std::string_view parentPath);

 private:
  std::string path_;
  UniqueFd dir_;
  uint64_t generation_ = 0;
};

}  // namespace kiln::wasi
