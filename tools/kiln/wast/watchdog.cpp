#include "wast/watchdog.h"

namespace kiln {

Watchdog::Watchdog(Store& store, std::chrono::milliseconds limit)
    : store_(store), limit_(limit), thread_([this] { watch(); }) {}

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
    deadline_ = std::chrono::steady_clock::now() + limit_;
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
      store_.interrupt();
    } else {
      // Woken early by begin/end/stop, or at the deadline: re-check either way.
      wake_.wait_until(lock, *deadline_);
    }
  }
}

}  // namespace kiln
