// The engine options every subcommand that runs code takes:
// --bounds-checks, --force-libcalls, --timeout SECONDS.
#pragma once

#include <CLI/CLI.hpp>

#include <chrono>

#include "kiln/config.h"

namespace kiln {

/// The parsed engine options of one subcommand.
struct EngineOptions {
  bool boundsChecks = false;
  bool forceLibcalls = false;
  double timeoutSeconds = 0;  // 0: no timeout

  /// Adds the options to `sub`; `timeoutHelp` says what the timeout limits.
  void declare(CLI::App* sub, const char* timeoutHelp);
  /// The engine configuration they select (interruptible when timed).
  Config config() const;
  std::chrono::milliseconds timeout() const {
    return std::chrono::milliseconds(static_cast<int64_t>(timeoutSeconds * 1000));
  }
};

}  // namespace kiln
