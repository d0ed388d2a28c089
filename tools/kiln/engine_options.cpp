#include "engine_options.h"

#include "module_file.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace kiln {

namespace {

/// Accepts a finite number, 0 or more. CLI11's NonNegativeNumber lets nan
/// through (every comparison with nan is false), which would mean "no timeout".
std::string checkTimeout(std::string& text) {
  const char* begin = text.c_str();
  char* end = nullptr;
  double value = std::strtod(begin, &end);
  // Too large for a double ("1e400") reads as inf and is refused with it.
  if (end == begin || *end != '\0' || !std::isfinite(value) || value < 0) {
    return "expected a finite number of seconds, 0 or more, got \"" + text + "\"";
  }
  return {};
}

}  // namespace

void EngineOptions::declare(CLI::App* sub, const char* timeoutHelp) {
  sub->add_flag("--bounds-checks", boundsChecks,
                "Check memory accesses explicitly instead of relying on guard pages");
  sub->add_flag("--force-libcalls", forceLibcalls,
                "Route rounding, copies and fills through runtime library calls");
  sub->add_option("--timeout", timeoutSeconds, timeoutHelp)
      ->check(CLI::Validator(checkTimeout, "SECONDS"));
  declareMaxModuleSize(sub, maxModuleBytes);
}

Config EngineOptions::config() const {
  Config config;
  config.memoryMode = boundsChecks ? MemoryMode::BoundsChecks : MemoryMode::GuardPages;
  config.forceLibcalls = forceLibcalls;
  config.interruptible = timeoutSeconds > 0;
  config.maxModuleBytes = maxModuleBytes;
  return config;
}

std::chrono::milliseconds EngineOptions::timeout() const {
  double seconds = std::min(timeoutSeconds, kMaxTimeoutSeconds);
  return std::chrono::milliseconds(static_cast<int64_t>(std::ceil(seconds * 1000)));
}

}  // namespace kiln
