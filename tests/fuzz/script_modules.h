// The modules of spec scripts (.wast), read with Kiln's text layer: the seed
// inputs of the fuzz and mutation tests.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace kiln::fuzz {

struct ScriptModule {
  std::string label;           // "binary.wast:12"
  std::vector<uint8_t> bytes;  // empty when the text did not parse
  bool valid = true;           // false for assert_malformed / assert_invalid
  std::string text;            // a module written in text: its source (quote: the quoted text)
};

/// Every module of the script at `path`. Throws std::runtime_error when the
/// script cannot be read or parsed.
std::vector<ScriptModule> scriptModules(const std::filesystem::path& path);

/// The whole contents of a file, or nullopt if it cannot be read.
std::optional<std::vector<uint8_t>> readFile(const std::filesystem::path& path);

}  // namespace kiln::fuzz
