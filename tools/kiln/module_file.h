// Loading a module file, shared by the subcommands that take .wasm files.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "binary/module.h"
#include "types/expected.h"

namespace kiln {

/// Why a module file could not be loaded.
struct LoadFailure {
  /// kExitFailed for a malformed or invalid module, kExitUsage when unreadable.
  int exitCode;
  /// "cannot read: <reason>" or ModuleError::toString().
  std::string message;
};

/// The whole contents of `path`, or the operating system's reason for failing.
Expected<std::vector<uint8_t>, std::string> readFileBytes(const std::string& path);

/// Reads `path`, then decodes and validates it.
Expected<std::shared_ptr<const WasmModule>, LoadFailure> loadModuleFile(const std::string& path);

/// Prints "<path>: error: <message>" to stderr, the one error format of every
/// subcommand, so scripts can rely on it.
void reportLoadFailure(const std::string& path, const LoadFailure& failure);

}  // namespace kiln
