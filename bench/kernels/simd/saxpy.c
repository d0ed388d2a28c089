// saxpy on f32 arrays, auto-vectorised: y = a * x + y, then x = b * y + x,
// over arrays that fit the L1 cache, repeated n times. Element-wise float
// arithmetic is exact IEEE in every engine (no reassociation, and neither
// SSE4.2 nor Wasm SIMD has a fused multiply-add to contract into), so the
// checksum over the result's bits is the same everywhere.
#include "kernel_support.h"

enum { kLength = 4096 };

// Separate functions with restrict pointers: what lets clang vectorise
// without runtime alias checks.
static void saxpy(float* restrict y, const float* restrict x, float a) {
  for (int i = 0; i < kLength; ++i) y[i] = a * x[i] + y[i];
}

int64_t run(int32_t n) {
  float* x = malloc(kLength * sizeof(float));
  float* y = malloc(kLength * sizeof(float));
  uint32_t seed = 12345;
  for (int i = 0; i < kLength; ++i) {
    x[i] = (float)(kernel_random(&seed) % 2001) / 1000.0f - 1.0f;
    y[i] = (float)(kernel_random(&seed) % 2001) / 1000.0f - 1.0f;
  }
  // |a|, |b| < 1 keep the values bounded (and clear of subnormals, whose
  // speed differs between CPUs) however large n is.
  for (int32_t r = 0; r < n; ++r) {
    saxpy(y, x, 0.75f);
    saxpy(x, y, -0.5f);
  }
  uint64_t checksum = 0;  // unsigned: it wraps, as signed overflow may not
  for (int i = 0; i < kLength; ++i) {
    uint32_t bits;
    memcpy(&bits, &y[i], sizeof bits);
    checksum = checksum * 31 + bits;
  }
  free(x);
  free(y);
  return (int64_t)checksum;
}
