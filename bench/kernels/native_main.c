// Native driver for one kernel: `NAME N` calls run(N) once and prints the
// checksum, the call's wall time and the process's CPU time during the call,
// in the format every engine's driver uses.
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "kernel_support.h"

static int64_t clock_ns(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s N\n", argv[0]);
    return 2;
  }
  int32_t n = (int32_t)atoi(argv[1]);
  int64_t cpu_start = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
  int64_t start = clock_ns(CLOCK_MONOTONIC);
  int64_t checksum = run(n);
  int64_t elapsed = clock_ns(CLOCK_MONOTONIC) - start;
  int64_t cpu = clock_ns(CLOCK_PROCESS_CPUTIME_ID) - cpu_start;
  printf("checksum=%lld ns=%lld cpu_ns=%lld\n", (long long)checksum, (long long)elapsed,
         (long long)cpu);
  return 0;
}
