// Uses the clocks and the random source, printing only facts that hold on
// every run: time moves forward, sleeping takes time, random bytes differ.
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long long nanoseconds(clockid_t clock) {
  struct timespec t;
  clock_gettime(clock, &t);
  return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(void) {
  struct timespec resolution;
  printf("monotonic resolution positive: %s\n",
         clock_getres(CLOCK_MONOTONIC, &resolution) == 0 &&
                 (resolution.tv_sec > 0 || resolution.tv_nsec > 0)
             ? "yes"
             : "no");
  printf("realtime after 2020: %s\n", time(NULL) > 1577836800 ? "yes" : "no");

  long long start = nanoseconds(CLOCK_MONOTONIC);
  struct timespec nap = {0, 20 * 1000 * 1000};
  nanosleep(&nap, NULL);
  long long elapsed = nanoseconds(CLOCK_MONOTONIC) - start;
  printf("slept at least 20 ms: %s\n", elapsed >= 20 * 1000 * 1000 ? "yes" : "no");

  long long cpu = nanoseconds(CLOCK_PROCESS_CPUTIME_ID);
  volatile unsigned spin = 0;
  for (unsigned i = 0; i < 10000000; ++i) spin = spin + i;
  (void)spin;
  printf("cpu time advanced: %s\n", nanoseconds(CLOCK_PROCESS_CPUTIME_ID) > cpu ? "yes" : "no");

  unsigned char a[32], b[32];
  if (getentropy(a, sizeof a) != 0 || getentropy(b, sizeof b) != 0) {
    printf("getentropy failed\n");
    return 1;
  }
  printf("random buffers differ: %s\n", memcmp(a, b, sizeof a) != 0 ? "yes" : "no");
  return 0;
}
