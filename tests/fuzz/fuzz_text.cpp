// libFuzzer target: feeds arbitrary bytes to the text layer, as a module
// (.wat) and as a script (.wast), and aborts when the result breaks the
// error contract (text_contract.h). Memory errors are caught by ASan/UBSan,
// which this target is always built with. Inputs that crash it belong in
// tests/fuzz/regressions-text/.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "text_contract.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto violation = kiln::fuzz::textContractViolation(text)) {
    std::fprintf(stderr, "text contract violated: %s\n", violation->c_str());
    std::abort();
  }
  return 0;
}
