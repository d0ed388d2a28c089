// A growing byte buffer with the binary format's encodings: LEB128 integers,
// little-endian floats, names (length-prefixed bytes).
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace kiln::text {

class ByteWriter {
 public:
  std::vector<uint8_t>& bytes() { return bytes_; }
  const std::vector<uint8_t>& bytes() const { return bytes_; }
  size_t size() const { return bytes_.size(); }
  bool empty() const { return bytes_.empty(); }
  void clear() { bytes_.clear(); }

  void byte(uint8_t value) { bytes_.push_back(value); }

  void u32(uint32_t value) {
    if (value < 0x80) [[likely]] {
      bytes_.push_back(uint8_t(value));
      return;
    }
    u64(value);
  }

  void u64(uint64_t value) {
    do {
      uint8_t byte = value & 0x7F;
      value >>= 7;
      if (value != 0) byte |= 0x80;
      bytes_.push_back(byte);
    } while (value != 0);
  }

  /// Signed LEB128 (s32, s33 and s64 share the encoding).
  void s64(int64_t value) {
    while (true) {
      uint8_t byte = value & 0x7F;
      value >>= 7;  // arithmetic
      const bool done = (value == 0 && !(byte & 0x40)) || (value == -1 && (byte & 0x40));
      if (!done) byte |= 0x80;
      bytes_.push_back(byte);
      if (done) return;
    }
  }

  void fixed32(uint32_t value) {
    uint8_t raw[4];
    for (int i = 0; i < 4; ++i) raw[i] = uint8_t(value >> (8 * i));
    append(raw, 4);
  }

  void fixed64(uint64_t value) {
    uint8_t raw[8];
    for (int i = 0; i < 8; ++i) raw[i] = uint8_t(value >> (8 * i));
    append(raw, 8);
  }

  void append(const void* data, size_t size) {
    const uint8_t* begin = static_cast<const uint8_t*>(data);
    bytes_.insert(bytes_.end(), begin, begin + size);
  }
  void append(const std::vector<uint8_t>& data) { append(data.data(), data.size()); }

  /// vec(byte): a name or a data segment's bytes.
  void name(std::string_view text) {
    u32(uint32_t(text.size()));
    append(text.data(), text.size());
  }

 private:
  std::vector<uint8_t> bytes_;
};

}  // namespace kiln::text
