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

/// What to make of function bodies. Skip leaves them alone: for a module
/// whose bodies were compiled and then cut out of it (a .kwasm's), where
/// they are `unreachable` stand-ins for the compiled code. Pandoc has
/// 619,906 of them.
enum class Bodies : uint8_t { Validate, Skip };

/// Decodes every section of a module. Function bodies are delimited and
/// their local declarations decoded; their instructions are decoded by the
/// validator as it checks them, so each body is read once. With Bodies::Skip
/// the code section's bodies are only counted: each function's offsets and
/// locals stay unset. Errors are always `ModuleErrorKind::Malformed`. Takes
/// ownership of the bytes (the WasmModule keeps them).
Expected<WasmModule, ModuleError> decodeModule(std::vector<uint8_t> bytes,
                                               Bodies bodies = Bodies::Validate);

}  // namespace kiln
