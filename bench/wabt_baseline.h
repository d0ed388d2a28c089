// wabt's front end run in-process on the same bytes as Kiln's, so the
// comparison excludes process start-up and file reading.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace kiln::bench {

/// Reads and validates `bytes` the way `wasm-validate` does (wabt's binary
/// reader building its IR, then its validator; default feature set). Returns
/// an empty string on success, otherwise wabt's first error message.
std::string wabtReadAndValidate(const std::vector<uint8_t>& bytes);

}  // namespace kiln::bench
