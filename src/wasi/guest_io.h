// Moving WASI structures between guest memory and host calls: iovec arrays,
// filestat records, timestamps.
#pragma once

#include <sys/stat.h>
#include <sys/uio.h>

#include <array>
#include <cstdint>
#include <vector>

#include "kiln/expected.h"
#include "wasi/guest_memory.h"
#include "wasi/wasi_abi.h"

namespace kiln::wasi {

/// Host iovecs for one call: the first few inline, so the usual call (one
/// or two buffers) allocates nothing.
class HostIovecs {
 public:
  iovec* data() { return heap_.empty() ? inline_.data() : heap_.data(); }
  size_t size() const { return size_; }
  iovec& operator[](size_t index) { return data()[index]; }
  void push_back(const iovec& entry) {
    if (heap_.empty() && size_ < inline_.size()) {
      inline_[size_++] = entry;
      return;
    }
    if (heap_.empty()) heap_.assign(inline_.begin(), inline_.end());
    heap_.push_back(entry);
    ++size_;
  }

 private:
  std::array<iovec, 4> inline_;
  std::vector<iovec> heap_;
  size_t size_ = 0;
};

/// The most bytes one call moves through an iovec list: every WASI call that
/// takes iovecs reports its byte count as a u32, so a longer list is cut
/// short here (a short read or write is legal, a wrapped count is not).
constexpr uint64_t kMaxIovecsTotal = UINT32_MAX;

/// The guest iovec array at `ptr` (`count` entries of {u32 buf, u32 len}) as
/// host iovecs pointing into guest memory, empty buffers left out and the
/// list cut at kMaxIovecsTotal bytes. Every entry and the array itself are
/// bounds-checked first, so a huge count fails with Fault before anything is
/// allocated for it.
Expected<HostIovecs, Errno> loadIovecs(const GuestMemory& mem, uint32_t ptr, uint32_t count);

/// Writes `info` as a WASI filestat laid out as `layout` at `ptr`.
Errno storeFilestat(const GuestMemory& mem, uint32_t ptr, const struct stat& info,
                    const layout::FilestatLayout& layout);

/// Nanoseconds since the epoch for a timespec (0 for times before it).
uint64_t toNanoseconds(const timespec& time);

/// The host timespec pair for utimensat/futimens from WASI set-times
/// arguments; Inval when a time is both given and "now".
Errno toHostTimes(uint64_t atim, uint64_t mtim, uint32_t flags, timespec (&times)[2]);

}  // namespace kiln::wasi
