// Resolving guest paths inside a directory without ever leaving it.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>

#include "kiln/expected.h"
#include "wasi/unique_fd.h"
#include "wasi/wasi_abi.h"

namespace kiln::wasi {

/// Opens `path` relative to the directory `dirFd` with open(2) `flags` and
/// `mode`. Resolution stays beneath `dirFd`: an absolute path, a `..` above
/// it or a symlink leading out fails with NotCapable. Symlinks in the middle
/// of the path are followed (inside the directory); the last component is
/// followed only when `followFinal`. Uses openat2(RESOLVE_BENEATH), which
/// makes the whole lookup one race-free kernel operation, and falls back to
/// walking component by component with O_NOFOLLOW where the kernel lacks it.
Expected<UniqueFd, Errno> openBeneath(int dirFd, std::string_view path, int flags, mode_t mode,
                                      bool followFinal);

/// A path split into the directory holding its last component (opened
/// beneath the starting directory) and that component's name, for the
/// operations that act on a name: mkdir, unlink, rename, link, symlink,
/// readlink. The name is never empty, "." or ".." in a way that could leave
/// `dir`: "a/.." resolves to dir = "a/.." and name = ".".
struct ParentAndName {
  UniqueFd dir;
  std::string name;
  bool trailingSlash = false;  // the path ended in '/', so it must name a directory
};
Expected<ParentAndName, Errno> openParent(int dirFd, std::string_view path);

/// A path split at its last '/' into the directory part (empty when there is
/// no '/'; kept with its trailing '/') and a final name that is a plain
/// entry name: never empty, "." or "..", so it cannot leave the directory.
struct DirectoryAndName {
  std::string_view directory;
  std::string_view name;
};
/// `path` split so, or nothing when its last component is not a plain name
/// ("a/", "a/.", "..", ""): such paths need the full resolution.
std::optional<DirectoryAndName> splitFinalName(std::string_view path);

/// Checks a guest path: valid UTF-8 (else Ilseq), no NUL byte (else Inval),
/// not empty (else NoEnt).
Errno checkGuestPath(std::string_view path);

/// For tests: resolve with the component-by-component walk even where
/// openat2 exists, so both strategies can be exercised. The environment
/// variable KILN_WASI_FORCE_PATH_WALK=1 sets it at start-up (for whole
/// programs under kiln run).
void setForcePathWalk(bool force);

}  // namespace kiln::wasi
