// Dense matrix multiply: C = A * B for n x n f64 matrices, i-k-j loop order
// (unit stride in the inner loop), then a checksum of C.
#include "kernel_support.h"

int64_t run(int32_t n) {
  size_t count = (size_t)n * (size_t)n;
  double* a = malloc(count * sizeof(double));
  double* b = malloc(count * sizeof(double));
  double* c = malloc(count * sizeof(double));
  // Small integers: every product and sum is exact, so the order in which an
  // engine adds them cannot change the result.
  for (int32_t i = 0; i < n; ++i) {
    for (int32_t j = 0; j < n; ++j) {
      a[(size_t)i * n + j] = (double)((i * 7 + j * 3) % 17) - 8;
      b[(size_t)i * n + j] = (double)((i * 5 + j * 11) % 13) - 6;
      c[(size_t)i * n + j] = 0;
    }
  }
  for (int32_t i = 0; i < n; ++i) {
    double* row = &c[(size_t)i * n];
    for (int32_t k = 0; k < n; ++k) {
      double aik = a[(size_t)i * n + k];
      const double* bRow = &b[(size_t)k * n];
      for (int32_t j = 0; j < n; ++j) row[j] += aik * bRow[j];
    }
  }
  int64_t checksum = 0;
  for (size_t i = 0; i < count; ++i) checksum = checksum * 31 + (int64_t)c[i];
  free(a);
  free(b);
  free(c);
  return checksum;
}
