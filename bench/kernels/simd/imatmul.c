// Small integer matrix multiply, auto-vectorised: C = A * B for 64x64 i32
// matrices, i-k-j loop order (unit stride in the inner loop, which becomes
// i32x4 multiplies and adds), repeated n times with A perturbed each time.
// Integer arithmetic: the checksum is exact in every engine.
#include "kernel_support.h"

enum { kSize = 64 };

static void multiply(int32_t* restrict c, const int32_t* restrict a, const int32_t* restrict b) {
  for (int i = 0; i < kSize * kSize; ++i) c[i] = 0;
  for (int i = 0; i < kSize; ++i) {
    for (int k = 0; k < kSize; ++k) {
      int32_t aik = a[i * kSize + k];
      for (int j = 0; j < kSize; ++j) c[i * kSize + j] += aik * b[k * kSize + j];
    }
  }
}

int64_t run(int32_t n) {
  int32_t* a = malloc(kSize * kSize * sizeof(int32_t));
  int32_t* b = malloc(kSize * kSize * sizeof(int32_t));
  int32_t* c = malloc(kSize * kSize * sizeof(int32_t));
  uint32_t seed = 99;
  for (int i = 0; i < kSize * kSize; ++i) {
    a[i] = (int32_t)(kernel_random(&seed) % 201) - 100;
    b[i] = (int32_t)(kernel_random(&seed) % 201) - 100;
  }
  uint64_t checksum = 0;  // unsigned: it wraps, as signed overflow may not
  for (int32_t r = 0; r < n; ++r) {
    multiply(c, a, b);
    a[(r * 37) % (kSize * kSize)] += c[(r * 101) % (kSize * kSize)] & 7;
    checksum = checksum * 31 + c[(r * 53) % (kSize * kSize)];
  }
  for (int i = 0; i < kSize * kSize; ++i) checksum = checksum * 31 + c[i];
  free(a);
  free(b);
  free(c);
  return (int64_t)checksum;
}
