// The parking lot behind memory.atomic.wait and memory.atomic.notify: threads
// park on an address and are unparked by address, as futexes work, without
// a kernel object per address.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>

namespace kiln {

/// Waiting threads keyed by address. Waiters on different addresses never
/// wake each other; unpark wakes exactly the waiters it counts, oldest
/// first. Thread-safe; one lot serves the whole process.
class ParkingLot {
 public:
  ParkingLot() = delete;
  enum class ParkResult : uint8_t {
    Woken,     // unparked by unpark
    Mismatch,  // `stillExpected` was false: not parked
    TimedOut,  // the timeout passed first
    Interrupted,  // `interrupted` returned true first
  };

  /// How often a parked thread polls `interrupted`.
  static constexpr std::chrono::milliseconds kInterruptPoll{5};

  /// Parks the calling thread on `address` if `stillExpected()` holds. The
  /// check runs under the lock unpark takes for `address`, so a notify
  /// that follows a store making it false cannot be missed. `timeout`:
  /// nothing waits for ever. `interrupted`, when given, is polled every
  /// kInterruptPoll while the thread stays parked (so no unpark is missed
  /// between polls); once it returns true the thread leaves.
  static ParkResult park(const void* address, const std::function<bool()>& stillExpected,
                         std::optional<std::chrono::nanoseconds> timeout,
                         const std::function<bool()>& interrupted = {});

  /// Wakes up to `count` threads parked on `address`; returns how many.
  static uint32_t unpark(const void* address, uint32_t count);

  /// Threads parked on `address` now (for tests).
  static uint32_t parkedOn(const void* address);
};

}  // namespace kiln
