// Command-line entry point for one benchmark kernel, built from the same
// source both to wasm32-wasi (against wasi-libc) and natively (against libc):
// `KERNEL N` calls run(N) once and prints its checksum and the call's wall
// time, so the suite can time the kernel alone, without start-up and compile:
//   checksum=<integer> ns=<integer>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "kernel_support.h"

static long long monotonic_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s N\n", argv[0]);
    return 2;
  }
  int32_t n = (int32_t)atoi(argv[1]);
  long long start = monotonic_ns();
  int64_t checksum = run(n);
  long long elapsed = monotonic_ns() - start;
  printf("checksum=%lld ns=%lld\n", (long long)checksum, elapsed);
  return 0;
}
