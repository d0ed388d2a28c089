// libFuzzer target: runs arbitrary bytes as a module, instantiated against
// stub imports with every export called, in both memory modes, and aborts
// when the result breaks the run contract (run_contract.h): a badly formed
// error, or the modes disagreeing. Crashes and memory errors are caught by
// ASan/UBSan, which this target is always built with. Its corpus starts from
// binaryen's random valid modules (make_run_corpus.py); inputs that broke it
// belong in tests/fuzz/regressions-run/.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>

#include "run_contract.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (auto violation = kiln::fuzz::runContractViolation(std::span(data, size))) {
    std::fprintf(stderr, "run contract violated: %s\n", violation->c_str());
    std::abort();
  }
  return 0;
}
