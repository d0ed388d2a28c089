// Writing a file so that readers see all of it or none of it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "kiln/error.h"

namespace kiln::runtime {

/// Writes `bytes` to a new temporary file beside `path`, then renames it to
/// `path`: a concurrent reader (or a crash) never sees a partial file, and a
/// reader that has the old file open or mapped keeps it. A failure is a
/// Resource error and leaves no temporary file behind.
std::optional<Error> writeFileAtomically(const std::string& path, std::span<const uint8_t> bytes);

/// The suffix of the temporary files writeFileAtomically makes (then ".<pid>.<n>").
inline constexpr const char* kTemporarySuffix = ".tmp";

}  // namespace kiln::runtime
