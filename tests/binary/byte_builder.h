// Test helper: builds module bytes by hand, with LEB128 and section framing.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <vector>

namespace kiln::test {

/// Bytes appended piece by piece.
using Bytes = std::vector<uint8_t>;

/// Unsigned LEB128 encoding of `value` (minimal length).
inline Bytes uleb(uint64_t value) {
  Bytes out;
  do {
    uint8_t byte = value & 0x7F;
    value >>= 7;
    if (value) byte |= 0x80;
    out.push_back(byte);
  } while (value);
  return out;
}

/// Concatenation of byte pieces.
inline Bytes cat(std::initializer_list<Bytes> pieces) {
  Bytes out;
  for (const Bytes& piece : pieces) out.insert(out.end(), piece.begin(), piece.end());
  return out;
}

/// A name: its length, then its bytes.
inline Bytes name(std::string_view text) {
  return cat({uleb(text.size()), Bytes(text.begin(), text.end())});
}

/// A section: id, payload size, payload.
inline Bytes section(uint8_t id, const Bytes& payload) {
  return cat({Bytes{id}, uleb(payload.size()), payload});
}

/// The module header followed by `sections`.
inline Bytes module(std::initializer_list<Bytes> sections) {
  size_t size = 8;
  for (const Bytes& s : sections) size += s.size();
  // Reserving the total first also keeps g++ 12 -O3 from a false
  // -Warray-bounds on the inserts.
  Bytes out;
  out.reserve(size);
  out = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  for (const Bytes& s : sections) out.insert(out.end(), s.begin(), s.end());
  return out;
}

}  // namespace kiln::test
