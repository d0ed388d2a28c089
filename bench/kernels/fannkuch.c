// fannkuch-redux (Computer Language Benchmarks Game): flips of every
// permutation of 0..8, repeated n times. Small arrays in memory, i32
// loads/stores in tight data-dependent loops.
#include "kernel_support.h"

enum { kSize = 9 };

// The checksum and maximum flip count over all permutations of kSize items,
// generated in the benchmark's counting order.
static int64_t fannkuch(void) {
  int perm[kSize], perm1[kSize], count[kSize];
  int64_t checksum = 0;
  int maxFlips = 0, permIndex = 0, r = kSize;
  for (int i = 0; i < kSize; ++i) perm1[i] = i;
  for (;;) {
    for (; r != 1; --r) count[r - 1] = r;
    for (int i = 0; i < kSize; ++i) perm[i] = perm1[i];
    int flips = 0;
    for (int k = perm[0]; k != 0; k = perm[0]) {
      for (int i = 0, j = k; i < j; ++i, --j) {
        int t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
      }
      ++flips;
    }
    if (flips > maxFlips) maxFlips = flips;
    checksum += (permIndex % 2 == 0) ? flips : -flips;
    for (;;) {
      if (r == kSize) return checksum * 1000 + maxFlips;
      int first = perm1[0];
      for (int i = 0; i < r; ++i) perm1[i] = perm1[i + 1];
      perm1[r] = first;
      if (--count[r] > 0) break;
      ++r;
    }
    ++permIndex;
  }
}

int64_t run(int32_t n) {
  int64_t checksum = 0;
  for (int32_t i = 0; i < n; ++i) checksum += fannkuch();
  return checksum;
}
