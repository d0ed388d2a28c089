// A small file tool: `filetool copy SRC DST` copies a file, `filetool list
// DIR` lists a directory (sorted, with types and sizes), `filetool cat FILE`
// prints one.
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int copyFile(const char* from, const char* to) {
  FILE* in = fopen(from, "rb");
  if (!in) {
    perror(from);
    return 1;
  }
  FILE* out = fopen(to, "wb");
  if (!out) {
    perror(to);
    fclose(in);
    return 1;
  }
  char buffer[4096];
  size_t n, total = 0;
  while ((n = fread(buffer, 1, sizeof buffer, in)) > 0) {
    fwrite(buffer, 1, n, out);
    total += n;
  }
  fclose(in);
  if (fclose(out) != 0) {
    perror(to);
    return 1;
  }
  printf("copied %zu bytes\n", total);
  return 0;
}

static int compareNames(const void* a, const void* b) {
  return strcmp(*(char* const*)a, *(char* const*)b);
}

static int listDirectory(const char* path) {
  DIR* dir = opendir(path);
  if (!dir) {
    perror(path);
    return 1;
  }
  char** names = NULL;
  size_t count = 0;
  struct dirent* entry;
  while ((entry = readdir(dir)) != NULL) {
    if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0) continue;
    names = realloc(names, (count + 1) * sizeof *names);
    names[count++] = strdup(entry->d_name);
  }
  closedir(dir);
  qsort(names, count, sizeof *names, compareNames);
  for (size_t i = 0; i < count; ++i) {
    char full[4096];
    snprintf(full, sizeof full, "%s/%s", path, names[i]);
    struct stat info;
    if (lstat(full, &info) != 0) {
      printf("? %s\n", names[i]);
    } else if (S_ISDIR(info.st_mode)) {
      printf("d %s/\n", names[i]);
    } else if (S_ISLNK(info.st_mode)) {
      printf("l %s\n", names[i]);
    } else {
      printf("f %s %lld\n", names[i], (long long)info.st_size);
    }
    free(names[i]);
  }
  free(names);
  printf("%zu entries\n", count);
  return 0;
}

static int catFile(const char* path) {
  FILE* in = fopen(path, "rb");
  if (!in) {
    perror(path);
    return 1;
  }
  int c;
  while ((c = fgetc(in)) != EOF) putchar(c);
  fclose(in);
  return 0;
}

int main(int argc, char** argv) {
  if (argc == 4 && strcmp(argv[1], "copy") == 0) return copyFile(argv[2], argv[3]);
  if (argc == 3 && strcmp(argv[1], "list") == 0) return listDirectory(argv[2]);
  if (argc == 3 && strcmp(argv[1], "cat") == 0) return catFile(argv[2]);
  fprintf(stderr, "usage: filetool copy SRC DST | list DIR | cat FILE\n");
  return 2;
}
