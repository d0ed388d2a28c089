// Sorting n pseudo-random 32-bit integers twice: quicksort (median of three,
// insertion sort for short runs) and heap sort. Branchy compares and swaps.
#include "kernel_support.h"

static void insertion_sort(uint32_t* a, int32_t low, int32_t high) {
  for (int32_t i = low + 1; i <= high; ++i) {
    uint32_t v = a[i];
    int32_t j = i - 1;
    while (j >= low && a[j] > v) {
      a[j + 1] = a[j];
      --j;
    }
    a[j + 1] = v;
  }
}

static void quicksort(uint32_t* a, int32_t low, int32_t high) {
  while (high - low > 16) {
    int32_t mid = low + (high - low) / 2;
    uint32_t x = a[low], y = a[mid], z = a[high];
    uint32_t pivot = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
    int32_t i = low, j = high;
    while (i <= j) {
      while (a[i] < pivot) ++i;
      while (a[j] > pivot) --j;
      if (i <= j) {
        uint32_t t = a[i];
        a[i] = a[j];
        a[j] = t;
        ++i;
        --j;
      }
    }
    // Recurse into the smaller half so the stack stays logarithmic.
    if (j - low < high - i) {
      quicksort(a, low, j);
      low = i;
    } else {
      quicksort(a, i, high);
      high = j;
    }
  }
  insertion_sort(a, low, high);
}

static void sift_down(uint32_t* a, int32_t root, int32_t count) {
  uint32_t v = a[root];
  for (;;) {
    int32_t child = 2 * root + 1;
    if (child >= count) break;
    if (child + 1 < count && a[child + 1] > a[child]) ++child;
    if (a[child] <= v) break;
    a[root] = a[child];
    root = child;
  }
  a[root] = v;
}

static void heap_sort(uint32_t* a, int32_t count) {
  for (int32_t i = count / 2 - 1; i >= 0; --i) sift_down(a, i, count);
  for (int32_t end = count - 1; end > 0; --end) {
    uint32_t t = a[0];
    a[0] = a[end];
    a[end] = t;
    sift_down(a, 0, end);
  }
}

static int64_t checksum(const uint32_t* a, int32_t count) {
  int64_t sum = 0;
  for (int32_t i = 0; i < count; ++i) {
    if (i > 0 && a[i - 1] > a[i]) return -1;  // not sorted
    sum = sum * 31 + a[i];
  }
  return sum;
}

int64_t run(int32_t n) {
  uint32_t* a = malloc((size_t)n * sizeof(uint32_t));
  uint32_t seed = 0xdeadbeef;
  for (int32_t i = 0; i < n; ++i) a[i] = kernel_random(&seed);
  quicksort(a, 0, n - 1);
  int64_t result = checksum(a, n);
  for (int32_t i = 0; i < n; ++i) a[i] = kernel_random(&seed);
  heap_sort(a, n);
  result ^= checksum(a, n) * 7;
  free(a);
  return result;
}
