// --perf-map: lines `START SIZE name` in /tmp/perf-<pid>.map, so that `perf
// report` names compiled functions.
#pragma once

#include <cstdint>
#include <span>

#include "binary/module.h"

namespace kiln::x64 {

/// Appends the lines of defined functions firstDefined, firstDefined + 1, ...
/// placed at base + offsets[i] with sizes[i] bytes.
void writePerfMap(const WasmModule& module, uint32_t firstDefined, const uint8_t* base,
                  std::span<const uint32_t> offsets, std::span<const uint32_t> sizes);

}  // namespace kiln::x64
