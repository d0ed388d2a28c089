// Moving WASI structures between guest memory and host calls: iovec arrays,
// filestat records, timestamps.
#pragma once

#include <sys/stat.h>
#include <sys/uio.h>

#include <cstdint>
#include <vector>

#include "types/expected.h"
#include "wasi/guest_memory.h"
#include "wasi/wasi_abi.h"

namespace kiln::wasi {

/// The guest iovec array at `ptr` (`count` entries of {u32 buf, u32 len}) as
/// host iovecs pointing into guest memory. Every entry and the array itself
/// are bounds-checked first, so a huge count fails with Fault before
/// anything is allocated for it.
Expected<std::vector<iovec>, Errno> loadIovecs(const GuestMemory& mem, uint32_t ptr,
                                               uint32_t count);

/// Writes `info` as a WASI filestat (64 bytes) at `ptr`.
Errno storeFilestat(const GuestMemory& mem, uint32_t ptr, const struct stat& info);

/// Nanoseconds since the epoch for a timespec (0 for times before it).
uint64_t toNanoseconds(const timespec& time);

/// The host timespec pair for utimensat/futimens from WASI set-times
/// arguments; Inval when a time is both given and "now".
Errno toHostTimes(uint64_t atim, uint64_t mtim, uint32_t flags, timespec (&times)[2]);

}  // namespace kiln::wasi
