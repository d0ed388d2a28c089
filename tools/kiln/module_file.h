// Loading module files, the one loader of every subcommand that takes
// modules, and the one format of their error messages.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kiln/engine.h"
#include "kiln/error.h"
#include "kiln/expected.h"

namespace CLI {
class App;
}

namespace kiln {

/// Why a module file could not be loaded.
struct LoadFailure {
  /// kExitUsage when the file cannot be read (a Resource error), kExitFailed
  /// when it is text that does not parse (Malformed).
  int exitCode;
  Error error;
};

/// The module in `path`, in the binary format: a binary file as it is, a
/// text file (.wat) converted. A file over the engine's maxModuleBytes is
/// read no further and refused (kExitFailed) with the error Module::validate
/// gives for it.
Expected<std::vector<uint8_t>, LoadFailure> readModuleFile(const std::string& path,
                                                           const Engine& engine);

/// How a subcommand loads the file at `path`, told by its first bytes.
enum class ModuleFileKind {
  /// A .kwasm (`kiln compile`): Module::deserializeFile.
  Serialized,
  /// Another regular file that opens: Module::fromFile, which looks a
  /// binary module up in the compiled-code cache without holding it.
  Regular,
  /// Anything else (a pipe, a file that does not open): readModuleFile,
  /// which reads a stream and tells why a file cannot be read (kExitUsage).
  Other,
};
/// Only a regular file is peeked at: reading a pipe would consume its start.
ModuleFileKind moduleFileKind(const std::string& path);

/// Adds --max-module-size SIZE (bytes, or with a unit: 64k, 16m, 1g) to
/// `sub`, filling `maxBytes`, whose value is the default.
void declareMaxModuleSize(CLI::App* sub, uint64_t& maxBytes);

/// Prints "<path>: error: <line>" to stderr for each line of `message`: the
/// one error format of every subcommand, so scripts can rely on it. The path
/// is printed here only: no Error names it.
void reportError(const std::string& path, std::string_view message);
/// The same for `error` (Error::toString: "0x1f: in function 3: type
/// mismatch ...", or one line per import of a link error).
void reportError(const std::string& path, const Error& error);

}  // namespace kiln
