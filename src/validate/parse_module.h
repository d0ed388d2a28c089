// The front end's single entry point: bytes -> decoded, validated WasmModule.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "binary/module.h"
#include "binary/module_error.h"
#include "types/expected.h"
#include "validate/validator.h"

namespace kiln {

/// Decodes and validates `bytes`. The result is immutable and shared: the
/// compiler and every instance of the module read it without re-checking.
/// `bodies` as validateModule's.
Expected<std::shared_ptr<const WasmModule>, ModuleError> parseModule(
    std::vector<uint8_t> bytes, Bodies bodies = Bodies::Validate);

}  // namespace kiln
