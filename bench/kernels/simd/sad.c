// Sum of absolute differences of byte blocks (the inner loop of video motion
// estimation), auto-vectorised: for each candidate offset in a search window,
// the SAD of a 16x16 block of the current frame against the reference frame.
// Integer arithmetic: the checksum is exact in every engine.
#include "kernel_support.h"

enum { kWidth = 256, kHeight = 64, kBlock = 16, kRange = 8 };

// One block's SAD. Rows are 16 bytes: clang turns the inner loop into
// widening byte subtracts, absolute values and additions. Left to itself,
// clang 14 vectorises the outer loops for wasm32 instead (across rows, or
// across candidate offsets once inlined), with per-byte gathers
// (v128.load8_lane) that would measure clang rather than the engines: hence
// noinline and the pragma, the same for both targets.
__attribute__((noinline)) static uint32_t block_sad(const uint8_t* restrict current,
                                                   const uint8_t* restrict reference) {
  uint32_t sum = 0;
#pragma clang loop vectorize(disable)
  for (int y = 0; y < kBlock; ++y) {
    for (int x = 0; x < kBlock; ++x) {
      int difference = current[y * kWidth + x] - reference[y * kWidth + x];
      sum += (uint32_t)(difference < 0 ? -difference : difference);
    }
  }
  return sum;
}

int64_t run(int32_t n) {
  uint8_t* current = malloc(kWidth * kHeight);
  uint8_t* reference = malloc(kWidth * kHeight);
  uint32_t seed = 777;
  for (int i = 0; i < kWidth * kHeight; ++i) {
    reference[i] = (uint8_t)kernel_random(&seed);
    // The current frame is the reference shifted by (3, 2) plus a little noise.
    int shifted = i + 2 * kWidth + 3;
    current[i] = (uint8_t)(shifted < kWidth * kHeight ? reference[shifted] : 0);
    current[i] += (uint8_t)(kernel_random(&seed) % 5);
  }
  uint64_t checksum = 0;  // unsigned: it wraps, as signed overflow may not
  for (int32_t r = 0; r < n; ++r) {
    // One block position per repetition, walking the frame's interior.
    int blockX = kRange + (r * kBlock) % (kWidth - kBlock - 2 * kRange);
    int blockY = kRange + (r / 13 * 4) % (kHeight - kBlock - 2 * kRange);
    const uint8_t* block = &current[blockY * kWidth + blockX];
    uint32_t best = UINT32_MAX;
    int bestOffset = 0;
    for (int dy = -kRange; dy <= kRange; ++dy) {
      for (int dx = -kRange; dx <= kRange; ++dx) {
        uint32_t sad = block_sad(block, &reference[(blockY + dy) * kWidth + blockX + dx]);
        if (sad < best) {
          best = sad;
          bestOffset = dy * 64 + dx;
        }
      }
    }
    checksum = checksum * 31 + best * 4096 + (uint32_t)(bestOffset + 2048);
  }
  free(current);
  free(reference);
  return (int64_t)checksum;
}
