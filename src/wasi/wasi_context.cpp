// WasiContext construction and the functions that touch no descriptor:
// arguments, environment, clocks, randomness, exit, yield.
#include <fcntl.h>
#include <sched.h>
#include <sys/random.h>

#include <cerrno>
#include <cstring>
#include <ctime>

#include "wasi/guest_io.h"
#include "wasi/host_errno.h"
#include "wasi/wasi.h"

namespace kiln {

using wasi::Errno;

namespace {

/// Rights of the stdio descriptors. A terminal lacks seek and tell, which is
/// how wasi-libc's isatty recognizes it (and line-buffers stdout).
uint64_t stdioRights(wasi::FileType type) {
  uint64_t rights = wasi::rights::kFileOps;
  if (type == wasi::FileType::CharacterDevice) {
    rights &= ~(wasi::rights::kFdSeek | wasi::rights::kFdTell);
  }
  if (type == wasi::FileType::SocketStream || type == wasi::FileType::SocketDgram) {
    rights |= wasi::rights::kSockAccept | wasi::rights::kSockShutdown;
  }
  return rights;
}

/// The host clock for a WASI clock id.
std::optional<clockid_t> hostClock(uint32_t id) {
  switch (id) {
    case wasi::kClockRealtime: return CLOCK_REALTIME;
    case wasi::kClockMonotonic: return CLOCK_MONOTONIC;
    case wasi::kClockProcessCputime: return CLOCK_PROCESS_CPUTIME_ID;
    case wasi::kClockThreadCputime: return CLOCK_THREAD_CPUTIME_ID;
    default: return std::nullopt;
  }
}

}  // namespace

Expected<std::unique_ptr<WasiContext>, std::string> WasiContext::create(
    const WasiConfig& config) {
  std::unique_ptr<WasiContext> context(new WasiContext());
  context->args_ = config.args;
  for (const auto& [name, value] : config.env) context->environ_.push_back(name + "=" + value);

  for (int hostFd : {config.stdinFd, config.stdoutFd, config.stderrFd}) {
    // A closed host stdio descriptor stays a guest descriptor that fails
    // with Badf, so the numbering of the preopens does not shift.
    wasi::FdEntry entry;
    entry.host = wasi::UniqueFd(fcntl(hostFd, F_DUPFD_CLOEXEC, 3));
    entry.type = entry.host ? wasi::fileTypeOf(entry.host.get()) : wasi::FileType::Unknown;
    entry.rightsBase = stdioRights(entry.type);
    context->fds_.insert(std::move(entry));
  }
  for (const WasiPreopen& preopen : config.preopens) {
    int fd = open(preopen.hostPath.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
      return Unexpected{"cannot preopen '" + preopen.hostPath + "': " + std::strerror(errno)};
    }
    wasi::FdEntry entry;
    entry.host = wasi::UniqueFd(fd);
    entry.type = wasi::FileType::Directory;
    entry.rightsBase = wasi::rights::kAll;
    entry.rightsInheriting = wasi::rights::kAll;
    entry.preopenName = preopen.guestPath;
    context->fds_.insert(std::move(entry));
  }
  return context;
}

Errno WasiContext::writeStrings(Mem mem, const std::vector<std::string>& strings,
                                uint32_t pointers, uint32_t buf) {
  uint64_t total = 0;
  for (const std::string& s : strings) total += s.size() + 1;
  if (!mem.contains(pointers, uint64_t(strings.size()) * 4) || !mem.contains(buf, total)) {
    return Errno::Fault;
  }
  uint64_t offset = buf;
  for (size_t i = 0; i < strings.size(); ++i) {
    mem.store<uint32_t>(pointers + i * 4, uint32_t(offset));
    auto bytes = *mem.bytes(offset, strings[i].size() + 1);
    std::memcpy(bytes.data(), strings[i].c_str(), bytes.size());
    offset += bytes.size();
  }
  return Errno::Success;
}

Errno WasiContext::writeStringSizes(Mem mem, const std::vector<std::string>& strings,
                                    uint32_t countOut, uint32_t sizeOut) {
  uint64_t total = 0;
  for (const std::string& s : strings) total += s.size() + 1;
  if (total > UINT32_MAX) return Errno::Overflow;
  if (!mem.contains(countOut, 4) || !mem.contains(sizeOut, 4)) return Errno::Fault;
  mem.store<uint32_t>(countOut, uint32_t(strings.size()));
  mem.store<uint32_t>(sizeOut, uint32_t(total));
  return Errno::Success;
}

Errno WasiContext::argsGet(Mem mem, uint32_t argv, uint32_t argvBuf) {
  return writeStrings(mem, args_, argv, argvBuf);
}

Errno WasiContext::argsSizesGet(Mem mem, uint32_t argcOut, uint32_t argvBufSizeOut) {
  return writeStringSizes(mem, args_, argcOut, argvBufSizeOut);
}

Errno WasiContext::environGet(Mem mem, uint32_t environ, uint32_t environBuf) {
  return writeStrings(mem, environ_, environ, environBuf);
}

Errno WasiContext::environSizesGet(Mem mem, uint32_t countOut, uint32_t bufSizeOut) {
  return writeStringSizes(mem, environ_, countOut, bufSizeOut);
}

Errno WasiContext::clockResGet(Mem mem, uint32_t clockId, uint32_t resolutionOut) {
  auto clock = hostClock(clockId);
  if (!clock) return Errno::Inval;
  timespec resolution;
  if (clock_getres(*clock, &resolution) != 0) return wasi::lastHostErrno();
  return mem.store<uint64_t>(resolutionOut, wasi::toNanoseconds(resolution)) ? Errno::Success
                                                                              : Errno::Fault;
}

Errno WasiContext::clockTimeGet(Mem mem, uint32_t clockId, uint64_t /*precision*/,
                                uint32_t timeOut) {
  auto clock = hostClock(clockId);
  if (!clock) return Errno::Inval;
  timespec now;
  if (clock_gettime(*clock, &now) != 0) return wasi::lastHostErrno();
  return mem.store<uint64_t>(timeOut, wasi::toNanoseconds(now)) ? Errno::Success : Errno::Fault;
}

Errno WasiContext::randomGet(Mem mem, uint32_t buf, uint32_t length) {
  auto bytes = mem.bytes(buf, length);
  if (!bytes) return Errno::Fault;
  size_t filled = 0;
  while (filled < bytes->size()) {
    ssize_t n = getrandom(bytes->data() + filled, bytes->size() - filled, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return wasi::lastHostErrno();
    }
    filled += size_t(n);
  }
  return Errno::Success;
}

Error WasiContext::procExit(uint32_t status) {
  // A status of 126 or more cannot reach the host's parent unchanged (POSIX
  // keeps 8 bits, and shells give 126..255 meanings of their own), so it is
  // refused rather than wrapped: wasmtime does the same, and the kiln tool
  // then exits 1 with this message.
  if (status > kMaxExitStatus) {
    return Error(ErrorKind::Host, "proc_exit status " + std::to_string(status) +
                                      " cannot be passed on: it must be 0 to " +
                                      std::to_string(kMaxExitStatus));
  }
  return Error::exit(int32_t(status));
}

Errno WasiContext::procRaise(Mem, uint32_t) {
  // Signals have no meaning for a sandboxed guest; wasmtime does the same.
  return Errno::NoSys;
}

Errno WasiContext::schedYield(Mem) {
  sched_yield();
  return Errno::Success;
}

}  // namespace kiln
