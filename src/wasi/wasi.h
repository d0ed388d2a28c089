// The implementation behind kiln::Wasi (include/kiln/wasi.h): one method per
// WASI function, and their definitions in a Linker.
//
// Everything here goes through the public embedding API only; nothing a
// third-party embedder could not write.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kiln/kiln.h"
#include "kiln/wasi.h"
#include "wasi/fd_table.h"
#include "wasi/guest_memory.h"
#include "wasi/sandbox_path.h"
#include "wasi/wasi_abi.h"

namespace kiln {

/// The state of one WASI guest: arguments, environment and descriptor table,
/// with one method per wasi_snapshot_preview1 function. Each method takes
/// the guest memory of the call and the function's parameters as the ABI
/// passes them, and returns the errno (proc_exit returns the Exit error).
class WasiContext {
 public:
  /// A context for `config`; an error names a preopen that cannot be opened
  /// or is not a directory.
  static Expected<std::unique_ptr<WasiContext>, std::string> create(const WasiConfig& config);

  using Errno = wasi::Errno;
  using Mem = const wasi::GuestMemory&;

  Errno argsGet(Mem mem, uint32_t argv, uint32_t argvBuf);
  Errno argsSizesGet(Mem mem, uint32_t argcOut, uint32_t argvBufSizeOut);
  Errno environGet(Mem mem, uint32_t environ, uint32_t environBuf);
  Errno environSizesGet(Mem mem, uint32_t countOut, uint32_t bufSizeOut);
  Errno clockResGet(Mem mem, uint32_t clockId, uint32_t resolutionOut);
  Errno clockTimeGet(Mem mem, uint32_t clockId, uint64_t precision, uint32_t timeOut);
  Errno randomGet(Mem mem, uint32_t buf, uint32_t length);

  Errno fdAdvise(Mem mem, uint32_t fd, uint64_t offset, uint64_t length, uint32_t advice);
  Errno fdAllocate(Mem mem, uint32_t fd, uint64_t offset, uint64_t length);
  Errno fdClose(Mem mem, uint32_t fd);
  Errno fdDatasync(Mem mem, uint32_t fd);
  Errno fdFdstatGet(Mem mem, uint32_t fd, uint32_t fdstatOut);
  Errno fdFdstatSetFlags(Mem mem, uint32_t fd, uint32_t flags);
  Errno fdFdstatSetRights(Mem mem, uint32_t fd, uint64_t base, uint64_t inheriting);
  Errno fdFilestatGet(Mem mem, uint32_t fd, uint32_t filestatOut);
  Errno fdFilestatSetSize(Mem mem, uint32_t fd, uint64_t size);
  Errno fdFilestatSetTimes(Mem mem, uint32_t fd, uint64_t atim, uint64_t mtim, uint32_t flags);
  Errno fdPread(Mem mem, uint32_t fd, uint32_t iovs, uint32_t iovsLen, uint64_t offset,
                uint32_t nreadOut);
  Errno fdPrestatGet(Mem mem, uint32_t fd, uint32_t prestatOut);
  Errno fdPrestatDirName(Mem mem, uint32_t fd, uint32_t path, uint32_t pathLen);
  Errno fdPwrite(Mem mem, uint32_t fd, uint32_t iovs, uint32_t iovsLen, uint64_t offset,
                 uint32_t nwrittenOut);
  Errno fdRead(Mem mem, uint32_t fd, uint32_t iovs, uint32_t iovsLen, uint32_t nreadOut);
  Errno fdReaddir(Mem mem, uint32_t fd, uint32_t buf, uint32_t bufLen, uint64_t cookie,
                  uint32_t bufUsedOut);
  Errno fdRenumber(Mem mem, uint32_t from, uint32_t to);
  Errno fdSeek(Mem mem, uint32_t fd, uint64_t offset, uint32_t whence, uint32_t newOffsetOut);
  Errno fdSync(Mem mem, uint32_t fd);
  Errno fdTell(Mem mem, uint32_t fd, uint32_t offsetOut);
  Errno fdWrite(Mem mem, uint32_t fd, uint32_t iovs, uint32_t iovsLen, uint32_t nwrittenOut);

  Errno pathCreateDirectory(Mem mem, uint32_t fd, uint32_t path, uint32_t pathLen);
  Errno pathFilestatGet(Mem mem, uint32_t fd, uint32_t lookupFlags, uint32_t path,
                        uint32_t pathLen, uint32_t filestatOut);
  Errno pathFilestatSetTimes(Mem mem, uint32_t fd, uint32_t lookupFlags, uint32_t path,
                             uint32_t pathLen, uint64_t atim, uint64_t mtim, uint32_t flags);
  Errno pathLink(Mem mem, uint32_t oldFd, uint32_t oldLookupFlags, uint32_t oldPath,
                 uint32_t oldPathLen, uint32_t newFd, uint32_t newPath, uint32_t newPathLen);
  Errno pathOpen(Mem mem, uint32_t fd, uint32_t lookupFlags, uint32_t path, uint32_t pathLen,
                 uint32_t oflags, uint64_t rightsBase, uint64_t rightsInheriting,
                 uint32_t fdflags, uint32_t fdOut);
  Errno pathReadlink(Mem mem, uint32_t fd, uint32_t path, uint32_t pathLen, uint32_t buf,
                     uint32_t bufLen, uint32_t bufUsedOut);
  Errno pathRemoveDirectory(Mem mem, uint32_t fd, uint32_t path, uint32_t pathLen);
  Errno pathRename(Mem mem, uint32_t oldFd, uint32_t oldPath, uint32_t oldPathLen,
                   uint32_t newFd, uint32_t newPath, uint32_t newPathLen);
  Errno pathSymlink(Mem mem, uint32_t oldPath, uint32_t oldPathLen, uint32_t fd,
                    uint32_t newPath, uint32_t newPathLen);
  Errno pathUnlinkFile(Mem mem, uint32_t fd, uint32_t path, uint32_t pathLen);

