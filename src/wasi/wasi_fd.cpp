// The fd_* functions: I/O, seeking, metadata and directory listing on open
// descriptors.
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "wasi/guest_io.h"
#include "wasi/host_errno.h"
#include "wasi/wasi.h"

namespace kiln {

using wasi::Errno;
namespace rights = wasi::rights;

namespace {

/// At most this many iovecs go to one readv/writev (the kernel's IOV_MAX).
constexpr size_t kMaxIovecsPerCall = IOV_MAX;

/// Host I/O over an iovec list, in IOV_MAX-sized batches. Writes continue
/// until everything is written or a batch comes up short; reads stop at the
/// first short batch, as a single readv would. `transfer` does one batch at
/// file offset `offset` (-1 for the current position) and returns bytes or -1.
template <typename Transfer>
Expected<uint64_t, Errno> transferAll(wasi::HostIovecs& iovecs, int64_t offset,
                                      Transfer transfer) {
  uint64_t total = 0;
  for (size_t first = 0; first < iovecs.size();) {
    size_t count = std::min(kMaxIovecsPerCall, iovecs.size() - first);
    uint64_t wanted = 0;
    for (size_t i = first; i < first + count; ++i) wanted += iovecs[i].iov_len;
    ssize_t done = transfer(&iovecs[first], int(count), offset < 0 ? -1 : offset + int64_t(total));
    if (done < 0) {
      if (errno == EINTR) continue;
      // An error after some progress reports the progress, like POSIX.
      if (total > 0) return total;
      return Unexpected{wasi::lastHostErrno()};
    }
    total += uint64_t(done);
    if (uint64_t(done) < wanted) break;
    first += count;
  }
  return total;
}

/// Reads into or writes from guest iovecs; the shared body of fd_read,
/// fd_write, fd_pread and fd_pwrite.
Errno doIo(WasiContext& context, const wasi::GuestMemory& mem, uint32_t fd, uint64_t rights,
           uint32_t iovs, uint32_t iovsLen, int64_t offset, uint32_t countOut, bool write) {
  std::unique_lock table = context.lockTable();
  auto entry = context.fds().get(fd, rights);
  if (!entry) return entry.error();
  if (!mem.contains(countOut, 4)) return Errno::Fault;
  auto iovecs = wasi::loadIovecs(mem, iovs, iovsLen);
  if (!iovecs) return iovecs.error();
  auto wait = wasi::hostFdForWait(**entry);
  if (!wait) return wait.error();
  if (wait->isDuplicate()) table.unlock();
  int host = wait->fd;
  auto done = transferAll(*iovecs, offset, [&](const iovec* v, int n, int64_t at) -> ssize_t {
    // One buffer (what write(2) and read(2) in wasi-libc pass) goes through
    // the plain calls, which skip copying an iovec array into the kernel.
    if (n == 1) {
      void* buf = v->iov_base;
      size_t length = v->iov_len;
      if (write) return at < 0 ? ::write(host, buf, length) : pwrite(host, buf, length, at);
      return at < 0 ? ::read(host, buf, length) : pread(host, buf, length, at);
    }
    if (write) return at < 0 ? writev(host, v, n) : pwritev(host, v, n, at);
    return at < 0 ? readv(host, v, n) : preadv(host, v, n, at);
  });
  if (!done) return done.error();
  mem.store<uint32_t>(countOut, uint32_t(*done));
  return Errno::Success;
}

/// Reads every entry of the directory open as `hostFd` (including "." and
/// ".."), through a fresh descriptor so the caller's position is untouched.
Expected<std::vector<wasi::DirEntry>, Errno> listDirectory(int hostFd) {
  int fd = openat(hostFd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Unexpected{wasi::lastHostErrno()};
  DIR* dir = fdopendir(fd);
  if (!dir) {
    close(fd);
    return Unexpected{wasi::lastHostErrno()};
  }
  std::vector<wasi::DirEntry> entries;
  errno = 0;
  while (dirent* d = readdir(dir)) {
    wasi::DirEntry entry{d->d_name, d->d_ino, wasi::FileType::Unknown};
    struct stat info;
    if (d->d_type != DT_UNKNOWN) {
      entry.type = wasi::fileTypeOfMode(DTTOIF(d->d_type));
    } else if (fstatat(fd, d->d_name, &info, AT_SYMLINK_NOFOLLOW) == 0) {
      entry.type = wasi::fileTypeOfMode(info.st_mode);
    }
    entries.push_back(std::move(entry));
  }
  Errno error = errno ? wasi::lastHostErrno() : Errno::Success;
  closedir(dir);
  if (error != Errno::Success) return Unexpected{error};
  return entries;
}

uint16_t fdflagsOfHost(int flags) {
  uint16_t result = 0;
  if (flags & O_APPEND) result |= wasi::kFdflagAppend;
  if (flags & O_NONBLOCK) result |= wasi::kFdflagNonblock;
  if ((flags & O_SYNC) == O_SYNC) {
    result |= wasi::kFdflagSync | wasi::kFdflagRsync;
  } else if (flags & O_DSYNC) {
    result |= wasi::kFdflagDsync;
  }
  return result;
}

}  // namespace

Errno WasiContext::fdAdvise(Mem, uint32_t fd, uint64_t offset, uint64_t length,
                            uint32_t advice) {
  auto entry = fds_.get(fd, rights::kFdAdvise);
  if (!entry) return entry.error();
  static constexpr int kHostAdvice[] = {POSIX_FADV_NORMAL,   POSIX_FADV_SEQUENTIAL,
                                        POSIX_FADV_RANDOM,   POSIX_FADV_WILLNEED,
                                        POSIX_FADV_DONTNEED, POSIX_FADV_NOREUSE};
  if (advice >= std::size(kHostAdvice) || offset > INT64_MAX || length > INT64_MAX) {
    return Errno::Inval;
  }
  int error = posix_fadvise((*entry)->host.get(), off_t(offset), off_t(length),
                            kHostAdvice[advice]);
  return wasi::errnoFromHost(error);
}

Errno WasiContext::fdAllocate(Mem, uint32_t fd, uint64_t offset, uint64_t length) {
  auto entry = fds_.get(fd, rights::kFdAllocate);
  if (!entry) return entry.error();
  if (offset > INT64_MAX || length > INT64_MAX - offset) return Errno::Inval;
  return wasi::errnoFromHost(posix_fallocate((*entry)->host.get(), off_t(offset), off_t(length)));
}

Errno WasiContext::fdClose(Mem, uint32_t fd) {
  return fds_.erase(fd) ? Errno::Success : Errno::Badf;
}

Errno WasiContext::fdDatasync(Mem, uint32_t fd) {
  auto entry = fds_.get(fd, rights::kFdDatasync);
  if (!entry) return entry.error();
  return fdatasync((*entry)->host.get()) == 0 ? Errno::Success : wasi::lastHostErrno();
}

Errno WasiContext::fdSync(Mem, uint32_t fd) {
  auto entry = fds_.get(fd, rights::kFdSync);
  if (!entry) return entry.error();
  return fsync((*entry)->host.get()) == 0 ? Errno::Success : wasi::lastHostErrno();
}

Errno WasiContext::fdFdstatGet(Mem mem, uint32_t fd, uint32_t fdstatOut) {
  auto entry = fds_.get(fd);
  if (!entry) return entry.error();
  auto bytes = mem.bytes(fdstatOut, wasi::layout::kFdstatSize);
  if (!bytes) return Errno::Fault;
  int flags = fcntl((*entry)->host.get(), F_GETFL);
  if (flags < 0) return wasi::lastHostErrno();
  std::fill(bytes->begin(), bytes->end(), 0);
  namespace layout = wasi::layout;
  mem.store<uint8_t>(fdstatOut + layout::kFdstatFiletype, uint8_t((*entry)->type));
  mem.store<uint16_t>(fdstatOut + layout::kFdstatFlags, fdflagsOfHost(flags));
  mem.store<uint64_t>(fdstatOut + layout::kFdstatRightsBase, (*entry)->rightsBase);
  mem.store<uint64_t>(fdstatOut + layout::kFdstatRightsInheriting, (*entry)->rightsInheriting);
  return Errno::Success;
}

Errno WasiContext::fdFdstatSetFlags(Mem, uint32_t fd, uint32_t flags) {
  auto entry = fds_.get(fd, rights::kFdFdstatSetFlags);
  if (!entry) return entry.error();
  if (flags & ~uint32_t(wasi::kFdflagAppend | wasi::kFdflagDsync | wasi::kFdflagNonblock |
                        wasi::kFdflagRsync | wasi::kFdflagSync)) {
    return Errno::Inval;
  }
  int host = (*entry)->host.get();
  int current = fcntl(host, F_GETFL);
  if (current < 0) return wasi::lastHostErrno();
  // Linux changes only O_APPEND and O_NONBLOCK after open; asking for a
  // different sync mode is refused rather than silently ignored.
  uint16_t syncBits = wasi::kFdflagDsync | wasi::kFdflagRsync | wasi::kFdflagSync;
  if ((flags & syncBits) != (fdflagsOfHost(current) & syncBits)) return Errno::NotSup;
  int updated = current & ~(O_APPEND | O_NONBLOCK);
  if (flags & wasi::kFdflagAppend) updated |= O_APPEND;
  if (flags & wasi::kFdflagNonblock) updated |= O_NONBLOCK;
  return fcntl(host, F_SETFL, updated) == 0 ? Errno::Success : wasi::lastHostErrno();
}

Errno WasiContext::fdFdstatSetRights(Mem, uint32_t fd, uint64_t base, uint64_t inheriting) {
  auto entry = fds_.get(fd);
  if (!entry) return entry.error();
  // Rights can only be dropped, never gained.
  if ((base & ~(*entry)->rightsBase) || (inheriting & ~(*entry)->rightsInheriting)) {
    return Errno::NotCapable;
  }
  (*entry)->rightsBase = base;
  (*entry)->rightsInheriting = inheriting;
  return Errno::Success;
}

Errno WasiContext::fdFilestatGet(Mem mem, uint32_t fd, uint32_t filestatOut) {
  return filestatOfFd(mem, fd, filestatOut, wasi::layout::kFilestat);
}

Errno WasiContext::fdFilestatGetPreview0(Mem mem, uint32_t fd, uint32_t filestatOut) {
  return filestatOfFd(mem, fd, filestatOut, wasi::layout::kFilestatPreview0);
}

Errno WasiContext::filestatOfFd(Mem mem, uint32_t fd, uint32_t filestatOut,
                                const wasi::layout::FilestatLayout& layout) {
  auto entry = fds_.get(fd, rights::kFdFilestatGet);
  if (!entry) return entry.error();
  if (!mem.contains(filestatOut, layout.size)) return Errno::Fault;
  struct stat info;
  if (fstat((*entry)->host.get(), &info) != 0) return wasi::lastHostErrno();
  return wasi::storeFilestat(mem, filestatOut, info, layout);
}

Errno WasiContext::fdFilestatSetSize(Mem, uint32_t fd, uint64_t size) {
  auto entry = fds_.get(fd, rights::kFdFilestatSetSize);
  if (!entry) return entry.error();
  if (size > INT64_MAX) return Errno::Inval;
  return ftruncate((*entry)->host.get(), off_t(size)) == 0 ? Errno::Success
                                                           : wasi::lastHostErrno();
}

Errno WasiContext::fdFilestatSetTimes(Mem, uint32_t fd, uint64_t atim, uint64_t mtim,
                                      uint32_t flags) {
  auto entry = fds_.get(fd, rights::kFdFilestatSetTimes);
  if (!entry) return entry.error();
  timespec times[2];
  if (Errno e = wasi::toHostTimes(atim, mtim, flags, times); e != Errno::Success) return e;
  return futimens((*entry)->host.get(), times) == 0 ? Errno::Success : wasi::lastHostErrno();
}

Errno WasiContext::fdPread(Mem mem, uint32_t fd, uint32_t iovs, uint32_t iovsLen,
                           uint64_t offset, uint32_t nreadOut) {
  if (offset > INT64_MAX) return Errno::Inval;
  return doIo(*this, mem, fd, rights::kFdRead | rights::kFdSeek, iovs, iovsLen, int64_t(offset),
              nreadOut, false);
}

Errno WasiContext::fdPwrite(Mem mem, uint32_t fd, uint32_t iovs, uint32_t iovsLen,
                            uint64_t offset, uint32_t nwrittenOut) {
  if (offset > INT64_MAX) return Errno::Inval;
  return doIo(*this, mem, fd, rights::kFdWrite | rights::kFdSeek, iovs, iovsLen,
              int64_t(offset), nwrittenOut, true);
}

Errno WasiContext::fdRead(Mem mem, uint32_t fd, uint32_t iovs, uint32_t iovsLen,
                          uint32_t nreadOut) {
  return doIo(*this, mem, fd, rights::kFdRead, iovs, iovsLen, -1, nreadOut, false);
}

Errno WasiContext::fdWrite(Mem mem, uint32_t fd, uint32_t iovs, uint32_t iovsLen,
                           uint32_t nwrittenOut) {
  return doIo(*this, mem, fd, rights::kFdWrite, iovs, iovsLen, -1, nwrittenOut, true);
}

Errno WasiContext::fdPrestatGet(Mem mem, uint32_t fd, uint32_t prestatOut) {
  auto entry = fds_.get(fd);
  if (!entry) return entry.error();
  if (!(*entry)->preopenName) return Errno::Badf;
  auto bytes = mem.bytes(prestatOut, wasi::layout::kPrestatSize);
  if (!bytes) return Errno::Fault;
  std::fill(bytes->begin(), bytes->end(), 0);
  mem.store<uint8_t>(prestatOut, wasi::kPreopenTypeDir);
  mem.store<uint32_t>(prestatOut + 4, uint32_t((*entry)->preopenName->size()));
  return Errno::Success;
}

Errno WasiContext::fdPrestatDirName(Mem mem, uint32_t fd, uint32_t path, uint32_t pathLen) {
  auto entry = fds_.get(fd);
  if (!entry) return entry.error();
  if (!(*entry)->preopenName) return Errno::Badf;
  const std::string& name = *(*entry)->preopenName;
  if (pathLen < name.size()) return Errno::NameTooLong;
  auto bytes = mem.bytes(path, name.size());
  if (!bytes) return Errno::Fault;
  std::memcpy(bytes->data(), name.data(), name.size());
  return Errno::Success;
}

Errno WasiContext::fdReaddir(Mem mem, uint32_t fd, uint32_t buf, uint32_t bufLen,
                             uint64_t cookie, uint32_t bufUsedOut) {
  auto entry = fds_.get(fd, rights::kFdReaddir);
  if (!entry) return entry.error();
  auto out = mem.bytes(buf, bufLen);
  if (!out || !mem.contains(bufUsedOut, 4)) return Errno::Fault;
  std::vector<wasi::DirEntry>& listing = (*entry)->listing;
  if (cookie == 0 || listing.empty()) {
    auto fresh = listDirectory((*entry)->host.get());
    if (!fresh) return fresh.error();
    listing = std::move(*fresh);
  }
  // Entries are written back to back, each a 24-byte header then the name;
  // the last one is cut off when the buffer is full, which tells the guest
  // to call again with the last complete entry's d_next as cookie.
  std::vector<uint8_t> record;
  size_t used = 0;
  for (uint64_t index = cookie; index < listing.size() && used < out->size(); ++index) {
    const wasi::DirEntry& d = listing[index];
    record.assign(wasi::layout::kDirentSize + d.name.size(), 0);
    uint64_t next = index + 1;
    uint32_t nameLength = uint32_t(d.name.size());
    std::memcpy(&record[wasi::layout::kDirentNext], &next, 8);
    std::memcpy(&record[wasi::layout::kDirentIno], &d.inode, 8);
    std::memcpy(&record[wasi::layout::kDirentNamlen], &nameLength, 4);
    record[wasi::layout::kDirentType] = uint8_t(d.type);
    std::memcpy(&record[wasi::layout::kDirentSize], d.name.data(), d.name.size());
    size_t take = std::min(record.size(), out->size() - used);
    std::memcpy(out->data() + used, record.data(), take);
    used += take;
  }
  mem.store<uint32_t>(bufUsedOut, uint32_t(used));
  return Errno::Success;
}

Errno WasiContext::fdRenumber(Mem, uint32_t from, uint32_t to) {
  return fds_.renumber(from, to);
}

Errno WasiContext::fdSeek(Mem mem, uint32_t fd, uint64_t offset, uint32_t whence,
                          uint32_t newOffsetOut) {
  // Asking for the position only (offset 0 from the current one) needs just
  // the tell right.
  bool tellOnly = offset == 0 && whence == wasi::kWhenceCur;
  auto entry = fds_.get(fd, tellOnly ? rights::kFdTell : rights::kFdSeek);
  if (!entry) return entry.error();
  int hostWhence;
  switch (whence) {
    case wasi::kWhenceSet: hostWhence = SEEK_SET; break;
    case wasi::kWhenceCur: hostWhence = SEEK_CUR; break;
    case wasi::kWhenceEnd: hostWhence = SEEK_END; break;
    default: return Errno::Inval;
  }
  if (!mem.contains(newOffsetOut, 8)) return Errno::Fault;
  off_t position = lseek((*entry)->host.get(), off_t(int64_t(offset)), hostWhence);
  if (position < 0) return wasi::lastHostErrno();
  mem.store<uint64_t>(newOffsetOut, uint64_t(position));
  return Errno::Success;
}

Errno WasiContext::fdSeekPreview0(Mem mem, uint32_t fd, uint64_t offset, uint32_t whence,
                                  uint32_t newOffsetOut) {
  // Preview 0 numbers whence cur 0, end 1, set 2; a value outside stays
  // outside (and is refused as in preview 1).
  constexpr uint32_t kPreview1Whence[] = {wasi::kWhenceCur, wasi::kWhenceEnd, wasi::kWhenceSet};
  uint32_t preview1 = whence < 3 ? kPreview1Whence[whence] : whence;
  return fdSeek(mem, fd, offset, preview1, newOffsetOut);
}

Errno WasiContext::fdTell(Mem mem, uint32_t fd, uint32_t offsetOut) {
  auto entry = fds_.get(fd, rights::kFdTell);
  if (!entry) return entry.error();
  if (!mem.contains(offsetOut, 8)) return Errno::Fault;
  off_t position = lseek((*entry)->host.get(), 0, SEEK_CUR);
  if (position < 0) return wasi::lastHostErrno();
  mem.store<uint64_t>(offsetOut, uint64_t(position));
  return Errno::Success;
}

}  // namespace kiln
