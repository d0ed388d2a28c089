// The guest's descriptor table: WASI fd numbers to host descriptors with
// their rights.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kiln/expected.h"
#include "wasi/parent_dir_cache.h"
#include "wasi/unique_fd.h"
#include "wasi/wasi_abi.h"

namespace kiln::wasi {

/// One directory entry as fd_readdir reports it.
struct DirEntry {
  std::string name;
  uint64_t inode = 0;
  FileType type = FileType::Unknown;
};

/// An open guest descriptor.
struct FdEntry {
  UniqueFd host;
  FileType type = FileType::Unknown;
  uint64_t rightsBase = 0;
  uint64_t rightsInheriting = 0;
  /// For a preopened directory: the name the guest sees it under.
  std::optional<std::string> preopenName;
  /// fd_readdir's snapshot of the directory, taken when a listing starts at
  /// cookie 0; cookies are indices into it, so a listing continues correctly
  /// across calls with small buffers.
  std::vector<DirEntry> listing;
  /// For a directory: the parent directory path_filestat_get resolved last
  /// beneath it (one extra host descriptor at most).
  ParentDirCache parentDirs;
};

/// The descriptor table. New descriptors take the lowest free number, as
/// POSIX does, so the preopens are 3, 4, ... after stdio.
class FdTable {
 public:
  /// Adds `entry` under the lowest free number; nothing when the table is full.
  std::optional<uint32_t> insert(FdEntry entry);
  /// The entry `fd` if it exists (else Badf) and has every right in `rights`
  /// (else NotCapable).
  Expected<FdEntry*, Errno> get(uint32_t fd, uint64_t rights = 0);
  /// Removes `fd`, closing its host descriptor; false if it was not open.
  bool erase(uint32_t fd);
  /// Moves `from` onto `to` (closing what `to` held); Badf unless both are open.
  Errno renumber(uint32_t from, uint32_t to);

 private:
  std::map<uint32_t, FdEntry> entries_;
};

/// The host descriptor a WASI call waits on. For a terminal, pipe or socket
/// (where a read, write, accept or poll may wait indefinitely) it is a
/// duplicate the call owns, so that the call can wait without the table's
/// lock: another thread closing the guest descriptor meanwhile cannot hand
/// its number to another file under the wait. For files and directories,
/// which never wait long, it is the table's own, used under the lock.
struct WaitFd {
  int fd = -1;
  UniqueFd duplicate;  // owns `fd` when it is a duplicate
  bool isDuplicate() const { return bool(duplicate); }
};

/// `entry`'s host descriptor for a call that may wait (see WaitFd); an error
/// when it cannot be duplicated.
Expected<WaitFd, Errno> hostFdForWait(const FdEntry& entry);

/// The WASI file type of a host descriptor (from fstat; sockets by SO_TYPE).
FileType fileTypeOf(int hostFd);
/// The WASI file type for a stat mode (sockets reported as stream sockets).
FileType fileTypeOfMode(uint32_t mode);

}  // namespace kiln::wasi
