// A mutex-heavy counter: the threads share n increments of one record
// between them, each under one mutex, with a few updates inside the critical
// section. Two threads contend on every iteration, so the time goes to atomic
// instructions and, when a thread finds the mutex held, futex waits and wakes.
#include "parallel.h"

typedef struct {
  par_mutex mutex;
  int32_t threads;
  size_t increments;
  uint64_t count;
  uint64_t weighted;
  uint32_t last;
} pcounter_state;

static void pcounter_body(int32_t index, void* shared) {
  pcounter_state* state = shared;
  size_t begin, end;
  par_slice(state->increments, index, state->threads, &begin, &end);
  for (size_t i = begin; i < end; ++i) {
    par_mutex_lock(&state->mutex);
    state->count += 1;
    state->weighted += state->count ^ (uint64_t)state->last;
    state->last = par_hash(state->last + (uint32_t)index);
    par_mutex_unlock(&state->mutex);
  }
}

int64_t run_parallel(int32_t n, int32_t threads) {
  pcounter_state* state = calloc(1, sizeof(pcounter_state));
  state->threads = threads;
  state->increments = (size_t)n;
  par_run(threads, pcounter_body, state);
  // Only the total count is independent of the interleaving: `weighted` and
  // `last` vary from run to run, so they are not part of the checksum.
  int64_t count = (int64_t)state->count;
  free(state);
  return count == n ? count : -1;
}
