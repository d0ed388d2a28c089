#include "engine_options.h"

#include "module_file.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <map>

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

/// Accepts a whole number from 0 to 2^64 - 1, in decimal. CLI11 alone reads
/// "-1" as 2^64 - 1 and lets "" and out-of-range values through.
std::string checkFuel(std::string& text) {
  errno = 0;
  char* end = nullptr;
  bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
  if (digits) std::strtoull(text.c_str(), &end, 10);
  if (!digits || errno == ERANGE) {
    return "expected a number of fuel units, 0 to 18446744073709551615, got \"" + text + "\"";
  }
  return {};
}

}  // namespace

void CodegenOptions::declare(CLI::App* sub, const std::string& helpPrefix) {
  sub->add_flag("--bounds-checks", boundsChecks,
                helpPrefix + "Check memory accesses explicitly instead of relying on guard pages");
  sub->add_flag("--force-libcalls", forceLibcalls,
                helpPrefix + "Route rounding, copies and fills through runtime library calls");
  const std::map<std::string, CpuLevel> levels = {{"host", CpuLevel::Host},
                                                  {"baseline", CpuLevel::Baseline}};
  sub->add_option("--cpu", cpu,
                  helpPrefix + "Instruction sets to use: host (all this CPU has) or baseline "
                               "(x86-64-v2: SSE4.2 and POPCNT, no AVX)")
      ->transform(CLI::CheckedTransformer(levels))
      ->default_str("host");
  sub->add_flag("--deterministic", deterministic,
                helpPrefix + "WebAssembly 3.0's deterministic profile: relaxed SIMD gives its "
                             "deterministic results and every NaN produced is the positive "
                             "canonical NaN");
  sub->add_option("--fuel", fuel,
                  helpPrefix + "Meter fuel: the code may run about N instructions "
                               "(docs/fuel.md), then traps")
      ->check(CLI::Validator(checkFuel, "N"));
}

void CodegenOptions::applyTo(Config& config) const {
  config.memoryMode = boundsChecks ? MemoryMode::BoundsChecks : MemoryMode::GuardPages;
  config.forceLibcalls = forceLibcalls;
  config.cpu = cpu;
  config.deterministic = deterministic;
  config.consumeFuel = fuel.has_value();
}

std::vector<std::string> CodegenOptions::arguments() const {
  std::vector<std::string> args;
  if (boundsChecks) args.push_back("--bounds-checks");
  if (forceLibcalls) args.push_back("--force-libcalls");
  if (cpu == CpuLevel::Baseline) args.insert(args.end(), {"--cpu", "baseline"});
  if (deterministic) args.push_back("--deterministic");
  if (fuel) args.insert(args.end(), {"--fuel", std::to_string(*fuel)});
  return args;
}

void EngineOptions::declare(CLI::App* sub, const char* timeoutHelp) {
  codegen.declare(sub);
  sub->add_option("--timeout", timeoutSeconds, timeoutHelp)
      ->check(CLI::Validator(checkTimeout, "SECONDS"));
  declareMaxModuleSize(sub, maxModuleBytes);
  const std::map<std::string, CompileStrategy> strategies = {{"eager", CompileStrategy::Eager},
                                                             {"lazy", CompileStrategy::Lazy}};
  sub->add_option("--compile", compileStrategy,
                  "When functions are compiled: eager (all before running) or lazy (each on "
                  "its first call, the rest in the background). Default: lazy for code "
                  "sections of 256 KiB and more")
      ->transform(CLI::CheckedTransformer(strategies));
  sub->add_flag("--perf-map", perfMap,
                "Write /tmp/perf-<pid>.map, so that `perf report` names the compiled functions "
                "(also those loaded from a .kwasm or the cache)");
  CLI::Option* cache = sub->add_option(
      "--cache", cacheDirectory,
      cacheByDefault ? "Directory of the compiled-code cache (default: $XDG_CACHE_HOME/kiln or "
                       "~/.cache/kiln)"
                     : "Cache compiled code in this directory (default: no cache)");
  sub->add_flag("--no-cache", noCache, "Neither read nor write the compiled-code cache")
      ->excludes(cache);
}

Config EngineOptions::config() const {
  Config config;
  codegen.applyTo(config);
  config.interruptible = timeoutSeconds > 0;
  config.maxModuleBytes = maxModuleBytes;
  config.compileStrategy = compileStrategy;
  config.perfMap = perfMap;
  if (!noCache) {
    config.cacheDirectory = !cacheDirectory.empty() ? cacheDirectory
                            : cacheByDefault        ? defaultCacheDirectory()
                                                    : std::string();
  }
  return config;
}

std::chrono::milliseconds EngineOptions::timeout() const {
  double seconds = std::min(timeoutSeconds, kMaxTimeoutSeconds);
  return std::chrono::milliseconds(static_cast<int64_t>(std::ceil(seconds * 1000)));
}

}  // namespace kiln
