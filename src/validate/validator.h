// The validator: checks a decoded module against the spec's typing rules.
#pragma once

#include <optional>

#include "binary/decoder.h"
#include "binary/module.h"
#include "binary/module_error.h"

namespace kiln {

/// Validates `module` and records per-function facts (FunctionDefinition's
/// maxOperandDepth, maxControlDepth). Decodes each function body while
/// checking it: malformed instructions give a Malformed error. When a body is
/// invalid, the remaining bodies are still scanned, because a malformed
/// instruction anywhere takes precedence over an invalid one (the binary is
/// then not a module at all).
///
/// With Bodies::Skip (binary/decoder.h) the bodies are left alone, neither
/// decoded nor checked, and their facts unrecorded.
std::optional<ModuleError> validateModule(WasmModule& module, Bodies bodies = Bodies::Validate);

}  // namespace kiln
