// Parallel sort: each thread sorts its slice of n pseudo-random keys with a
// quicksort, then one thread merges the sorted slices (a k-way merge with a
// linear scan of the slice heads: k is the thread count, at most 64).
#include "parallel.h"

typedef struct {
  uint32_t* keys;
  size_t count;
  int32_t threads;
} psort_state;

static void insertion_sort(uint32_t* keys, size_t count) {
  for (size_t i = 1; i < count; ++i) {
    uint32_t key = keys[i];
    size_t j = i;
    for (; j > 0 && keys[j - 1] > key; --j) keys[j] = keys[j - 1];
    keys[j] = key;
  }
}

// Recurses into the smaller part and loops on the larger, so the depth stays
// under log2(count) on a thread's small stack.
static void quicksort(uint32_t* keys, size_t count) {
  while (count > 24) {
    uint32_t a = keys[0], b = keys[count / 2], c = keys[count - 1];
    uint32_t pivot = a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b));
    size_t i = 0, j = count - 1;
    for (;;) {
      while (keys[i] < pivot) ++i;
      while (keys[j] > pivot) --j;
      if (i >= j) break;
      uint32_t swap = keys[i];
      keys[i++] = keys[j];
      keys[j--] = swap;
    }
    size_t left = j + 1;
    if (left < count - left) {
      quicksort(keys, left);
      keys += left;
      count -= left;
    } else {
      quicksort(keys + left, count - left);
      count = left;
    }
  }
  insertion_sort(keys, count);
}

static void psort_body(int32_t index, void* shared) {
  psort_state* state = shared;
  size_t begin, end;
  par_slice(state->count, index, state->threads, &begin, &end);
  for (size_t i = begin; i < end; ++i) state->keys[i] = par_hash((uint32_t)i);
  quicksort(state->keys + begin, end - begin);
}

int64_t run_parallel(int32_t n, int32_t threads) {
  psort_state state = {malloc((size_t)n * sizeof(uint32_t)), (size_t)n, threads};
  par_run(threads, psort_body, &state);
  size_t heads[64], ends[64];
  for (int32_t t = 0; t < threads; ++t) par_slice(state.count, t, threads, &heads[t], &ends[t]);
  uint64_t checksum = 0;
  uint32_t previous = 0;
  for (size_t out = 0; out < state.count; ++out) {
    int32_t best = -1;
    for (int32_t t = 0; t < threads; ++t) {
      if (heads[t] < ends[t] && (best < 0 || state.keys[heads[t]] < state.keys[heads[best]])) best = t;
    }
    uint32_t key = state.keys[heads[best]++];
    if (key < previous) return -1;  // not sorted: a wrong result, never a checksum
    previous = key;
    checksum = checksum * 31 + key;
  }
  free(state.keys);
  return (int64_t)checksum;
}
