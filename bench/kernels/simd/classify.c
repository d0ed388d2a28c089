// Byte classification of text, written with intrinsics, the way fast parsers
// (simdjson, UTF-8 validators) do it: each byte's class comes from two
// 16-entry table lookups by its low and high nibble (i8x16.swizzle, SSE's
// pshufb) ANDed together; per class, the lanes that match are counted with
// vector subtracts, and newlines are found with a bitmask (i8x16.bitmask,
// pmovmskb) whose set bits give the line starts. The Wasm build uses
// wasm_simd128.h, the native build the SSE intrinsics that are the same
// instructions on x86 (the #ifdef below). Integer arithmetic: the checksum is
// exact in every engine.
#include "kernel_support.h"

#ifdef __wasm_simd128__
#include <wasm_simd128.h>
typedef v128_t vec;
#define load(p) wasm_v128_load(p)
#define splat_u8(c) wasm_i8x16_splat((int8_t)(c))
#define zero() wasm_i64x2_splat(0)
#define lookup(table, index) wasm_i8x16_swizzle(table, index)
#define high_nibbles(v) wasm_u8x16_shr(v, 4)
#define and(a, b) wasm_v128_and(a, b)
#define eq_u8(a, b) wasm_i8x16_eq(a, b)
#define sub_u8(a, b) wasm_i8x16_sub(a, b)
#define bitmask_u8(v) ((uint32_t)wasm_i8x16_bitmask(v))
#define pair_sums_u8(v) wasm_u16x8_extadd_pairwise_u8x16(v)
#define lane_u16(v, i) wasm_u16x8_extract_lane(v, i)
#else
#include <smmintrin.h>
typedef __m128i vec;
#define load(p) _mm_loadu_si128((const __m128i*)(p))
#define splat_u8(c) _mm_set1_epi8((char)(c))
#define zero() _mm_setzero_si128()
#define lookup(table, index) _mm_shuffle_epi8(table, index)
#define high_nibbles(v) _mm_and_si128(_mm_srli_epi16(v, 4), _mm_set1_epi8(0x0f))
#define and(a, b) _mm_and_si128(a, b)
#define eq_u8(a, b) _mm_cmpeq_epi8(a, b)
#define sub_u8(a, b) _mm_sub_epi8(a, b)
#define bitmask_u8(v) ((uint32_t)_mm_movemask_epi8(v))
#define pair_sums_u8(v) _mm_maddubs_epi16(v, _mm_set1_epi8(1))
#define lane_u16(v, i) ((uint16_t)_mm_extract_epi16(v, i))
#endif

enum { kLength = 1 << 16, kClasses = 4 };

// Class bits: 1 letter, 2 digit, 4 space, 8 newline. A byte's class is
// kLowTable[low nibble] & kHighTable[high nibble]: exact for the bytes the
// input is made of (two nibble tables cannot single out every ASCII range).
static const uint8_t kLowTable[16] = {7, 3, 3, 3, 3, 3, 3, 3, 3, 3, 9, 1, 1, 1, 1, 1};
static const uint8_t kHighTable[16] = {8, 0, 4, 2, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0};

// Counts of bytes per class into counts[], and a hash of the line starts.
static uint32_t scan(uint32_t counts[kClasses], const uint8_t* text) {
  vec low = load(kLowTable), high = load(kHighTable), nibble = splat_u8(0x0f);
  vec bits[kClasses];
  for (int c = 0; c < kClasses; ++c) bits[c] = splat_u8(1 << c);
  uint32_t lines = 0;
  // Byte counters hold at most 255 per lane: flush them every 255 blocks.
  for (int start = 0; start < kLength; start += 255 * 16) {
    vec counters[kClasses];
    for (int c = 0; c < kClasses; ++c) counters[c] = zero();
    int end = start + 255 * 16 < kLength ? start + 255 * 16 : kLength;
    for (int i = start; i < end; i += 16) {
      vec bytes = load(text + i);
      vec cls = and(lookup(low, and(bytes, nibble)), lookup(high, high_nibbles(bytes)));
      for (int c = 0; c < kClasses; ++c) {
        // A matching lane is all ones (-1): subtracting it counts one.
        counters[c] = sub_u8(counters[c], eq_u8(and(cls, bits[c]), bits[c]));
      }
      for (uint32_t mask = bitmask_u8(eq_u8(and(cls, bits[3]), bits[3])); mask;
           mask &= mask - 1) {
        lines = lines * 33 + (uint32_t)(i + __builtin_ctz(mask));
      }
    }
    for (int c = 0; c < kClasses; ++c) {
      vec sums = pair_sums_u8(counters[c]);
      counts[c] += (uint32_t)lane_u16(sums, 0) + lane_u16(sums, 1) + lane_u16(sums, 2) +
                   lane_u16(sums, 3) + lane_u16(sums, 4) + lane_u16(sums, 5) +
                   lane_u16(sums, 6) + lane_u16(sums, 7);
    }
  }
  return lines;
}

int64_t run(int32_t n) {
  uint8_t* text = malloc(kLength);
  uint32_t seed = 31337;
  // Text-like bytes: mostly letters, some digits, spaces, punctuation and
  // newlines.
  static const char kAlphabet[] =
      "etaoinshrdlucmfwypvbgkjqxzETAOINSHRDLU0123456789       .,;:!?()\n";
  for (int i = 0; i < kLength; ++i) {
    text[i] = (uint8_t)kAlphabet[kernel_random(&seed) % (sizeof kAlphabet - 1)];
  }
  uint64_t checksum = 0;  // unsigned: it wraps, as signed overflow may not
  for (int32_t r = 0; r < n; ++r) {
    uint32_t counts[kClasses] = {0};
    uint32_t lines = scan(counts, text);
    // One byte changes per repetition, from the result.
    text[(r * 4099) % kLength] = (uint8_t)kAlphabet[(lines + counts[0]) % (sizeof kAlphabet - 1)];
    checksum = checksum * 31 + lines;
    for (int c = 0; c < kClasses; ++c) checksum = checksum * 31 + counts[c];
  }
  free(text);
  return (int64_t)checksum;
}
