// The promise of instantiate-and-run for any module (fuzz_run and
// run_replay check it): a module that Kiln accepts is instantiated against
// stub imports and every exported function is called, in both memory modes
// (guard pages, bounds checks); nothing crashes, everything that stops early
// stops with a well-formed Kiln error, and both modes do the same thing
// (results, traps, host calls, exported memories and globals) up to the
// first call whose outcome depends on timing (an interrupt) or on frame
// sizes (a stack overflow).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace kiln::fuzz {

struct RunStats {
  /// True when Kiln accepted the module (else nothing ran).
  bool compiled = false;
  /// Exported calls whose outcome was compared between the modes.
  uint64_t comparedCalls = 0;
};

/// Runs `bytes` as described above; a description of the first broken
/// promise, or nothing. `stats`, when given, says how much was compared.
std::optional<std::string> runContractViolation(std::span<const uint8_t> bytes,
                                                RunStats* stats = nullptr);

}  // namespace kiln::fuzz
