// The binary-format decoder: module bytes -> `WasmModule`.
#pragma once

#include <cstdint>
#include <vector>

#include "binary/module.h"
#include "binary/module_error.h"
#include "types/expected.h"

namespace kiln {

/// Decodes every section of a module. Function bodies are delimited and
/// their local declarations decoded; their instructions are decoded by the
/// validator as it checks them, so each body is read once. Errors are always
/// `ModuleErrorKind::Malformed`. Takes ownership of the bytes (the WasmModule
/// keeps them).
Expected<WasmModule, ModuleError> decodeModule(std::vector<uint8_t> bytes);

}  // namespace kiln
