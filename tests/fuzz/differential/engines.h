// The two engines of the differential test. Each instantiates a module with
// every function import answered by a host function that logs its call and
// returns zeros, then calls every exported function in export order with
// zero arguments, on the same instance, logging what happened (run_log.h).
#pragma once

#include <cstdint>
#include <variant>
#include <vector>

#include "kiln/config.h"
#include "run_log.h"

namespace kiln::differential {

/// Kiln, under the code-generation options of `config`.
std::variant<RunLog, Skip> runInKiln(const std::vector<uint8_t>& bytes, Config config);

/// Kiln with the imports of binaryen's fuzzer, answered as binaryen's
/// interpreter answers them; the log is in the form of `wasm-opt
/// --fuzz-exec-before` output (fuzzing_support.cpp), and exports are called
/// as binaryen calls them, not as above.
std::variant<RunLog, Skip> runInKilnWithFuzzingSupport(const std::vector<uint8_t>& bytes,
                                                       Config config);

/// wabt's reference interpreter (libwabt).
std::variant<RunLog, Skip> runInWabt(const std::vector<uint8_t>& bytes);

}  // namespace kiln::differential
