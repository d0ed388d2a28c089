// The validator: checks a decoded module against the spec's typing rules.
#pragma once

#include <optional>

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
/// With Bodies::Skip the bodies are left alone, neither decoded nor checked,
/// and their facts unrecorded: for a module whose bodies were compiled and
/// then cut out of it (a .kwasm's), where they are `unreachable` and the
/// compiled code stands for them. Pandoc has 619,906.
enum class Bodies : uint8_t { Validate, Skip };
std::optional<ModuleError> validateModule(WasmModule& module, Bodies bodies = Bodies::Validate);

}  // namespace kiln
