// A compiled module taken apart and put back together: what the .kwasm
// format (serialized_module.cpp) writes and reads. Everything is at offsets
// from the start of the code, which holds no absolute address (libcalls go
// through the VMContext, direct calls are rel32), so the parts are valid at
// any address.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "compiler/compiled_module.h"
#include "compiler/x64/code_memory.h"
#include "compiler/x64/function_compiler.h"
#include "compiler/x64/handler_table.h"
#include "compiler/x64/source_position_table.h"

namespace kiln::x64 {

/// The metadata of a compiled module besides its machine code.
struct CompiledParts {
  std::vector<uint32_t> functionOffsets;  // by defined index
  /// Defined indices by increasing offset, for finding the function at a
  /// code address. Threads place functions in the order they finish.
  std::vector<uint32_t> functionsByOffset;
  uint32_t entriesStart = 0;
  std::vector<uint32_t> entryOffsets;  // by defined index
  SourcePositionTable positions;       // sorted by code offset
  TrapSiteList sites;                  // sorted by code offset
  std::vector<FunctionHandlers> handlers;  // by defined index; empty without any try
};

/// The indices of `offsets` ordered by their offsets (all different).
std::vector<uint32_t> orderByOffset(std::span<const uint32_t> offsets);

/// What a module compiled by compileModule is made of: `code` is the used
/// part of its machine code (no padding), `parts` a copy of its metadata.
/// Null when `compiled` is not one compileModule made whole.
struct CompiledView {
  std::span<const uint8_t> code;
  const CompiledParts* parts = nullptr;
};
CompiledView viewOf(const CompiledModule& compiled);

/// A compiled module from its parts: `memory` holds `codeSize` bytes of code,
/// already read+execute. Registers its trap sites like compileModule's.
std::shared_ptr<CompiledModule> assembleCompiledModule(std::shared_ptr<const WasmModule> module,
                                                       std::unique_ptr<CodeMemory> memory,
                                                       uint32_t codeSize, CompiledParts parts);

}  // namespace kiln::x64
