// Lazy compilation: a module whose functions compile on their first call,
// while background threads compile the rest (docs/compiler.md, "Lazy
// compilation").
#pragma once

#include <memory>

#include "compiler/compiled_module.h"

namespace kiln::x64 {

/// Whether `config` compiles `module` lazily: Lazy, or Auto with a code
/// section of at least Config::lazyThreshold bytes.
bool compilesLazily(const WasmModule& module, const Config& config);

/// The lazily compiled module: every function reached through its jump-table
/// slot, nothing compiled yet but what the eager check needed. Refuses what
/// an eager compile refuses (unsupported instructions and types, frames too
/// large) before returning. `module` passed unsupportedInModule.
Expected<std::shared_ptr<CompiledModule>, CompileError> compileLazily(
    std::shared_ptr<const WasmModule> module, const Config& config);

/// For tests: whether defined function `definedIndex` of a lazily compiled
/// module has been compiled (false for an eager module).
bool isFunctionCompiled(const CompiledModule& module, uint32_t definedIndex);

}  // namespace kiln::x64
