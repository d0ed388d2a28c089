// Reads standard input to its end and prints how much arrived: bytes, lines
// and an FNV-1a checksum. Exercises reads from pipes and files and EOF.
#include <stdint.h>
#include <stdio.h>

int main(void) {
  static unsigned char buffer[65536];
  uint64_t bytes = 0, lines = 0;
  uint32_t hash = 2166136261u;
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, stdin)) > 0) {
    for (size_t i = 0; i < n; ++i) {
      hash = (hash ^ buffer[i]) * 16777619u;
      if (buffer[i] == '\n') ++lines;
    }
    bytes += n;
  }
  if (ferror(stdin)) {
    fprintf(stderr, "read error\n");
    return 1;
  }
  printf("bytes: %llu\nlines: %llu\nfnv1a: %08x\n", (unsigned long long)bytes,
         (unsigned long long)lines, hash);
  return 0;
}
