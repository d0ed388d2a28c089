#include "module_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string_view>

#include "command.h"
#include "kiln/wat.h"

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

Expected<std::vector<uint8_t>, LoadFailure> readModuleFile(const std::string& path) {
  auto bytes = readFileBytes(path);
  if (!bytes) {
    Error unreadable(ErrorKind::Resource, "cannot read: " + bytes.error());
    return Unexpected{LoadFailure{kExitUsage, std::move(unreadable)}};
  }
  auto binary = toBinaryFormat(std::move(bytes).value());
  if (!binary) return Unexpected{LoadFailure{kExitFailed, binary.error()}};
  return std::move(binary).value();
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
