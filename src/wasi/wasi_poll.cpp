// poll_oneoff: waiting for clocks and descriptors.
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <ctime>
#include <optional>
#include <vector>

#include "wasi/host_errno.h"
#include "wasi/wasi.h"

namespace kiln {

using wasi::Errno;
namespace layout = wasi::layout;

namespace {

/// One event to report back to the guest.
struct Event {
  uint64_t userdata = 0;
  Errno error = Errno::Success;
  uint8_t type = 0;
  uint64_t nbytes = 0;
  uint16_t flags = 0;
};

/// A clock subscription: when it fires, on the monotonic clock.
struct ClockWait {
  uint64_t userdata = 0;
  int64_t deadline = 0;  // nanoseconds, CLOCK_MONOTONIC
};

/// A descriptor subscription waiting in ppoll.
struct FdWait {
  uint64_t userdata = 0;
  uint8_t type = 0;
};

int64_t nowNanoseconds(clockid_t clock) {
  timespec now;
  clock_gettime(clock, &now);
  return int64_t(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

std::optional<clockid_t> pollClock(uint32_t id) {
  switch (id) {
    case wasi::kClockRealtime: return CLOCK_REALTIME;
    case wasi::kClockMonotonic: return CLOCK_MONOTONIC;
    default: return std::nullopt;  // CPU-time clocks cannot be waited on
  }
}

/// Bytes available to read on `fd` (0 when unknown).
uint64_t bytesReadable(int fd) {
  struct stat info;
  if (fstat(fd, &info) == 0 && S_ISREG(info.st_mode)) {
    off_t position = lseek(fd, 0, SEEK_CUR);
    return position >= 0 && info.st_size > position ? uint64_t(info.st_size - position) : 0;
  }
  int available = 0;
  return ioctl(fd, FIONREAD, &available) == 0 && available > 0 ? uint64_t(available) : 0;
}

}  // namespace

Errno WasiContext::pollOneoff(Mem mem, uint32_t subscriptions, uint32_t events, uint32_t count,
                              uint32_t neventsOut) {
  return poll(mem, subscriptions, events, count, neventsOut, layout::kSubscription);
}

Errno WasiContext::pollOneoffPreview0(Mem mem, uint32_t subscriptions, uint32_t events,
                                      uint32_t count, uint32_t neventsOut) {
  return poll(mem, subscriptions, events, count, neventsOut, layout::kSubscriptionPreview0);
}

Errno WasiContext::poll(Mem mem, uint32_t subscriptions, uint32_t events, uint32_t count,
                        uint32_t neventsOut, const layout::SubscriptionLayout& fields) {
  if (count == 0) return Errno::Inval;
  if (!mem.contains(subscriptions, uint64_t(count) * fields.size) ||
      !mem.contains(events, uint64_t(count) * layout::kEventSize) ||
      !mem.contains(neventsOut, 4)) {
    return Errno::Fault;
  }
  std::vector<Event> ready;
  std::vector<ClockWait> clocks;
  std::vector<pollfd> pollfds;
  std::vector<FdWait> fdWaits;
  std::vector<wasi::WaitFd> waitFds;
  std::unique_lock table = lockTable();
  int64_t start = nowNanoseconds(CLOCK_MONOTONIC);
  for (uint32_t i = 0; i < count; ++i) {
    uint64_t sub = uint64_t(subscriptions) + uint64_t(i) * fields.size;
    uint64_t userdata = *mem.load<uint64_t>(sub + layout::kSubUserdata);
    uint8_t type = *mem.load<uint8_t>(sub + layout::kSubTag);
    if (type == wasi::kEventTypeClock) {
      auto clock = pollClock(*mem.load<uint32_t>(sub + fields.clockId));
      if (!clock) {
        ready.push_back({userdata, Errno::Inval, type, 0, 0});
        continue;
      }
      uint64_t timeout = *mem.load<uint64_t>(sub + fields.clockTimeout);
      uint16_t flags = *mem.load<uint16_t>(sub + fields.clockFlags);
      if (flags & wasi::kSubclockAbstime) {
        int64_t now = nowNanoseconds(*clock);
        timeout = timeout > uint64_t(now) ? timeout - uint64_t(now) : 0;
      }
      int64_t remaining = timeout > uint64_t(INT64_MAX - start) ? INT64_MAX - start
                                                                   : int64_t(timeout);
      clocks.push_back({userdata, start + remaining});
    } else if (type == wasi::kEventTypeFdRead || type == wasi::kEventTypeFdWrite) {
      uint32_t fd = *mem.load<uint32_t>(sub + layout::kSubFd);
      auto entry = fds_.get(fd, wasi::rights::kPollFdReadwrite);
      if (!entry) {
        ready.push_back({userdata, entry.error(), type, 0, 0});
        continue;
      }
      auto wait = wasi::hostFdForWait(**entry);
      if (!wait) {
        ready.push_back({userdata, wait.error(), type, 0, 0});
        continue;
      }
      pollfds.push_back({wait->fd, short(type == wasi::kEventTypeFdRead ? POLLIN : POLLOUT), 0});
      fdWaits.push_back({userdata, type});
      waitFds.push_back(std::move(*wait));
    } else {
      return Errno::Inval;
    }
  }

  // The wait goes on without the table's lock when every descriptor in it
  // is a duplicate; a file's or directory's is always ready at once, so
  // with one of those the lock is held for a wait of no time.
  if (std::all_of(waitFds.begin(), waitFds.end(),
                  [](const wasi::WaitFd& w) { return w.isDuplicate(); })) {
    table.unlock();
  }

  // Wait until a descriptor is ready or the earliest clock fires; nothing
  // is waited for when some subscription already has its event.
  for (;;) {
    std::optional<timespec> wait;
    if (!ready.empty()) {
      wait = timespec{0, 0};
    } else if (!clocks.empty()) {
      int64_t earliest = INT64_MAX;
      for (const ClockWait& c : clocks) earliest = std::min(earliest, c.deadline);
      int64_t left = std::max<int64_t>(0, earliest - nowNanoseconds(CLOCK_MONOTONIC));
      wait = timespec{time_t(left / 1'000'000'000), long(left % 1'000'000'000)};
    }
    int n = ppoll(pollfds.data(), pollfds.size(), wait ? &*wait : nullptr, nullptr);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return wasi::lastHostErrno();
    break;
  }
  for (size_t i = 0; i < pollfds.size(); ++i) {
    short revents = pollfds[i].revents;
    if (!revents) continue;
    Event event{fdWaits[i].userdata, Errno::Success, fdWaits[i].type, 0, 0};
    if (revents & POLLNVAL) {
      event.error = Errno::Badf;
    } else if ((revents & POLLERR) && !(revents & (POLLIN | POLLOUT))) {
      event.error = Errno::Io;
    } else if (event.type == wasi::kEventTypeFdRead) {
      event.nbytes = bytesReadable(pollfds[i].fd);
    }
    if (revents & POLLHUP) event.flags |= wasi::kEventFdReadwriteHangup;
    ready.push_back(event);
  }
  int64_t now = nowNanoseconds(CLOCK_MONOTONIC);
  for (const ClockWait& c : clocks) {
    if (c.deadline <= now) ready.push_back({c.userdata, Errno::Success, wasi::kEventTypeClock});
  }

  for (size_t i = 0; i < ready.size(); ++i) {
    uint64_t at = uint64_t(events) + i * layout::kEventSize;
    std::fill_n(mem.bytes(at, layout::kEventSize)->data(), layout::kEventSize, 0);
    mem.store<uint64_t>(at + layout::kEventUserdata, ready[i].userdata);
    mem.store<uint16_t>(at + layout::kEventError, uint16_t(ready[i].error));
    mem.store<uint8_t>(at + layout::kEventType, ready[i].type);
    mem.store<uint64_t>(at + layout::kEventNbytes, ready[i].nbytes);
    mem.store<uint16_t>(at + layout::kEventFlags, ready[i].flags);
  }
  mem.store<uint32_t>(neventsOut, uint32_t(ready.size()));
  return Errno::Success;
}

}  // namespace kiln
