#include "module_file.h"

#include <CLI/CLI.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <string_view>

#include "command.h"
#include "kiln/module.h"
#include "kiln/read_file.h"
#include "kiln/wat.h"

namespace kiln {

Expected<std::vector<uint8_t>, LoadFailure> readModuleFile(const std::string& path,
                                                           const Engine& engine) {
  auto bytes = readFile(path, engine.config().maxModuleBytes);
  if (!bytes) return Unexpected{LoadFailure{kExitUsage, bytes.error()}};
  // Refused before conversion, so that text cut off at the limit is not parsed.
  if (bytes->size() > engine.config().maxModuleBytes) {
    return Unexpected{LoadFailure{kExitFailed, *Module::validate(engine, *bytes)}};
  }
  auto binary = toBinaryFormat(std::move(bytes).value());
  if (!binary) return Unexpected{LoadFailure{kExitFailed, binary.error()}};
  return std::move(binary).value();
}

ModuleFileKind moduleFileKind(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) return ModuleFileKind::Other;
  std::ifstream file(path, std::ios::binary);
  if (!file) return ModuleFileKind::Other;
  uint8_t start[16] = {};
  file.read(reinterpret_cast<char*>(start), sizeof start);
  return Module::isSerialized(std::span<const uint8_t>(start, size_t(file.gcount())))
             ? ModuleFileKind::Serialized
             : ModuleFileKind::Regular;
}

void declareMaxModuleSize(CLI::App* sub, uint64_t& maxBytes) {
  sub->add_option("--max-module-size", maxBytes,
                  "Refuse a module file larger than this (bytes, or 64k, 16m, 1g)")
      // AsSizeValue reads "-1" as 2^64 - 1: a sign is refused before it.
      ->check(CLI::Validator(
          [](std::string& text) {
            return text.find('-') == std::string::npos ? std::string()
                                                       : "expected a size, got \"" + text + "\"";
          },
          "SIZE"))
      ->transform(CLI::AsSizeValue(false))
      ->capture_default_str();
}

void reportError(const std::string& path, std::string_view message) {
  // Flush first so that, on a terminal, results appear in the order of the files.
  std::cout.flush();
  std::string_view rest = message;
  do {
    size_t end = rest.find('\n');
    std::cerr << path << ": error: " << rest.substr(0, end) << '\n';
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
  } while (!rest.empty());
}

void reportError(const std::string& path, const Error& error) {
  reportError(path, error.toString());
}

}  // namespace kiln
