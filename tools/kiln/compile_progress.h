// A spinner on stderr while a big module compiles, for people at a terminal.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace kiln {

/// While alive, and only when stderr is a terminal and the work has taken
/// longer than `delay`, shows "kiln: compiling NAME ... 1.2 s" with a
/// spinner on stderr, redrawn in place; erases it when destroyed. Nothing
/// is written when stderr is a file or a pipe, so output stays clean.
class CompileProgress {
 public:
  explicit CompileProgress(std::string name,
                           std::chrono::milliseconds delay = std::chrono::milliseconds(500));
  ~CompileProgress();
  CompileProgress(const CompileProgress&) = delete;
  CompileProgress& operator=(const CompileProgress&) = delete;

 private:
  void show();

  std::string name_;
  std::chrono::milliseconds delay_;
  std::mutex mutex_;
  std::condition_variable done_;
  bool finished_ = false;
  std::thread thread_;  // only when stderr is a terminal
};

}  // namespace kiln
