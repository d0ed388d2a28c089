// The binary-format decoder: module bytes -> `WasmModule`.
#pragma once

#include <cstdint>
#include <vector>

#include "binary/module.h"
#include "binary/module_error.h"
#include "types/expected.h"

namespace kiln {

/// The first bytes of every binary module ("\0asm"); the version follows.
inline constexpr uint8_t kWasmMagic[4] = {0x00, 0x61, 0x73, 0x6D};

/// Decodes every section of a module. Function bodies are delimited and
/// their local declarations decoded; their instructions are decoded by the
/// validator as it checks them, so each body is read once. Errors are always
/// `ModuleErrorKind::Malformed`. Takes ownership of the bytes (the WasmModule
/// keeps them).
Expected<WasmModule, ModuleError> decodeModule(std::vector<uint8_t> bytes);

}  // namespace kiln
