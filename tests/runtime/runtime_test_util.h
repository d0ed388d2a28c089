// Helpers for the runtime API tests: modules written inline in the text format.
#pragma once

#include <string_view>

#include "kiln/kiln.h"

namespace kiln::test {

/// Compiles a module written in the text format, or fails the calling test
/// (and aborts it: the returned module is then unusable).
Module compileWat(const Engine& engine, std::string_view wat);

/// Instantiates `module` with `linker`, failing the calling test on error.
Instance instantiateOrFail(const Linker& linker, Store& store, const Module& module);

/// Instantiation that is expected to fail: its error.
Error instantiationError(const Linker& linker, Store& store, const Module& module);

}  // namespace kiln::test
