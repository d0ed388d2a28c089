// Hello world for WASI: prints a greeting, the arguments and the environment.
#include <stdio.h>

extern char** environ;

int main(int argc, char** argv) {
  printf("Hello, world!\n");
  printf("argc = %d\n", argc);
  for (int i = 1; i < argc; ++i) printf("argv[%d] = %s\n", i, argv[i]);
  for (char** env = environ; *env; ++env) printf("env: %s\n", *env);
  return 0;
}
