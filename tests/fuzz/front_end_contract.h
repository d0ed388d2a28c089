// The promise the front end makes for any input, however broken: it returns
// a module or a ModuleError that says where (inside the input) and what.
// The mutation test and the libFuzzer target both check it.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "binary/module.h"
#include "binary/module_error.h"
#include "types/expected.h"

namespace kiln::fuzz {

/// The result type of parseModule.
using ParseResult = Expected<std::shared_ptr<const WasmModule>, ModuleError>;

/// How `result`, the outcome of parsing `inputSize` bytes, breaks the
/// contract, or nullopt if it keeps it. A rejection must carry an offset
/// within the input and a message; an accepted module's recorded byte ranges
/// (function bodies, data payloads, custom sections) must lie inside its
/// bytes, since later layers read them without checking.
std::optional<std::string> contractViolation(const ParseResult& result, size_t inputSize);

}  // namespace kiln::fuzz
