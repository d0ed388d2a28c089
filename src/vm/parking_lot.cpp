#include "vm/parking_lot.h"

#include <algorithm>
#include <array>
#include <condition_variable>
#include <mutex>

namespace kiln {

namespace {

/// One parked thread. Lives on its own stack while it is in a bucket.
struct Waiter {
  explicit Waiter(const void* parkedOn) : address(parkedOn) {}
  const void* address;
  std::condition_variable wake;
  bool woken = false;
  Waiter* next = nullptr;
};

/// Waiters whose addresses hash alike, in the order they parked.
struct Bucket {
  std::mutex mutex;
  Waiter* head = nullptr;
  Waiter* tail = nullptr;

  void append(Waiter* waiter) {
    if (tail) {
      tail->next = waiter;
    } else {
      head = waiter;
    }
    tail = waiter;
  }

  /// Unlinks `waiter`, whose predecessor is `previous` (null: the head).
  void unlink(Waiter* previous, Waiter* waiter) {
    (previous ? previous->next : head) = waiter->next;
    if (tail == waiter) tail = previous;
    waiter->next = nullptr;
  }

  void remove(Waiter* waiter) {
    Waiter* previous = nullptr;
    for (Waiter* at = head; at; previous = at, at = at->next) {
      if (at == waiter) return unlink(previous, waiter);
    }
  }
};

// A fixed table: contention between unrelated addresses only costs a
// shared lock, never a wrong wake-up (waiters are matched by address).
constexpr size_t kBuckets = 256;
std::array<Bucket, kBuckets> buckets;

Bucket& bucketOf(const void* address) {
  // Atomic accesses are at least 4-byte aligned: drop the low bits, mix the rest.
  uint64_t key = uint64_t(reinterpret_cast<uintptr_t>(address)) >> 2;
  key *= 0x9E3779B97F4A7C15ull;
  return buckets[key >> 56];
}

}  // namespace

ParkingLot::ParkResult ParkingLot::park(const void* address,
                                        const std::function<bool()>& stillExpected,
                                        std::optional<std::chrono::nanoseconds> timeout,
                                        const std::function<bool()>& interrupted) {
  using Clock = std::chrono::steady_clock;
  Bucket& bucket = bucketOf(address);
  std::unique_lock lock(bucket.mutex);
  if (!stillExpected()) return ParkResult::Mismatch;
  Waiter self(address);
  bucket.append(&self);
  // A steady deadline: spurious wake-ups do not extend the wait. Far
  // deadlines are clamped so the time point does not overflow.
  std::optional<Clock::time_point> deadline;
  if (timeout) {
    deadline = Clock::now() + std::min(*timeout, std::chrono::nanoseconds(std::chrono::hours(
                                                      24 * 365 * 100)));
  }
  auto woken = [&self] { return self.woken; };
  if (!deadline && !interrupted) {
    self.wake.wait(lock, woken);
    return ParkResult::Woken;
  }
  for (;;) {
    Clock::time_point until = Clock::now() + kInterruptPoll;
    if (deadline && (!interrupted || *deadline < until)) until = *deadline;
    if (self.wake.wait_until(lock, until, woken)) return ParkResult::Woken;
    // Still in the bucket, under its lock: an unpark cannot slip past.
    if (deadline && Clock::now() >= *deadline) {
      bucket.remove(&self);
      return ParkResult::TimedOut;
    }
    if (interrupted && interrupted()) {
      bucket.remove(&self);
      return ParkResult::Interrupted;
    }
  }
}

uint32_t ParkingLot::unpark(const void* address, uint32_t count) {
  Bucket& bucket = bucketOf(address);
  std::lock_guard lock(bucket.mutex);
  uint32_t woken = 0;
  Waiter* previous = nullptr;
  for (Waiter* at = bucket.head; at && woken < count;) {
    Waiter* next = at->next;
    if (at->address == address) {
      bucket.unlink(previous, at);
      at->woken = true;
      // Notified under the lock: the waiter cannot return and free itself first.
      at->wake.notify_one();
      ++woken;
    } else {
      previous = at;
    }
    at = next;
  }
  return woken;
}

uint32_t ParkingLot::parkedOn(const void* address) {
  Bucket& bucket = bucketOf(address);
  std::lock_guard lock(bucket.mutex);
  uint32_t parked = 0;
  for (Waiter* at = bucket.head; at; at = at->next) parked += at->address == address ? 1 : 0;
  return parked;
}

}  // namespace kiln
