#include "wasi/guest_io.h"

#include <algorithm>

#include "wasi/fd_table.h"

namespace kiln::wasi {

Expected<HostIovecs, Errno> loadIovecs(const GuestMemory& mem, uint32_t ptr, uint32_t count) {
  if (!mem.contains(ptr, uint64_t(count) * layout::kIovecSize)) return Unexpected{Errno::Fault};
  HostIovecs iovecs;
  // Room left before the total reaches kMaxIovecsTotal; entries past it are
  // still checked (a bad pointer anywhere is a fault) but moved no bytes.
  uint64_t room = kMaxIovecsTotal;
  for (uint32_t i = 0; i < count; ++i) {
    uint64_t entry = uint64_t(ptr) + uint64_t(i) * layout::kIovecSize;
    uint32_t buf = *mem.load<uint32_t>(entry);
    uint32_t length = *mem.load<uint32_t>(entry + 4);
    auto bytes = mem.bytes(buf, length);
    if (!bytes) return Unexpected{Errno::Fault};
    uint64_t taken = std::min<uint64_t>(length, room);
    if (taken != 0) iovecs.push_back({bytes->data(), size_t(taken)});
    room -= taken;
  }
  return iovecs;
}

uint64_t toNanoseconds(const timespec& time) {
  if (time.tv_sec < 0) return 0;
  return uint64_t(time.tv_sec) * 1'000'000'000u + uint64_t(time.tv_nsec);
}

Errno storeFilestat(const GuestMemory& mem, uint32_t ptr, const struct stat& info,
                    const layout::FilestatLayout& fields) {
  auto bytes = mem.bytes(ptr, fields.size);
  if (!bytes) return Errno::Fault;
  std::fill(bytes->begin(), bytes->end(), 0);
  mem.store<uint64_t>(ptr + layout::kFilestatDev, info.st_dev);
  mem.store<uint64_t>(ptr + layout::kFilestatIno, info.st_ino);
  mem.store<uint8_t>(ptr + layout::kFilestatFiletype, uint8_t(fileTypeOfMode(info.st_mode)));
  if (fields.nlinkBytes == 8) {
    mem.store<uint64_t>(ptr + fields.nlink, info.st_nlink);
  } else {
    // Preview 0's u32 saturates rather than wraps.
    uint64_t links = std::min<uint64_t>(info.st_nlink, UINT32_MAX);
    mem.store<uint32_t>(ptr + fields.nlink, uint32_t(links));
  }
  mem.store<uint64_t>(ptr + fields.fileSize, uint64_t(info.st_size));
  mem.store<uint64_t>(ptr + fields.atim, toNanoseconds(info.st_atim));
  mem.store<uint64_t>(ptr + fields.mtim, toNanoseconds(info.st_mtim));
  mem.store<uint64_t>(ptr + fields.ctim, toNanoseconds(info.st_ctim));
  return Errno::Success;
}

Errno toHostTimes(uint64_t atim, uint64_t mtim, uint32_t flags, timespec (&times)[2]) {
  auto convert = [](uint64_t value, bool given, bool now, timespec& out) {
    if (given && now) return false;
    if (now) {
      out = {0, UTIME_NOW};
    } else if (given) {
      out = {time_t(value / 1'000'000'000u), long(value % 1'000'000'000u)};
    } else {
      out = {0, UTIME_OMIT};
    }
    return true;
  };
  if (flags & ~uint32_t(kFstflagAtim | kFstflagAtimNow | kFstflagMtim | kFstflagMtimNow)) {
    return Errno::Inval;
  }
  bool ok = convert(atim, flags & kFstflagAtim, flags & kFstflagAtimNow, times[0]) &&
            convert(mtim, flags & kFstflagMtim, flags & kFstflagMtimNow, times[1]);
  return ok ? Errno::Success : Errno::Inval;
}

}  // namespace kiln::wasi
