#include "runtime/errors.h"

#include "compiler/compiled_module.h"

namespace kiln::runtime {

Error frontEndError(const ModuleError& error) {
  ErrorKind kind = ErrorKind::Malformed;
  switch (error.kind) {
    case ModuleErrorKind::Malformed: kind = ErrorKind::Malformed; break;
    case ModuleErrorKind::Invalid: kind = ErrorKind::Invalid; break;
    case ModuleErrorKind::Unsupported: kind = ErrorKind::Unsupported; break;
  }
  Error result(kind, error.message);
  result.offset = error.offset;
  result.function = error.function;
  if (error.feature) result.feature = featureName(*error.feature);
  return result;
}

Error compilerError(const CompileError& error) {
  Error result(error.kind == CompileError::Kind::Unsupported ? ErrorKind::Unsupported
                                                              : ErrorKind::Resource,
               error.message);
  result.offset = error.offset;
  if (error.feature) result.feature = featureName(*error.feature);
  return result;
}

}  // namespace kiln::runtime
