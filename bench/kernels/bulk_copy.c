// Bulk memory: n rounds of copies (memcpy from the buffer's lower half to its
// upper half, overlapping memmove) and fills (memset) of sizes from 8 bytes
// to 64 KiB within a 4 MiB buffer. In Wasm these are memory.copy and
// memory.fill.
#include "kernel_support.h"

enum { kBufferSize = 4 << 20, kMaxChunk = 64 << 10 };

int64_t run(int32_t n) {
  uint8_t* buffer = malloc(kBufferSize);
  for (size_t i = 0; i < kBufferSize; ++i) buffer[i] = (uint8_t)(i * 131 + 7);
  uint32_t seed = 0x5bd1e995;
  uint64_t checksum = 0;
  for (int32_t round = 0; round < n; ++round) {
    uint32_t r = kernel_random(&seed);
    // Sizes 8 B .. 64 KiB, spread evenly in log scale.
    size_t size = (size_t)8 << (r % 14);
    size_t half = kBufferSize / 2;
    size_t from = kernel_random(&seed) % (half - kMaxChunk);
    size_t to = half + kernel_random(&seed) % (half - kMaxChunk);
    switch ((r >> 8) % 3) {
      case 0: memcpy(buffer + to, buffer + from, size); break;
      case 1: memmove(buffer + to, buffer + to + (r >> 12) % 64, size); break;
      default: memset(buffer + to, (int)(r >> 16), size); break;
    }
    checksum = checksum * 31 + buffer[to + size / 2] + buffer[from];
  }
  free(buffer);
  return (int64_t)checksum;
}
