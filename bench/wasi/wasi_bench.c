// A WASI-heavy benchmark, built both to wasm32-wasi and natively from this
// one source so bench/run-wasi.sh can compare Kiln, Node's `wasi` and the
// host. Each run does one phase and prints what it computed on stdout (the
// script checks that every engine prints the same) and the phase's own time
// on stderr as "time_ns: N", which leaves out start-up and compilation.
//
//   wasi_bench setup DIR FILES SIZE_MB   create DIR/tree (FILES small files in
//                                        100 subdirectories) and DIR/big.bin
//   wasi_bench writes PATH COUNT         COUNT write(2) calls of 16 bytes
//   wasi_bench walk DIR PASSES           readdir + stat the whole tree, PASSES times
//   wasi_bench read PATH                 read in 64 KiB chunks, checksum
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { kSubdirectories = 100, kChunk = 64 * 1024 };

static uint64_t nowNs(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int fail(const char* what) {
  perror(what);
  return 1;
}

// The deterministic contents of file `i` of the tree: i % 97 bytes.
static int writeTreeFile(const char* path, int i) {
  char data[97];
  int size = i % 97;
  for (int b = 0; b < size; ++b) data[b] = (char)('a' + (i + b) % 26);
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return fail(path);
  if (write(fd, data, (size_t)size) != size) return fail(path);
  return close(fd) == 0 ? 0 : fail(path);
}

static int setup(const char* dir, int files, int sizeMb) {
  char path[4096];
  snprintf(path, sizeof path, "%s/tree", dir);
  if (mkdir(path, 0755) != 0) return fail(path);
  for (int d = 0; d < kSubdirectories; ++d) {
    snprintf(path, sizeof path, "%s/tree/d%03d", dir, d);
    if (mkdir(path, 0755) != 0) return fail(path);
  }
  for (int i = 0; i < files; ++i) {
    snprintf(path, sizeof path, "%s/tree/d%03d/file%06d.txt", dir, i % kSubdirectories, i);
    if (writeTreeFile(path, i) != 0) return 1;
  }
  snprintf(path, sizeof path, "%s/big.bin", dir);
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return fail(path);
  static uint8_t chunk[1 << 20];
  uint32_t state = 12345;
  for (int mb = 0; mb < sizeMb; ++mb) {
    for (size_t i = 0; i < sizeof chunk; ++i) {
      state = state * 1103515245u + 12345u;
      chunk[i] = (uint8_t)(state >> 16);
    }
    if (write(fd, chunk, sizeof chunk) != (ssize_t)sizeof chunk) return fail(path);
  }
  return close(fd) == 0 ? 0 : fail(path);
}

static int writes(const char* path, long count) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return fail(path);
  char record[16];
  uint64_t start = nowNs();
  for (long i = 0; i < count; ++i) {
    snprintf(record, sizeof record, "%014ld\n", i);
    if (write(fd, record, 16) != 16) return fail(path);
  }
  uint64_t elapsed = nowNs() - start;
  struct stat info;
  if (fstat(fd, &info) != 0) return fail(path);
  close(fd);
  printf("writes: %ld\nsize: %lld\n", count, (long long)info.st_size);
  fprintf(stderr, "time_ns: %llu\n", (unsigned long long)elapsed);
  return 0;
}

typedef struct {
  uint64_t files, directories, bytes, nameHash;
} WalkTotals;

// Order-independent: the sum of each path's FNV-1a hash.
static uint64_t hashName(const char* name) {
  uint64_t hash = 14695981039346656037u;
  for (; *name; ++name) hash = (hash ^ (uint8_t)*name) * 1099511628211u;
  return hash;
}

static int walkDirectory(const char* path, WalkTotals* totals) {
  DIR* dir = opendir(path);
  if (!dir) return fail(path);
  struct dirent* entry;
  char child[4096];
  while ((entry = readdir(dir)) != NULL) {
    if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0) continue;
    snprintf(child, sizeof child, "%s/%s", path, entry->d_name);
    struct stat info;
    if (lstat(child, &info) != 0) return fail(child);
    totals->nameHash += hashName(entry->d_name);
    if (S_ISDIR(info.st_mode)) {
      ++totals->directories;
      if (walkDirectory(child, totals) != 0) return 1;
    } else {
      ++totals->files;
      totals->bytes += (uint64_t)info.st_size;
    }
  }
  closedir(dir);
  return 0;
}

static int walk(const char* dir, int passes) {
  WalkTotals totals = {0, 0, 0, 0};
  uint64_t start = nowNs();
  for (int pass = 0; pass < passes; ++pass) {
    if (walkDirectory(dir, &totals) != 0) return 1;
  }
  uint64_t elapsed = nowNs() - start;
  printf("files: %llu\ndirectories: %llu\nbytes: %llu\nnames: %016llx\n",
         (unsigned long long)totals.files, (unsigned long long)totals.directories,
         (unsigned long long)totals.bytes, (unsigned long long)totals.nameHash);
  fprintf(stderr, "time_ns: %llu\n", (unsigned long long)elapsed);
  return 0;
}

static int readFile(const char* path) {
  static uint32_t buffer[kChunk / 4];
  int fd = open(path, O_RDONLY);
  if (fd < 0) return fail(path);
  uint64_t total = 0, sumA = 1, sumB = 0;
  uint64_t start = nowNs();
  ssize_t n;
  while ((n = read(fd, buffer, sizeof buffer)) > 0) {
    // Fletcher-style over 32-bit words: cheap next to the I/O, order-sensitive.
    for (size_t i = 0; i < (size_t)n / 4; ++i) {
      sumA += buffer[i];
      sumB += sumA;
    }
    total += (uint64_t)n;
  }
  uint64_t elapsed = nowNs() - start;
  if (n < 0) return fail(path);
  close(fd);
  printf("bytes: %llu\nchecksum: %016llx\n", (unsigned long long)total,
         (unsigned long long)(sumA ^ (sumB << 1)));
  fprintf(stderr, "time_ns: %llu\n", (unsigned long long)elapsed);
  return 0;
}

int main(int argc, char** argv) {
  if (argc == 5 && strcmp(argv[1], "setup") == 0) return setup(argv[2], atoi(argv[3]), atoi(argv[4]));
  if (argc == 4 && strcmp(argv[1], "writes") == 0) return writes(argv[2], atol(argv[3]));
  if (argc == 4 && strcmp(argv[1], "walk") == 0) return walk(argv[2], atoi(argv[3]));
  if (argc == 3 && strcmp(argv[1], "read") == 0) return readFile(argv[2]);
  fprintf(stderr,
          "usage: wasi_bench setup DIR FILES SIZE_MB | writes PATH COUNT | walk DIR PASSES | "
          "read PATH\n");
  return 2;
}
