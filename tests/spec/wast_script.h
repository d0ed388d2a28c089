// A .wast script converted by wabt's wast2json: its command list and the
// module files it wrote. Shared by the spec runner and the fuzz tests, which
// both take their modules from the official test suite.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace kiln::spec {

/// One entry of wast2json's "commands" array, reduced to what the front-end
/// checks need.
struct WastCommand {
  std::string type;        // "module", "assert_invalid", "assert_return", ...
  uint32_t line = 0;       // line in the .wast file
  std::string filename;    // module file (.wasm or .wat), empty for actions
  std::string moduleType;  // "binary" or "text" for assert_* with a module
  std::string text;        // the spec's expected error text, if any
};

/// A converted script: where wast2json wrote its files and what they are.
struct WastScript {
  std::string name;                  // "binary" for binary.wast
  std::filesystem::path wastPath;    // the source script
  std::filesystem::path outputDir;   // holds <name>.json and the modules
  std::vector<WastCommand> commands;

  /// Path of a module file named by a command.
  std::filesystem::path modulePath(const WastCommand& command) const {
    return outputDir / command.filename;
  }
};

/// Runs `wast2json` on `wastPath`, writing into `outputRoot/<name>/` (emptied
/// first, so no module of an earlier run survives), and reads the command
/// list. Throws std::runtime_error if wast2json fails or its JSON is
/// unreadable; wast2json's own output is kept in `wast2json.log` there.
WastScript convertWast(const std::string& wast2json, const std::filesystem::path& wastPath,
                       const std::filesystem::path& outputRoot);

/// Runs `argv` (looked up in PATH) with stdout and stderr sent to `logPath`;
/// returns its exit status, or -1 if it could not be started.
int runLogged(const std::vector<std::string>& argv, const std::filesystem::path& logPath);

/// Every `*.wast` file directly inside `directory`, sorted by name.
std::vector<std::filesystem::path> listWastFiles(const std::filesystem::path& directory);

/// The whole contents of a file, or nullopt if it cannot be read.
std::optional<std::vector<uint8_t>> readBinaryFile(const std::filesystem::path& path);

}  // namespace kiln::spec
