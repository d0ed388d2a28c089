#include "runtime/errors.h"

#include "compiler/compiled_module.h"

namespace kiln::runtime {

Error frontEndError(const ModuleError& error) {
  ErrorKind kind = ErrorKind::Malformed;
  switch (error.kind) {
    case ModuleErrorKind::Malformed: kind = ErrorKind::Malformed; break;
    case ModuleErrorKind::Invalid: kind = ErrorKind::Invalid; break;
  }
  Error result(kind, error.message);
  result.offset = error.offset;
  result.function = error.function;
  return result;
}

Error compilerError(std::string message) {
  // compileModule reports failures as text until it returns a typed error;
  // this is the one place that reads it. The only distinction the runtime
  // needs is the one the compiler documents: a refusal for SIMD starts with
  // kSimdUnsupported. Its other failures are running out of memory for
  // code or mprotect failing (Resource), and internal limits that no
  // validated module reaches today, which count as Resource too until the
  // compiler says which is which.
  const bool unsupported = std::string_view(message).starts_with(kSimdUnsupported);
  return Error(unsupported ? ErrorKind::Unsupported : ErrorKind::Resource, std::move(message));
}

}  // namespace kiln::runtime
