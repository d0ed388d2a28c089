#include "engine_options.h"

namespace kiln {

void EngineOptions::declare(CLI::App* sub, const char* timeoutHelp) {
  sub->add_flag("--bounds-checks", boundsChecks,
                "Check memory accesses explicitly instead of relying on guard pages");
  sub->add_flag("--force-libcalls", forceLibcalls,
                "Route rounding, copies and fills through runtime library calls");
  sub->add_option("--timeout", timeoutSeconds, timeoutHelp)->check(CLI::NonNegativeNumber);
}

Config EngineOptions::config() const {
  Config config;
  config.memoryMode = boundsChecks ? MemoryMode::BoundsChecks : MemoryMode::GuardPages;
  config.forceLibcalls = forceLibcalls;
  config.interruptible = timeoutSeconds > 0;
  return config;
}

}  // namespace kiln
