// The libc subset the kernels need, for the freestanding wasm32 build only
// (natively, libc's own functions are used: that is what native programs run).
#include "kernel_support.h"

#ifdef __wasm__

// Defined by wasm-ld: the first byte after the stack and static data.
extern unsigned char __heap_base;

static uintptr_t heap_top = (uintptr_t)&__heap_base;

// A bump allocator that grows the memory on demand. Kernels allocate their
// buffers once per run, so never reusing freed space costs nothing.
void* malloc(size_t size) {
  uintptr_t start = (heap_top + 15) & ~(uintptr_t)15;
  uintptr_t end = start + size;
  size_t have = __builtin_wasm_memory_size(0) * 65536;
  if (end > have) {
    size_t pages = (end - have + 65535) / 65536;
    if (__builtin_wasm_memory_grow(0, pages) == (size_t)-1) return 0;
  }
  heap_top = end;
  return (void*)start;
}

// clang turns malloc followed by memset 0 into calloc.
void* calloc(size_t count, size_t size) {
  void* pointer = malloc(count * size);
  if (pointer) memset(pointer, 0, count * size);
  return pointer;
}

void free(void* pointer) { (void)pointer; }

// With -mbulk-memory these builtins compile to memory.copy / memory.fill, not
// to calls back into these functions.
void* memcpy(void* restrict destination, const void* restrict source, size_t size) {
  return __builtin_memcpy(destination, source, size);
}

void* memmove(void* destination, const void* source, size_t size) {
  return __builtin_memmove(destination, source, size);
}

void* memset(void* destination, int value, size_t size) {
  return __builtin_memset(destination, value, size);
}

#endif
