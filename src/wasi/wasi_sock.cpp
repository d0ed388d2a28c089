// The sock_* functions: only on socket descriptors the host handed in
// (preview 1 has no way to create one).
#include <sys/socket.h>
#include <sys/uio.h>

#include <cerrno>

#include "wasi/guest_io.h"
#include "wasi/host_errno.h"
#include "wasi/wasi.h"

namespace kiln {

using wasi::Errno;
namespace rights = wasi::rights;

namespace {

constexpr uint16_t kRecvPeek = 1 << 0;
constexpr uint16_t kRecvWaitall = 1 << 1;
constexpr uint16_t kRecvDataTruncated = 1 << 0;
constexpr uint32_t kShutdownRead = 1 << 0;
constexpr uint32_t kShutdownWrite = 1 << 1;

bool isSocket(wasi::FileType type) {
  return type == wasi::FileType::SocketStream || type == wasi::FileType::SocketDgram;
}

}  // namespace

Errno WasiContext::sockAccept(Mem mem, uint32_t fd, uint32_t flags, uint32_t fdOut) {
  std::unique_lock table = lockTable();
  auto entry = fds_.get(fd, rights::kSockAccept);
  if (!entry) return entry.error();
  if (!isSocket((*entry)->type)) return Errno::NotSock;
  if (flags & ~uint32_t(wasi::kFdflagNonblock)) return Errno::Inval;
  if (!mem.contains(fdOut, 4)) return Errno::Fault;
  auto wait = wasi::hostFdForWait(**entry);
  if (!wait) return wait.error();
  table.unlock();
  int accepted = accept4(wait->fd, nullptr, nullptr,
                         SOCK_CLOEXEC | ((flags & wasi::kFdflagNonblock) ? SOCK_NONBLOCK : 0));
  if (accepted < 0) return wasi::lastHostErrno();
  table.lock();
  wasi::FdEntry connection;
  connection.host = wasi::UniqueFd(accepted);
  connection.type = wasi::FileType::SocketStream;
  connection.rightsBase = rights::kFdRead | rights::kFdWrite | rights::kFdFdstatSetFlags |
                          rights::kFdFilestatGet | rights::kPollFdReadwrite |
                          rights::kSockShutdown;
  auto number = fds_.insert(std::move(connection));
  if (!number) return Errno::Mfile;
  mem.store<uint32_t>(fdOut, *number);
  return Errno::Success;
}

Errno WasiContext::sockRecv(Mem mem, uint32_t fd, uint32_t iovs, uint32_t iovsLen,
                            uint32_t riFlags, uint32_t datalenOut, uint32_t roFlagsOut) {
  std::unique_lock table = lockTable();
  auto entry = fds_.get(fd, rights::kFdRead);
  if (!entry) return entry.error();
  if (!isSocket((*entry)->type)) return Errno::NotSock;
  if (riFlags & ~uint32_t(kRecvPeek | kRecvWaitall)) return Errno::Inval;
  if (!mem.contains(datalenOut, 4) || !mem.contains(roFlagsOut, 2)) return Errno::Fault;
  auto iovecs = wasi::loadIovecs(mem, iovs, iovsLen);
  if (!iovecs) return iovecs.error();
  msghdr message{};
  message.msg_iov = iovecs->data();
  message.msg_iovlen = iovecs->size();
  int flags = ((riFlags & kRecvPeek) ? MSG_PEEK : 0) | ((riFlags & kRecvWaitall) ? MSG_WAITALL : 0);
  auto wait = wasi::hostFdForWait(**entry);
  if (!wait) return wait.error();
  table.unlock();
  ssize_t received;
  do {
    received = recvmsg(wait->fd, &message, flags);
  } while (received < 0 && errno == EINTR);
  if (received < 0) return wasi::lastHostErrno();
  mem.store<uint32_t>(datalenOut, uint32_t(received));
  mem.store<uint16_t>(roFlagsOut, (message.msg_flags & MSG_TRUNC) ? kRecvDataTruncated : 0);
  return Errno::Success;
}

Errno WasiContext::sockSend(Mem mem, uint32_t fd, uint32_t iovs, uint32_t iovsLen,
                            uint32_t siFlags, uint32_t datalenOut) {
  std::unique_lock table = lockTable();
  auto entry = fds_.get(fd, rights::kFdWrite);
  if (!entry) return entry.error();
  if (!isSocket((*entry)->type)) return Errno::NotSock;
  if (siFlags != 0) return Errno::Inval;
  if (!mem.contains(datalenOut, 4)) return Errno::Fault;
  auto iovecs = wasi::loadIovecs(mem, iovs, iovsLen);
  if (!iovecs) return iovecs.error();
  msghdr message{};
  message.msg_iov = iovecs->data();
  message.msg_iovlen = iovecs->size();
  auto wait = wasi::hostFdForWait(**entry);
  if (!wait) return wait.error();
  table.unlock();
  ssize_t sent;
  do {
    sent = sendmsg(wait->fd, &message, MSG_NOSIGNAL);
  } while (sent < 0 && errno == EINTR);
  if (sent < 0) return wasi::lastHostErrno();
  mem.store<uint32_t>(datalenOut, uint32_t(sent));
  return Errno::Success;
}

Errno WasiContext::sockShutdown(Mem, uint32_t fd, uint32_t how) {
  auto entry = fds_.get(fd, rights::kSockShutdown);
  if (!entry) return entry.error();
  if (!isSocket((*entry)->type)) return Errno::NotSock;
  int hostHow;
  switch (how) {
    case kShutdownRead: hostHow = SHUT_RD; break;
    case kShutdownWrite: hostHow = SHUT_WR; break;
    case kShutdownRead | kShutdownWrite: hostHow = SHUT_RDWR; break;
    default: return Errno::Inval;
  }
  return shutdown((*entry)->host.get(), hostHow) == 0 ? Errno::Success : wasi::lastHostErrno();
}

}  // namespace kiln
