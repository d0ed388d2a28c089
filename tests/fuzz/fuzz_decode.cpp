// libFuzzer target: feeds arbitrary bytes to the front end and aborts when
// the result breaks the error contract (front_end_contract.h). Memory errors
// are caught by ASan/UBSan, which this target is always built with.
// Inputs that crash it belong in tests/fuzz/regressions/.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "front_end_contract.h"
#include "validate/parse_module.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<uint8_t> bytes(data, data + size);
  kiln::fuzz::ParseResult result = kiln::parseModule(std::move(bytes));
  if (auto violation = kiln::fuzz::contractViolation(result, size)) {
    std::fprintf(stderr, "front-end contract violated: %s\n", violation->c_str());
    std::abort();
  }
  return 0;
}
