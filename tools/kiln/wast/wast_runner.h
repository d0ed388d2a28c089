// Runs one spec script (.wast) against Kiln's runtime.
#pragma once

#include <chrono>
#include <ostream>
#include <string>

#include "kiln/engine.h"

namespace kiln {

/// How a script's commands fared. Every command counts once: passed, failed,
/// or skipped (commands on a module Kiln refuses as Unsupported: SIMD, which
/// the compiler does not run yet).
struct WastTotals {
  int passed = 0;
  int failed = 0;
  int skipped = 0;

  WastTotals& operator+=(const WastTotals& other) {
    passed += other.passed;
    failed += other.failed;
    skipped += other.skipped;
    return *this;
  }
};

/// Parses the script at `path` with Kiln's text layer and runs its commands in a fresh
/// store of `engine`, with the `spectest` module and the modules the script
/// registers. Prints "PATH:LINE: <command>: <what differed>" to `out` for
/// each failure. With a non-zero `timeout` (the engine must be
/// interruptible), a call running longer traps with an interrupt.
/// A script that does not parse counts as one failure.
WastTotals runWastScript(const Engine& engine, const std::string& path, std::ostream& out,
                         std::chrono::milliseconds timeout);

}  // namespace kiln
