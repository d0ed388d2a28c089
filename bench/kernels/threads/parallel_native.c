// The native side of parallel.h: POSIX threads and Linux futexes, and the
// command-line entry point `KERNEL N THREADS`, which prints the checksum and
// run_parallel's wall time as the other kernels do:
//   checksum=<integer> ns=<integer>
#include <linux/futex.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "parallel.h"

typedef struct {
  pthread_t thread;
  int32_t index;
  void (*body)(int32_t, void*);
  void* shared;
} worker;

static void* worker_main(void* argument) {
  worker* self = argument;
  self->body(self->index, self->shared);
  return NULL;
}

void par_run(int32_t threads, void (*body)(int32_t, void*), void* shared) {
  worker workers[64];
  for (int32_t i = 1; i < threads; ++i) {
    workers[i] = (worker){0, i, body, shared};
    if (pthread_create(&workers[i].thread, NULL, worker_main, &workers[i]) != 0) abort();
  }
  body(0, shared);
  for (int32_t i = 1; i < threads; ++i) pthread_join(workers[i].thread, NULL);
}

void par_wait(uint32_t* address, uint32_t expected) {
  syscall(SYS_futex, address, FUTEX_WAIT_PRIVATE, expected, NULL, NULL, 0);
}

void par_wake(uint32_t* address, uint32_t count) {
  syscall(SYS_futex, address, FUTEX_WAKE_PRIVATE, count, NULL, NULL, 0);
}

static long long monotonic_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int main(int argc, char** argv) {
  int32_t threads = argc == 3 ? (int32_t)atoi(argv[2]) : 0;
  if (threads < 1 || threads > 64) {
    fprintf(stderr, "usage: %s N THREADS (1 to 64)\n", argv[0]);
    return 2;
  }
  long long start = monotonic_ns();
  int64_t checksum = run_parallel((int32_t)atoi(argv[1]), threads);
  long long elapsed = monotonic_ns() - start;
  printf("checksum=%lld ns=%lld\n", (long long)checksum, elapsed);
  return 0;
}
