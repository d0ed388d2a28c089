#include "compile_progress.h"

#include <unistd.h>

#include <cstdio>

namespace kiln {

CompileProgress::CompileProgress(std::string name, std::chrono::milliseconds delay)
    : name_(std::move(name)), delay_(delay) {
  if (isatty(STDERR_FILENO)) thread_ = std::thread([this] { show(); });
}

CompileProgress::~CompileProgress() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    finished_ = true;
  }
  done_.notify_one();
  thread_.join();
}

void CompileProgress::show() {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point start = Clock::now();
  std::unique_lock lock(mutex_);
  if (done_.wait_for(lock, delay_, [this] { return finished_; })) return;
  static constexpr char kSpinner[] = {'|', '/', '-', '\\'};
  for (unsigned tick = 0; !finished_; ++tick) {
    double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    std::fprintf(stderr, "\rkiln: compiling %s %c %.1f s", name_.c_str(), kSpinner[tick % 4], seconds);
    std::fflush(stderr);
    done_.wait_for(lock, std::chrono::milliseconds(100), [this] { return finished_; });
  }
  // Erases the line: what follows (the program's output) starts clean.
  std::fprintf(stderr, "\r\033[K");
  std::fflush(stderr);
}

}  // namespace kiln
