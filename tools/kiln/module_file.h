// Loading module files, the one loader of every subcommand that takes
// modules, and the one format of their error messages.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kiln/error.h"
#include "kiln/expected.h"

namespace kiln {

/// Why a module file could not be loaded.
struct LoadFailure {
  /// kExitUsage when the file cannot be read (a Resource error), kExitFailed
  /// when it is text that does not parse (Malformed).
  int exitCode;
  Error error;
};

/// The whole contents of `path`, or the operating system's reason for failing.
Expected<std::vector<uint8_t>, std::string> readFileBytes(const std::string& path);

/// The module in `path`, in the binary format: a binary file as it is, a
/// text file (.wat) converted.
Expected<std::vector<uint8_t>, LoadFailure> readModuleFile(const std::string& path);

/// Prints "<path>: error: <line>" to stderr for each line of `message`: the
/// one error format of every subcommand, so scripts can rely on it. The path
/// is printed here only: no Error names it.
void reportError(const std::string& path, std::string_view message);
/// The same for `error` (Error::toString: "0x1f: in function 3: type
/// mismatch ...", or one line per import of a link error).
void reportError(const std::string& path, const Error& error);

}  // namespace kiln
