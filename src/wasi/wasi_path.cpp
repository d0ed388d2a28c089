// The path_* functions. Every path is resolved beneath a directory
// descriptor the guest holds (see sandbox_path.h); operations on a name then
// act on that single component relative to its held parent.
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "wasi/guest_io.h"
#include "wasi/host_errno.h"
#include "wasi/wasi.h"

namespace kiln {

using wasi::Errno;
namespace rights = wasi::rights;

namespace {

/// The guest path [ptr, ptr + length), checked for bounds and validity.
Expected<std::string_view, Errno> guestPath(const wasi::GuestMemory& mem, uint32_t ptr,
                                            uint32_t length) {
  auto path = mem.string(ptr, length);
  if (!path) return Unexpected{Errno::Fault};
  if (Errno e = wasi::checkGuestPath(*path); e != Errno::Success) return Unexpected{e};
  return *path;
}

/// A name under /proc/self/fd for a descriptor we hold, to hand an
/// already-resolved file to the calls that have no descriptor form
/// (utimensat and linkat on an O_PATH descriptor).
std::string procPath(int fd) { return "/proc/self/fd/" + std::to_string(fd); }

Errno hostResult(int result) { return result == 0 ? Errno::Success : wasi::lastHostErrno(); }

/// hostResult of an operation that may change which directory an existing
/// path names; when it did something, drops the cached resolutions (see
/// ParentDirCache).
Errno invalidating(int result) {
  Errno error = hostResult(result);
  if (result == 0) wasi::invalidateResolvedDirectories();
  return error;
}

}  // namespace

Expected<wasi::ParentAndName, Errno> WasiContext::parentOf(Mem mem, uint32_t fd,
                                                           uint64_t rights, uint32_t path,
                                                           uint32_t pathLen) {
  auto dir = fds_.get(fd, rights);
  if (!dir) return Unexpected{dir.error()};
  auto name = guestPath(mem, path, pathLen);
  if (!name) return Unexpected{name.error()};
  if ((*dir)->type != wasi::FileType::Directory) return Unexpected{Errno::NotDir};
  return wasi::openParent((*dir)->host.get(), *name);
}

Expected<wasi::UniqueFd, Errno> WasiContext::openPath(Mem mem, uint32_t fd, uint64_t rights,
                                                      uint32_t lookupFlags, uint32_t path,
                                                      uint32_t pathLen, int hostFlags) {
  auto dir = fds_.get(fd, rights);
  if (!dir) return Unexpected{dir.error()};
  auto name = guestPath(mem, path, pathLen);
  if (!name) return Unexpected{name.error()};
  if ((*dir)->type != wasi::FileType::Directory) return Unexpected{Errno::NotDir};
  return wasi::openBeneath((*dir)->host.get(), *name, hostFlags, 0666,
                           lookupFlags & wasi::kLookupSymlinkFollow);
}

Errno WasiContext::pathCreateDirectory(Mem mem, uint32_t fd, uint32_t path, uint32_t pathLen) {
  auto target = parentOf(mem, fd, rights::kPathCreateDirectory, path, pathLen);
  if (!target) return target.error();
  return hostResult(mkdirat(target->dir.get(), target->name.c_str(), 0777));
}

Errno WasiContext::pathRemoveDirectory(Mem mem, uint32_t fd, uint32_t path, uint32_t pathLen) {
  auto target = parentOf(mem, fd, rights::kPathRemoveDirectory, path, pathLen);
  if (!target) return target.error();
  return invalidating(unlinkat(target->dir.get(), target->name.c_str(), AT_REMOVEDIR));
}

Errno WasiContext::pathUnlinkFile(Mem mem, uint32_t fd, uint32_t path, uint32_t pathLen) {
  auto target = parentOf(mem, fd, rights::kPathUnlinkFile, path, pathLen);
  if (!target) return target.error();
  if (target->trailingSlash) {
    // "file/" names a directory: a directory gets IsDir, anything else NotDir.
    struct stat info;
    if (fstatat(target->dir.get(), target->name.c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0) {
      return wasi::lastHostErrno();
    }
    return S_ISDIR(info.st_mode) ? Errno::IsDir : Errno::NotDir;
  }
  return invalidating(unlinkat(target->dir.get(), target->name.c_str(), 0));
}

Errno WasiContext::pathFilestatGet(Mem mem, uint32_t fd, uint32_t lookupFlags, uint32_t path,
                                   uint32_t pathLen, uint32_t filestatOut) {
  return filestatOfPath(mem, fd, lookupFlags, path, pathLen, filestatOut,
                        wasi::layout::kFilestat);
}

Errno WasiContext::pathFilestatGetPreview0(Mem mem, uint32_t fd, uint32_t lookupFlags,
                                           uint32_t path, uint32_t pathLen,
                                           uint32_t filestatOut) {
  return filestatOfPath(mem, fd, lookupFlags, path, pathLen, filestatOut,
                        wasi::layout::kFilestatPreview0);
}

Errno WasiContext::filestatOfPath(Mem mem, uint32_t fd, uint32_t lookupFlags, uint32_t path,
                                  uint32_t pathLen, uint32_t filestatOut,
                                  const wasi::layout::FilestatLayout& layout) {
  if (!mem.contains(filestatOut, layout.size)) return Errno::Fault;
  auto dir = fds_.get(fd, rights::kPathFilestatGet);
  if (!dir) return dir.error();
  auto name = guestPath(mem, path, pathLen);
  if (!name) return name.error();
  if ((*dir)->type != wasi::FileType::Directory) return Errno::NotDir;
  struct stat info;
  // The common case in one syscall: a plain final name, stat-ed without
  // following in its parent (resolved beneath the directory, cached for the
  // next file of the same directory). A plain name cannot leave the parent.
  auto split = wasi::splitFinalName(*name);
  if (split && split->name.size() <= NAME_MAX) {
    int parent = (*dir)->host.get();
    if (!split->directory.empty()) {
      auto resolved = (*dir)->parentDirs.resolve(parent, split->directory);
      if (!resolved) return resolved.error();
      parent = *resolved;
    }
    char finalName[NAME_MAX + 1];
    std::memcpy(finalName, split->name.data(), split->name.size());
    finalName[split->name.size()] = '\0';
    if (fstatat(parent, finalName, &info, AT_SYMLINK_NOFOLLOW) != 0) return wasi::lastHostErrno();
    // Not a symlink: following would give the same answer.
    if (!(lookupFlags & wasi::kLookupSymlinkFollow) || !S_ISLNK(info.st_mode)) {
      return wasi::storeFilestat(mem, filestatOut, info, layout);
    }
  }
  // Otherwise resolve it all. O_PATH without following opens a symlink
  // itself, so fstat describes the link; with following, its target (still
  // beneath the directory).
  auto file = openPath(mem, fd, rights::kPathFilestatGet, lookupFlags, path, pathLen, O_PATH);
  if (!file) return file.error();
  if (fstat(file->get(), &info) != 0) return wasi::lastHostErrno();
  return wasi::storeFilestat(mem, filestatOut, info, layout);
}

Errno WasiContext::pathFilestatSetTimes(Mem mem, uint32_t fd, uint32_t lookupFlags,
                                        uint32_t path, uint32_t pathLen, uint64_t atim,
                                        uint64_t mtim, uint32_t flags) {
  timespec times[2];
  if (Errno e = wasi::toHostTimes(atim, mtim, flags, times); e != Errno::Success) return e;
  if (lookupFlags & wasi::kLookupSymlinkFollow) {
    auto file = openPath(mem, fd, rights::kPathFilestatSetTimes, lookupFlags, path, pathLen,
                         O_PATH);
    if (!file) return file.error();
    return hostResult(utimensat(AT_FDCWD, procPath(file->get()).c_str(), times, 0));
  }
  auto target = parentOf(mem, fd, rights::kPathFilestatSetTimes, path, pathLen);
  if (!target) return target.error();
  return hostResult(
      utimensat(target->dir.get(), target->name.c_str(), times, AT_SYMLINK_NOFOLLOW));
}

Errno WasiContext::pathLink(Mem mem, uint32_t oldFd, uint32_t oldLookupFlags, uint32_t oldPath,
                            uint32_t oldPathLen, uint32_t newFd, uint32_t newPath,
                            uint32_t newPathLen) {
  auto target = parentOf(mem, newFd, rights::kPathLinkTarget, newPath, newPathLen);
  if (!target) return target.error();
  if (oldLookupFlags & wasi::kLookupSymlinkFollow) {
    // Resolve the source (following symlinks, beneath its directory) first,
    // so linkat itself never follows a link that points outside.
    auto source = openPath(mem, oldFd, rights::kPathLinkSource, oldLookupFlags, oldPath,
                           oldPathLen, O_PATH);
    if (!source) return source.error();
    return invalidating(linkat(AT_FDCWD, procPath(source->get()).c_str(), target->dir.get(),
                               target->name.c_str(), AT_SYMLINK_FOLLOW));
  }
  auto source = parentOf(mem, oldFd, rights::kPathLinkSource, oldPath, oldPathLen);
  if (!source) return source.error();
  return invalidating(linkat(source->dir.get(), source->name.c_str(), target->dir.get(),
                             target->name.c_str(), 0));
}

Errno WasiContext::pathOpen(Mem mem, uint32_t fd, uint32_t lookupFlags, uint32_t path,
                            uint32_t pathLen, uint32_t oflags, uint64_t rightsBase,
                            uint64_t rightsInheriting, uint32_t fdflags, uint32_t fdOut) {
  if (oflags & ~uint32_t(wasi::kOflagCreat | wasi::kOflagDirectory | wasi::kOflagExcl |
                         wasi::kOflagTrunc)) {
    return Errno::Inval;
  }
  if (fdflags & ~uint32_t(wasi::kFdflagAppend | wasi::kFdflagDsync | wasi::kFdflagNonblock |
                          wasi::kFdflagRsync | wasi::kFdflagSync)) {
    return Errno::Inval;
  }
  auto dir = fds_.get(fd, rights::kPathOpen);
  if (!dir) return dir.error();
  // A descriptor opened from a directory gets at most what it may hand on.
  if ((rightsBase & ~(*dir)->rightsInheriting & rights::kAll) ||
      (rightsInheriting & ~(*dir)->rightsInheriting & rights::kAll)) {
    return Errno::NotCapable;
  }
  uint64_t needed = rights::kPathOpen;
  int hostFlags = 0;
  if (oflags & wasi::kOflagCreat) {
    needed |= rights::kPathCreateFile;
    hostFlags |= O_CREAT;
  }
  if (oflags & wasi::kOflagExcl) hostFlags |= O_EXCL;
  if (oflags & wasi::kOflagTrunc) {
    needed |= rights::kPathFilestatSetSize;
    hostFlags |= O_TRUNC;
  }
  if (oflags & wasi::kOflagDirectory) hostFlags |= O_DIRECTORY;
  if (fdflags & wasi::kFdflagAppend) hostFlags |= O_APPEND;
  if (fdflags & wasi::kFdflagNonblock) hostFlags |= O_NONBLOCK;
  if (fdflags & wasi::kFdflagDsync) {
    needed |= rights::kFdDatasync;
    hostFlags |= O_DSYNC;
  }
  if (fdflags & (wasi::kFdflagSync | wasi::kFdflagRsync)) {
    needed |= rights::kFdSync;
    hostFlags |= O_SYNC;
  }
  bool read = rightsBase & (rights::kFdRead | rights::kFdReaddir);
  bool write = (rightsBase & rights::kWriting) || (hostFlags & O_TRUNC);
  if (oflags & wasi::kOflagDirectory) write = false;  // a directory opens read-only
  hostFlags |= write ? (read ? O_RDWR : O_WRONLY) : O_RDONLY;
  if (((*dir)->rightsBase & needed) != needed) return Errno::NotCapable;
  if (!mem.contains(fdOut, 4)) return Errno::Fault;

  auto file = openPath(mem, fd, rights::kPathOpen, lookupFlags, path, pathLen, hostFlags);
  if (!file) return file.error();
  wasi::FdEntry entry;
  entry.type = wasi::fileTypeOf(file->get());
  entry.host = std::move(*file);
  entry.rightsBase = rightsBase & rights::kAll;
  entry.rightsInheriting = rightsInheriting & rights::kAll;
  auto number = fds_.insert(std::move(entry));
  if (!number) return Errno::Mfile;
  mem.store<uint32_t>(fdOut, *number);
  return Errno::Success;
}

Errno WasiContext::pathReadlink(Mem mem, uint32_t fd, uint32_t path, uint32_t pathLen,
                                uint32_t buf, uint32_t bufLen, uint32_t bufUsedOut) {
  auto out = mem.bytes(buf, bufLen);
  if (!out || !mem.contains(bufUsedOut, 4)) return Errno::Fault;
  auto target = parentOf(mem, fd, rights::kPathReadlink, path, pathLen);
  if (!target) return target.error();
  char contents[PATH_MAX];
  ssize_t length = readlinkat(target->dir.get(), target->name.c_str(), contents, sizeof contents);
  if (length < 0) return wasi::lastHostErrno();
  // Like readlink(2), a contents longer than the buffer is truncated.
  size_t copied = std::min(size_t(length), out->size());
  std::memcpy(out->data(), contents, copied);
  mem.store<uint32_t>(bufUsedOut, uint32_t(copied));
  return Errno::Success;
}

Errno WasiContext::pathRename(Mem mem, uint32_t oldFd, uint32_t oldPath, uint32_t oldPathLen,
                              uint32_t newFd, uint32_t newPath, uint32_t newPathLen) {
  auto source = parentOf(mem, oldFd, rights::kPathRenameSource, oldPath, oldPathLen);
  if (!source) return source.error();
  auto target = parentOf(mem, newFd, rights::kPathRenameTarget, newPath, newPathLen);
  if (!target) return target.error();
  return invalidating(renameat(source->dir.get(), source->name.c_str(), target->dir.get(),
                               target->name.c_str()));
}

Errno WasiContext::pathSymlink(Mem mem, uint32_t oldPath, uint32_t oldPathLen, uint32_t fd,
                               uint32_t newPath, uint32_t newPathLen) {
  // The link's contents are stored, not resolved: following it later is
  // confined like any other path, so any contents are harmless.
  auto contents = guestPath(mem, oldPath, oldPathLen);
  if (!contents) return contents.error();
  auto target = parentOf(mem, fd, rights::kPathSymlink, newPath, newPathLen);
  if (!target) return target.error();
  return invalidating(
      symlinkat(std::string(*contents).c_str(), target->dir.get(), target->name.c_str()));
}

}  // namespace kiln
