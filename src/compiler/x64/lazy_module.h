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

/// For tests: where the compiled code of defined function `definedIndex`
/// starts (its full entry), or null while a lazy module has not compiled it.
const void* compiledCodeOf(const CompiledModule& module, uint32_t definedIndex);

/// For tests: how many functions a lazy module compiled so far, counting
/// each once (0 for an eager module).
size_t functionsCompiled(const CompiledModule& module);

}  // namespace kiln::x64
