// Parallel sum: each thread fills its slice of an array with values derived
// from the index, then folds the slice several times with a little integer
// work per element; the slices' sums are added at the end. Scales with the
// cores as long as the slices fit the caches' share of each core.
#include "parallel.h"

enum { kItems = 1 << 18, kPasses = 8 };

typedef struct {
  uint32_t* items;
  int32_t rounds;
  int32_t threads;
  uint64_t sums[64];
} psum_state;

static void psum_body(int32_t index, void* shared) {
  psum_state* state = shared;
  size_t begin, end;
  par_slice(kItems, index, state->threads, &begin, &end);
  for (size_t i = begin; i < end; ++i) state->items[i] = par_hash((uint32_t)i);
  uint64_t sum = 0;
  for (int32_t round = 0; round < state->rounds; ++round) {
    for (int32_t pass = 0; pass < kPasses; ++pass) {
      uint32_t mix = (uint32_t)(round * kPasses + pass) | 1;
      for (size_t i = begin; i < end; ++i) {
        uint32_t x = state->items[i] * mix;
        sum += x ^ (x >> 7);
      }
    }
  }
  state->sums[index] = sum;
}

int64_t run_parallel(int32_t n, int32_t threads) {
  psum_state* state = calloc(1, sizeof(psum_state));
  state->items = malloc(kItems * sizeof(uint32_t));
  state->rounds = n;
  state->threads = threads;
  par_run(threads, psum_body, state);
  uint64_t total = 0;
  for (int32_t i = 0; i < threads; ++i) total += state->sums[i];
  free(state->items);
  free(state);
  return (int64_t)total;
}
