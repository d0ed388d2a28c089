#include "module_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "command.h"
#include "validate/parse_module.h"

namespace kiln {

Expected<std::vector<uint8_t>, std::string> readFileBytes(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) return Unexpected{std::string(std::strerror(errno))};
  std::vector<uint8_t> bytes;
  uint8_t chunk[65536];
  size_t count;
  // Read to the end rather than trusting a size from stat: pipes and
  // /proc files have none.
  while ((count = std::fread(chunk, 1, sizeof chunk, file)) > 0) {
    bytes.insert(bytes.end(), chunk, chunk + count);
  }
  // fopen succeeds on a directory; the read is what fails (EISDIR).
  bool failed = std::ferror(file);
  int error = errno;
  std::fclose(file);
  if (failed) return Unexpected{std::string(std::strerror(error))};
  return bytes;
}

Expected<std::shared_ptr<const WasmModule>, LoadFailure> loadModuleFile(const std::string& path) {
  auto bytes = readFileBytes(path);
  if (!bytes) return Unexpected{LoadFailure{kExitUsage, "cannot read: " + bytes.error()}};
  auto module = parseModule(std::move(bytes).value());
  if (!module) return Unexpected{LoadFailure{kExitFailed, module.error().toString()}};
  return std::move(module).value();
}

void reportLoadFailure(const std::string& path, const LoadFailure& failure) {
  // Flush first so that, on a terminal, results appear in the order of the files.
  std::cout.flush();
  std::cerr << path << ": error: " << failure.message << '\n';
}

}  // namespace kiln
