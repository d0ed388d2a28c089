// Decoding of the "name" custom section (the spec's appendix on custom
// sections): the module's name, function names and local names, used for
// backtraces and diagnostics.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "binary/module.h"

namespace kiln {

/// Decodes the payload `bytes[begin, end)` of a "name" custom section.
/// Returns nothing when the payload is malformed in any way (bad LEB128,
/// names that are not UTF-8, subsections out of order or repeated, sizes that
/// do not add up): the spec says a malformed custom section is ignored, so the
/// caller then keeps no names at all. Unknown subsections are skipped.
std::optional<NameSection> decodeNameSection(std::span<const uint8_t> bytes, size_t begin,
                                             size_t end);

}  // namespace kiln
