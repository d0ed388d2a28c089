// A bounds-checked view of a guest's linear memory for WASI calls.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string_view>

namespace kiln::wasi {

/// The guest memory one WASI call works on: base and size fetched when the
/// call starts (never cached across calls, since memory may grow between
/// them). Every access is checked with 64-bit arithmetic, so a pointer plus
/// length past the end is refused rather than wrapping around.
class GuestMemory {
 public:
  GuestMemory() = default;
  GuestMemory(uint8_t* base, uint64_t size) : base_(base), size_(size) {}

  uint64_t size() const { return size_; }
  /// Whether [ptr, ptr + length) lies inside the memory.
  bool contains(uint64_t ptr, uint64_t length) const {
    return ptr <= size_ && length <= size_ - ptr;
  }
  /// The bytes [ptr, ptr + length), or nothing when out of bounds.
  std::optional<std::span<uint8_t>> bytes(uint64_t ptr, uint64_t length) const {
    if (!contains(ptr, length)) return std::nullopt;
    return std::span<uint8_t>(base_ + ptr, length);
  }
  /// The guest string [ptr, ptr + length) (not NUL-terminated), or nothing.
  std::optional<std::string_view> string(uint64_t ptr, uint64_t length) const {
    if (!contains(ptr, length)) return std::nullopt;
    return std::string_view(reinterpret_cast<const char*>(base_ + ptr), length);
  }

  /// Reads a little-endian integer at `ptr` (no alignment required).
  template <typename T>
  std::optional<T> load(uint64_t ptr) const {
    if (!contains(ptr, sizeof(T))) return std::nullopt;
    T value;
    std::memcpy(&value, base_ + ptr, sizeof(T));
    return value;
  }
  /// Writes a little-endian integer at `ptr`; false when out of bounds.
  template <typename T>
  bool store(uint64_t ptr, T value) const {
    if (!contains(ptr, sizeof(T))) return false;
    std::memcpy(base_ + ptr, &value, sizeof(T));
    return true;
  }

 private:
  uint8_t* base_ = nullptr;
  uint64_t size_ = 0;
};

}  // namespace kiln::wasi
