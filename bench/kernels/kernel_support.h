// What every benchmark kernel shares. A kernel is one C file defining
// `run(n)`: it does an amount of work that grows with `n` and returns a
// checksum of its results, so every engine can be checked to have computed
// the same thing. The same source builds natively (against libc) and as a
// freestanding wasm32 module (against kernel_support.c).
#pragma once

#include <stddef.h>
#include <stdint.h>

/// The kernel's entry point, exported from its Wasm module as "run".
int64_t run(int32_t n);

// The few libc functions the kernels use. Natively libc provides them; in
// Wasm, kernel_support.c does (memcpy and memset become memory.copy and
// memory.fill, since the modules are built with bulk memory).
void* malloc(size_t size);
void* calloc(size_t count, size_t size);
void free(void* pointer);
void* memcpy(void* restrict destination, const void* restrict source, size_t size);
void* memmove(void* destination, const void* source, size_t size);
void* memset(void* destination, int value, size_t size);

/// A small deterministic PRNG (xorshift32) for kernels' inputs; the state
/// must start non-zero.
static inline uint32_t kernel_random(uint32_t* state) {
  uint32_t x = *state;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  *state = x;
  return x;
}
