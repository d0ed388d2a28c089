// The Wasm side of parallel.h, for a wasm32 module with a shared memory that
// runs under wasi-threads: threads come from the `wasi.thread-spawn` import,
// which starts a new instance of the module on its own OS thread at its
// export wasi_thread_start (thread_start.s), and waits are the
// memory.atomic.wait32/notify instructions. Built with -nostdlib (Debian's
// wasi-libc is not built for shared memory, so wasm-ld refuses to link it
// into one): kernel_support.c provides the allocator, this file the
// entry point, the same `KERNEL N THREADS` command line as the native build.
#include "parallel.h"

#define WASI_IMPORT(module, name) __attribute__((import_module(module), import_name(name)))

WASI_IMPORT("wasi", "thread-spawn") int32_t wasi_thread_spawn(void* start);
WASI_IMPORT("wasi_snapshot_preview1", "args_sizes_get") int32_t args_sizes_get(uint32_t*, uint32_t*);
WASI_IMPORT("wasi_snapshot_preview1", "args_get") int32_t args_get(char**, char*);
WASI_IMPORT("wasi_snapshot_preview1", "clock_time_get") int32_t clock_time_get(uint32_t, uint64_t, uint64_t*);
WASI_IMPORT("wasi_snapshot_preview1", "fd_write") int32_t fd_write(int32_t, const void*, uint32_t, uint32_t*);
WASI_IMPORT("wasi_snapshot_preview1", "proc_exit") _Noreturn void proc_exit(int32_t);

enum { kThreadStack = 256 * 1024 };

/// What a spawned thread starts from. thread_start.s reads stack_top first
/// (it must be the first field) to give the new instance its own stack
/// before any C code runs.
typedef struct {
  uint32_t stack_top;
  int32_t index;
  void (*body)(int32_t, void*);
  void* shared;
  uint32_t* running;
} thread_start;

/// Called by wasi_thread_start (thread_start.s) on the new thread's stack.
void par_thread_main(int32_t tid, thread_start* start) {
  (void)tid;
  start->body(start->index, start->shared);
  if (__atomic_sub_fetch(start->running, 1, __ATOMIC_RELEASE) == 0) par_wake(start->running, 1);
}

void par_run(int32_t threads, void (*body)(int32_t, void*), void* shared) {
  thread_start* starts = malloc(sizeof(thread_start) * (size_t)threads);
  uint32_t running = (uint32_t)threads - 1;
  for (int32_t i = 1; i < threads; ++i) {
    unsigned char* stack = malloc(kThreadStack);
    if (!stack) proc_exit(70);
    starts[i] = (thread_start){(uint32_t)(uintptr_t)(stack + kThreadStack), i, body, shared, &running};
    if (wasi_thread_spawn(&starts[i]) < 0) proc_exit(71);
  }
  body(0, shared);
  for (uint32_t left; (left = __atomic_load_n(&running, __ATOMIC_ACQUIRE)) != 0;) {
    par_wait(&running, left);
  }
}

void par_wait(uint32_t* address, uint32_t expected) {
  __builtin_wasm_memory_atomic_wait32((int32_t*)address, (int32_t)expected, -1);
}

void par_wake(uint32_t* address, uint32_t count) {
  __builtin_wasm_memory_atomic_notify((int32_t*)address, count);
}

static int32_t parse_int(const char* text) {
  int32_t value = 0;
  for (; *text >= '0' && *text <= '9'; ++text) value = value * 10 + (*text - '0');
  return *text ? -1 : value;
}

static char* format_int(char* out, int64_t value) {
  char digits[20];
  int count = 0;
  uint64_t magnitude = value < 0 ? 0 - (uint64_t)value : (uint64_t)value;
  do {
    digits[count++] = (char)('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude);
  if (value < 0) *out++ = '-';
  while (count) *out++ = digits[--count];
  return out;
}

static char* append(char* out, const char* text) {
  while (*text) *out++ = *text++;
  return out;
}

static void print(const char* text, uint32_t length, int32_t fd) {
  struct {
    const char* base;
    uint32_t length;
  } iov = {text, length};
  uint32_t written;
  fd_write(fd, &iov, 1, &written);
}

static uint64_t monotonic_ns(void) {
  uint64_t now = 0;
  clock_time_get(1, 1, &now);
  return now;
}

void _start(void) {
  uint32_t argc, size;
  args_sizes_get(&argc, &size);
  char** argv = malloc(sizeof(char*) * argc);
  args_get(argv, malloc(size));
  int32_t n = argc == 3 ? parse_int(argv[1]) : -1;
  int32_t threads = argc == 3 ? parse_int(argv[2]) : 0;
  if (n < 0 || threads < 1 || threads > 64) {
    static const char usage[] = "usage: KERNEL N THREADS (1 to 64)\n";
    print(usage, sizeof usage - 1, 2);
    proc_exit(2);
  }
  uint64_t start = monotonic_ns();
  int64_t checksum = run_parallel(n, threads);
  uint64_t elapsed = monotonic_ns() - start;
  char line[64], *end = append(line, "checksum=");
  end = format_int(end, checksum);
  end = append(end, " ns=");
  end = format_int(end, (int64_t)elapsed);
  *end++ = '\n';
  print(line, (uint32_t)(end - line), 1);
  proc_exit(0);
}
