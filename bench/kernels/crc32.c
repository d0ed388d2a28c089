// CRC-32 (IEEE, reflected, table-driven) over a 1 MiB buffer, n passes:
// byte loads, table lookups, shifts and xors.
#include "kernel_support.h"

enum { kBufferSize = 1 << 20 };

int64_t run(int32_t n) {
  uint32_t table[256];
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
  uint8_t* buffer = malloc(kBufferSize);
  uint32_t seed = 0x9e3779b9;
  for (size_t i = 0; i < kBufferSize; ++i) buffer[i] = (uint8_t)kernel_random(&seed);
  uint32_t crc = 0;
  for (int32_t pass = 0; pass < n; ++pass) {
    crc = ~crc;
    for (size_t i = 0; i < kBufferSize; ++i) crc = table[(crc ^ buffer[i]) & 0xff] ^ (crc >> 8);
    crc = ~crc;
  }
  free(buffer);
  return crc;
}
