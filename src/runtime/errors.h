// Where the errors of the layers below become the API's kiln::Error: one
// function per layer, so each layer's error type is translated in one place.
#pragma once

#include <string>

#include "binary/module_error.h"
#include "compiler/compiled_module.h"
#include "kiln/error.h"

namespace kiln::runtime {

/// A front-end (decoder or validator) error, with its kind, byte offset and
/// function index.
Error frontEndError(const ModuleError& error);

/// compileModule's error, of the same kind (Unsupported or Resource), with
/// its offset.
Error compilerError(const CompileError& error);

}  // namespace kiln::runtime
