#include "kiln/utf8.h"

#include <cstring>

namespace kiln {

bool isValidUtf8(std::span<const uint8_t> bytes) {
  size_t i = 0;
  const size_t n = bytes.size();
  while (i < n) {
    // Skip eight ASCII bytes at a time: names are nearly always ASCII.
    if (n - i >= 8) {
      uint64_t word;
      std::memcpy(&word, bytes.data() + i, 8);
      if ((word & 0x8080808080808080ull) == 0) {
        i += 8;
        continue;
      }
    }
    const uint8_t b = bytes[i];
    if (b < 0x80) {
      ++i;
      continue;
    }
    size_t length;
    uint32_t codePoint;
    if ((b & 0xE0) == 0xC0) {
      length = 2;
      codePoint = b & 0x1F;
    } else if ((b & 0xF0) == 0xE0) {
      length = 3;
      codePoint = b & 0x0F;
    } else if ((b & 0xF8) == 0xF0) {
      length = 4;
      codePoint = b & 0x07;
    } else {
      return false;
    }
    if (n - i < length) return false;
    for (size_t k = 1; k < length; ++k) {
      const uint8_t c = bytes[i + k];
      if ((c & 0xC0) != 0x80) return false;
      codePoint = (codePoint << 6) | (c & 0x3F);
    }
    static constexpr uint32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
    if (codePoint < kMinForLength[length]) return false;            // overlong
    if (codePoint >= 0xD800 && codePoint <= 0xDFFF) return false;   // surrogate
    if (codePoint > 0x10FFFF) return false;
    i += length;
  }
  return true;
}

}  // namespace kiln
