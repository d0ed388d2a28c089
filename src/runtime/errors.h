// Where the errors of the layers below become the API's kiln::Error: one
// function per layer, so each layer's error type is translated in one place.
#pragma once

#include <string>

#include "binary/module_error.h"
#include "kiln/error.h"

namespace kiln::runtime {

/// A front-end (decoder or validator) error, with its kind, byte offset and
/// function index.
Error frontEndError(const ModuleError& error);

/// compileModule's error. The seam for the compiler's own typed error: today
/// compileModule returns text (see the definition).
Error compilerError(std::string message);

}  // namespace kiln::runtime
