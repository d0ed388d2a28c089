#include "wasi/fd_table.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <cstdint>

#include "wasi/host_errno.h"

namespace kiln::wasi {

namespace {

/// Guest descriptor numbers are i32 on the wire; stay in the positive range.
constexpr uint32_t kMaxFd = INT32_MAX;

}  // namespace

Expected<WaitFd, Errno> hostFdForWait(const FdEntry& entry) {
  switch (entry.type) {
    case FileType::RegularFile:
    case FileType::Directory:
    case FileType::BlockDevice:
    case FileType::SymbolicLink:
      return WaitFd{entry.host.get(), UniqueFd()};
    default: {
      UniqueFd duplicate(fcntl(entry.host.get(), F_DUPFD_CLOEXEC, 0));
      if (!duplicate) return Unexpected{lastHostErrno()};
      int fd = duplicate.get();
      return WaitFd{fd, std::move(duplicate)};
    }
  }
}

std::optional<uint32_t> FdTable::insert(FdEntry entry) {
  uint32_t fd = 0;
  for (const auto& [number, existing] : entries_) {
    if (number != fd) break;
    ++fd;
  }
  if (fd > kMaxFd) return std::nullopt;
  entries_.emplace(fd, std::move(entry));
  return fd;
}

Expected<FdEntry*, Errno> FdTable::get(uint32_t fd, uint64_t rights) {
  auto it = entries_.find(fd);
  if (it == entries_.end()) return Unexpected{Errno::Badf};
  if ((it->second.rightsBase & rights) != rights) return Unexpected{Errno::NotCapable};
  return &it->second;
}

bool FdTable::erase(uint32_t fd) { return entries_.erase(fd) != 0; }

Errno FdTable::renumber(uint32_t from, uint32_t to) {
  auto source = entries_.find(from);
  auto target = entries_.find(to);
  if (source == entries_.end() || target == entries_.end()) return Errno::Badf;
  if (from == to) return Errno::Success;
  target->second = std::move(source->second);
  entries_.erase(source);
  return Errno::Success;
}

FileType fileTypeOfMode(uint32_t mode) {
  switch (mode & S_IFMT) {
    case S_IFREG: return FileType::RegularFile;
    case S_IFDIR: return FileType::Directory;
    case S_IFCHR: return FileType::CharacterDevice;
    case S_IFBLK: return FileType::BlockDevice;
    case S_IFLNK: return FileType::SymbolicLink;
    case S_IFSOCK: return FileType::SocketStream;
    default: return FileType::Unknown;  // FIFOs have no WASI type
  }
}

FileType fileTypeOf(int hostFd) {
  struct stat info;
  if (fstat(hostFd, &info) != 0) return FileType::Unknown;
  if (S_ISSOCK(info.st_mode)) {
    int type = 0;
    socklen_t length = sizeof type;
    if (getsockopt(hostFd, SOL_SOCKET, SO_TYPE, &type, &length) == 0 && type == SOCK_DGRAM) {
      return FileType::SocketDgram;
    }
  }
  return fileTypeOfMode(info.st_mode);
}

}  // namespace kiln::wasi
