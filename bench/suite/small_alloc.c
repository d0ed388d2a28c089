// Many small allocations: a pool of live blocks of 8-256 bytes, where each of
// n steps frees a pseudo-randomly chosen block and allocates a new one of a
// new size, touching its bytes. Exercises the C library's allocator (dlmalloc
// in wasi-libc, glibc natively) the way object-heavy programs do. Built only
// with a real libc: the freestanding kernels' bump allocator never frees.
#include "kernel_support.h"

enum { kLiveBlocks = 4096 };

int64_t run(int32_t n) {
  // Static, not on the stack: wasm32-wasi programs get a 64 KiB stack.
  static unsigned char* blocks[kLiveBlocks];
  static uint32_t sizes[kLiveBlocks];
  memset(blocks, 0, sizeof blocks);
  uint32_t seed = 0x9e3779b9;
  int64_t checksum = 0;
  for (int32_t step = 0; step < n; ++step) {
    uint32_t slot = kernel_random(&seed) % kLiveBlocks;
    if (blocks[slot]) {
      // Read the block back before freeing it, so its contents matter.
      checksum += blocks[slot][0] + blocks[slot][sizes[slot] - 1];
      free(blocks[slot]);
    }
    uint32_t size = 8 + kernel_random(&seed) % 249;
    unsigned char* block = malloc(size);
    if (!block) return -1;
    memset(block, (int)(step & 0xff), size);
    block[size - 1] = (unsigned char)size;
    blocks[slot] = block;
    sizes[slot] = size;
  }
  for (int i = 0; i < kLiveBlocks; ++i) {
    if (blocks[i]) checksum += blocks[i][sizes[i] - 1];
    free(blocks[i]);
  }
  return checksum;
}