  Errno pollOneoff(Mem mem, uint32_t subscriptions, uint32_t events, uint32_t count,
                   uint32_t neventsOut);
  /// The largest exit status proc_exit passes on.
  static constexpr uint32_t kMaxExitStatus = 125;
  /// The error (kind Exit) that ends the guest with exit status `status`;
  /// for a status over kMaxExitStatus, an error of kind Host saying so.
  Error procExit(uint32_t status);
  Errno procRaise(Mem mem, uint32_t signal);
  Errno schedYield(Mem mem);

  Errno sockAccept(Mem mem, uint32_t fd, uint32_t flags, uint32_t fdOut);
  Errno sockRecv(Mem mem, uint32_t fd, uint32_t iovs, uint32_t iovsLen, uint32_t riFlags,
                 uint32_t datalenOut, uint32_t roFlagsOut);
  Errno sockSend(Mem mem, uint32_t fd, uint32_t iovs, uint32_t iovsLen, uint32_t siFlags,
                 uint32_t datalenOut);
  Errno sockShutdown(Mem mem, uint32_t fd, uint32_t how);

  // wasi_unstable (preview 0) differs from preview 1 only in these: its
  // filestat and clock subscription layouts, and whence's values (cur 0,
  // end 1, set 2). Its other functions are preview 1's.
  Errno fdFilestatGetPreview0(Mem mem, uint32_t fd, uint32_t filestatOut);
  Errno fdSeekPreview0(Mem mem, uint32_t fd, uint64_t offset, uint32_t whence,
                       uint32_t newOffsetOut);
  Errno pathFilestatGetPreview0(Mem mem, uint32_t fd, uint32_t lookupFlags, uint32_t path,
                                uint32_t pathLen, uint32_t filestatOut);
  Errno pollOneoffPreview0(Mem mem, uint32_t subscriptions, uint32_t events, uint32_t count,
                           uint32_t neventsOut);

  /// The descriptor table (for embedders that add their own descriptors).
  wasi::FdTable& fds() { return fds_; }
  /// The lock of the descriptor table: the threads of a wasi-threads
  /// program share one context. defineWasi holds it for the whole call of
  /// most WASI functions. The ones that may wait indefinitely (fd_read,
  /// fd_write and their positioned forms, poll_oneoff, sock_accept,
  /// sock_recv, sock_send) take it themselves, to look their descriptors up,
  /// and wait without it on duplicates (wasi::WaitFd), so one thread reading
  /// a terminal or sleeping does not stop the others' WASI calls. Functions
  /// that use no shared state (arguments, environment, clocks, random,
  /// sched_yield, proc_raise) run without it.
  std::unique_lock<std::mutex> lockTable() { return std::unique_lock(tableMutex_); }

 private:
  WasiContext() = default;

  // The shared bodies of the functions whose layouts differ by snapshot.
  Errno filestatOfFd(Mem mem, uint32_t fd, uint32_t filestatOut,
                     const wasi::layout::FilestatLayout& layout);
  Errno filestatOfPath(Mem mem, uint32_t fd, uint32_t lookupFlags, uint32_t path,
                       uint32_t pathLen, uint32_t filestatOut,
                       const wasi::layout::FilestatLayout& layout);
  Errno poll(Mem mem, uint32_t subscriptions, uint32_t events, uint32_t count,
             uint32_t neventsOut, const wasi::layout::SubscriptionLayout& layout);

  /// Writes a NUL-terminated string list (argv or environ) and its pointers.
  Errno writeStrings(Mem mem, const std::vector<std::string>& strings, uint32_t pointers,
                     uint32_t buf);
  Errno writeStringSizes(Mem mem, const std::vector<std::string>& strings, uint32_t countOut,
                         uint32_t sizeOut);
  /// Opens `path` (guest memory) beneath directory `fd` holding `rights`.
  Expected<wasi::ParentAndName, Errno> parentOf(Mem mem, uint32_t fd, uint64_t rights,
                                                uint32_t path, uint32_t pathLen);
  Expected<wasi::UniqueFd, Errno> openPath(Mem mem, uint32_t fd, uint64_t rights,
                                           uint32_t lookupFlags, uint32_t path,
                                           uint32_t pathLen, int hostFlags);

  std::vector<std::string> args_;
  std::vector<std::string> environ_;  // "NAME=VALUE"
  wasi::FdTable fds_;
  std::mutex tableMutex_;
};

/// Defines every wasi_snapshot_preview1 function in `linker`, and every
/// wasi_unstable (preview 0) one, backed by `context`, which each function
/// keeps alive. Guest memory is the calling instance's export "memory"
/// (looked up by name once per calling instance; its base and size are read
/// on every call, since it may grow).
void defineWasi(Linker& linker, Store& store, const std::shared_ptr<WasiContext>& context);

}  // namespace kiln
