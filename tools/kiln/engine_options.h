// The engine options every subcommand that runs code takes: those that
// change the generated code (--bounds-checks, --force-libcalls, --cpu LEVEL,
// --deterministic, --fuel N), --timeout SECONDS, --max-module-size SIZE,
// --compile eager|lazy, --perf-map, and the compiled-code cache's --cache DIR
// and --no-cache.
#pragma once

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kiln/config.h"

namespace kiln {

/// The options that change the code Kiln generates: every subcommand that
/// runs code takes them, and `kiln inspect --asm` shows their effect.
struct CodegenOptions {
  bool boundsChecks = false;
  bool forceLibcalls = false;
  CpuLevel cpu = CpuLevel::Host;
  bool deterministic = false;
  /// --fuel N: meter fuel (Config::consumeFuel); a store that runs code gets N units.
  std::optional<uint64_t> fuel;

  /// Adds the options to `sub`, each help text starting with `helpPrefix`.
  void declare(CLI::App* sub, const std::string& helpPrefix = "");
  void applyTo(Config& config) const;
  /// The options, as a command line that selects them (for another kiln).
  std::vector<std::string> arguments() const;
};

/// The parsed engine options of one subcommand.
struct EngineOptions {
  /// The longest timeout taken as given (100 years); longer ones saturate to
  /// it, so that the deadline `now + timeout` fits the clock's 64 bits.
  static constexpr double kMaxTimeoutSeconds = 100.0 * 365 * 24 * 3600;

  CodegenOptions codegen;
  double timeoutSeconds = 0;  // 0: no timeout; otherwise finite and positive
  uint64_t maxModuleBytes = Config{}.maxModuleBytes;
  /// --compile eager|lazy (Config::compileStrategy); Auto when not given.
  CompileStrategy compileStrategy = CompileStrategy::Auto;
  /// --perf-map (Config::perfMap): name compiled functions for `perf report`.
  bool perfMap = false;

  // The compiled-code cache (docs/cache.md).
  /// Whether the subcommand caches without --cache: `kiln run` does (in
  /// defaultCacheDirectory()), `kiln wast`, whose scripts hold many small
  /// modules run once, does not.
  bool cacheByDefault = false;
  std::string cacheDirectory;  // --cache DIR
  bool noCache = false;        // --no-cache

  /// Adds the options to `sub`; `timeoutHelp` says what the timeout limits.
  /// --timeout takes a finite number of seconds, 0 or more: anything else
  /// (nan, inf, negative, not a number) is a usage error.
  void declare(CLI::App* sub, const char* timeoutHelp);
  /// The engine configuration they select (interruptible when timed).
  Config config() const;
  /// The timeout in whole milliseconds: rounded up, so that a positive
  /// timeout never becomes 0, and saturated at kMaxTimeoutSeconds.
  std::chrono::milliseconds timeout() const;
};

}  // namespace kiln
