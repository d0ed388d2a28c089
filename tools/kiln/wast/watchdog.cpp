#include "wast/watchdog.h"

namespace kiln {

Watchdog::Watchdog(std::function<void()> interrupt, std::chrono::milliseconds limit)
    : interrupt_(std::move(interrupt)), limit_(limit), thread_([this] { watch(); }) {}

Watchdog::~Watchdog() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void Watchdog::begin() {
  {
    std::lock_guard lock(mutex_);
    // Saturated, so that a huge limit waits forever instead of wrapping
    // into the past and interrupting at once.
    auto now = std::chrono::steady_clock::now();
    auto left = std::chrono::steady_clock::time_point::max() - now;
    bool fits = limit_ < std::chrono::duration_cast<std::chrono::milliseconds>(left);
    deadline_ = fits ? now + limit_ : std::chrono::steady_clock::time_point::max();
  }
  wake_.notify_one();
}

void Watchdog::end() {
  std::lock_guard lock(mutex_);
  deadline_.reset();
}

void Watchdog::watch() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (!deadline_) {
      wake_.wait(lock);
    } else if (std::chrono::steady_clock::now() >= *deadline_) {
      deadline_.reset();
      interrupt_();
    } else {
      // Woken early by begin/end/stop, or at the deadline: re-check either way.
      wake_.wait_until(lock, *deadline_);
    }
  }
}

}  // namespace kiln
