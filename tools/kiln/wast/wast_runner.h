// Runs one spec script (.wast) against Kiln's runtime.
#pragma once

#include <chrono>
#include <ostream>
#include <string>

#include <map>
#include <optional>
#include <string>

#include "kiln/engine.h"

namespace kiln {

/// How a script's commands fared. Every command counts once: passed, failed,
/// or skipped because it needs a feature Kiln does not run yet (a module Kiln
/// refuses as Unsupported, or a command kind such as assert_exception);
/// skipped commands are also counted by that feature's name.
struct WastTotals {
  int passed = 0;
  int failed = 0;
  int skipped = 0;
  std::map<std::string, int> skippedByFeature;

  WastTotals& operator+=(const WastTotals& other);

  /// One line per count ("passed N", ..., "feature COUNT NAME"), and back:
  /// how a child process sends its totals to `kiln wast`.
  std::string serialize() const;
  static std::optional<WastTotals> deserialize(const std::string& text);
};

/// Parses the script at `path` with Kiln's text layer and runs its commands in a fresh
/// store of `engine`, with the `spectest` module and the modules the script
/// registers. Prints "PATH:LINE: <command>: <what differed>" to `out` for
/// each failure. With a non-zero `timeout` (the engine must be
/// interruptible), a call running longer traps with an interrupt. With
/// `fuel` (the engine must meter fuel), the store gets that much fuel.
/// A script that does not parse counts as one failure.
WastTotals runWastScript(const Engine& engine, const std::string& path, std::ostream& out,
                         std::chrono::milliseconds timeout, std::optional<uint64_t> fuel);

}  // namespace kiln
