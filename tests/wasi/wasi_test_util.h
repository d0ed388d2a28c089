// Helpers for the WASI tests: temporary directories and a fake guest memory.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "wasi/guest_memory.h"

namespace kiln::wasi::test {

/// A fresh directory under /tmp, removed (recursively) on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  /// Writes `contents` to `relative` inside the directory.
  void writeFile(const std::string& relative, std::string_view contents) const;
  std::string readFile(const std::string& relative) const;

 private:
  std::string path_;
};

/// 64 KiB of guest memory with helpers to place data in it.
struct FakeMemory {
  std::vector<uint8_t> bytes = std::vector<uint8_t>(65536);
  GuestMemory view() { return GuestMemory(bytes.data(), bytes.size()); }
  /// Copies `text` to `at`; returns its length.
  uint32_t put(uint32_t at, std::string_view text) {
    std::memcpy(&bytes[at], text.data(), text.size());
    return uint32_t(text.size());
  }
  void putIovec(uint32_t at, uint32_t buf, uint32_t length) {
    view().store<uint32_t>(at, buf);
    view().store<uint32_t>(at + 4, length);
  }
  template <typename T>
  T get(uint32_t at) {
    return *view().load<T>(at);
  }
  std::string text(uint32_t at, uint32_t length) {
    return std::string(reinterpret_cast<const char*>(&bytes[at]), length);
  }
};

}  // namespace kiln::wasi::test
