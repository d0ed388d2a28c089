// What the parallel kernels share. A parallel kernel is one C file defining
// run_parallel(n, threads): work that grows with n, split over `threads`
// threads, returning a checksum that does not depend on the thread count.
// The same source builds natively against POSIX threads (parallel_native.c)
// and for wasm32 with shared memory against wasi-threads (parallel_wasi.c):
// Debian's wasi-libc has no wasm32-wasip1-threads build, so the Wasm side
// brings its own small runtime instead of pthreads. Both sides offer the same
// three primitives, on which everything else here is built.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel_support.h"

/// The kernel's entry point.
int64_t run_parallel(int32_t n, int32_t threads);

/// Runs body(i, shared) for i = 0 .. threads-1, each on its own thread (the
/// calling thread takes i = 0), and returns when all have returned.
void par_run(int32_t threads, void (*body)(int32_t index, void* shared), void* shared);

/// Blocks while *address == expected (futex wait; it may return early).
void par_wait(uint32_t* address, uint32_t expected);

/// Wakes up to `count` threads blocked in par_wait on `address`.
void par_wake(uint32_t* address, uint32_t count);

/// A mutex on par_wait/par_wake: 0 free, 1 held, 2 held with waiters. The
/// unlock pays for a wake only when someone may be waiting.
typedef struct {
  uint32_t state;
} par_mutex;

static inline void par_mutex_lock(par_mutex* mutex) {
  uint32_t seen = 0;
  if (__atomic_compare_exchange_n(&mutex->state, &seen, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
    return;
  }
  // Contended: mark the mutex as having waiters, and sleep until it is free.
  if (seen != 2) seen = __atomic_exchange_n(&mutex->state, 2, __ATOMIC_ACQUIRE);
  while (seen != 0) {
    par_wait(&mutex->state, 2);
    seen = __atomic_exchange_n(&mutex->state, 2, __ATOMIC_ACQUIRE);
  }
}

static inline void par_mutex_unlock(par_mutex* mutex) {
  if (__atomic_exchange_n(&mutex->state, 0, __ATOMIC_RELEASE) == 2) par_wake(&mutex->state, 1);
}

/// The slice [begin, end) of `count` items that thread `index` of `threads`
/// works on.
static inline void par_slice(size_t count, int32_t index, int32_t threads, size_t* begin,
                             size_t* end) {
  *begin = count * (size_t)index / (size_t)threads;
  *end = count * (size_t)(index + 1) / (size_t)threads;
}

/// A value derived from an item's index alone (splitmix-style mixing), so that
/// inputs do not depend on which thread made them.
static inline uint32_t par_hash(uint32_t x) {
  x ^= x >> 16;
  x *= 0x7feb352dU;
  x ^= x >> 15;
  x *= 0x846ca68bU;
  x ^= x >> 16;
  return x;
}
