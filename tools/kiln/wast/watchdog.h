// Stops Wasm code that runs too long: `--timeout` of `kiln run` and `kiln wast`.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

namespace kiln {

/// A thread that calls `interrupt` (Store::interrupt of the stores running
/// the call) when a guarded call runs longer than the limit; the call then
/// traps with TrapCode::Interrupt. The stores' engine must be configured
/// with Config::interruptible.
class Watchdog {
 public:
  Watchdog(std::function<void()> interrupt, std::chrono::milliseconds limit);
  ~Watchdog();
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

  /// Marks the start of a guarded call: the limit counts from now.
  void begin();
  /// Marks its end; an interrupt not yet sent is cancelled.
  void end();

 private:
  void watch();

  const std::function<void()> interrupt_;
  std::chrono::milliseconds limit_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::optional<std::chrono::steady_clock::time_point> deadline_;
  bool stopping_ = false;
  std::thread thread_;
};

/// Runs `call` between `watchdog->begin()` and `end()`; just runs it when
/// there is no watchdog.
template <class F>
auto guarded(Watchdog* watchdog, F&& call) {
  if (watchdog) watchdog->begin();
  auto result = call();
  if (watchdog) watchdog->end();
  return result;
}

}  // namespace kiln
