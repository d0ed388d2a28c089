// A 32-tap FIR filter on Q15 audio samples, written with intrinsics: per
// output sample, four 8-lane multiply-adds (i32x4.dot_i16x8_s, SSE's pmaddwd),
// a horizontal sum by shuffles, then rounding, shift and saturation to i16.
// The Wasm build uses wasm_simd128.h, the native build the SSE intrinsics
// that are the same instructions on x86 (the #ifdef below). Integer
// arithmetic: the checksum is exact in every engine.
#include "kernel_support.h"

#ifdef __wasm_simd128__
#include <wasm_simd128.h>
typedef v128_t vec;
#define load(p) wasm_v128_load(p)
#define dot_i16(a, b) wasm_i32x4_dot_i16x8(a, b)
#define add_i32(a, b) wasm_i32x4_add(a, b)
#define swap_halves(v) wasm_i32x4_shuffle(v, v, 2, 3, 0, 1)
#define swap_pairs(v) wasm_i32x4_shuffle(v, v, 1, 0, 3, 2)
#define lane0_i32(v) wasm_i32x4_extract_lane(v, 0)
#else
#include <smmintrin.h>
typedef __m128i vec;
#define load(p) _mm_loadu_si128((const __m128i*)(p))
#define dot_i16(a, b) _mm_madd_epi16(a, b)
#define add_i32(a, b) _mm_add_epi32(a, b)
#define swap_halves(v) _mm_shuffle_epi32(v, _MM_SHUFFLE(1, 0, 3, 2))
#define swap_pairs(v) _mm_shuffle_epi32(v, _MM_SHUFFLE(2, 3, 0, 1))
#define lane0_i32(v) _mm_cvtsi128_si32(v)
#endif

enum { kTaps = 32, kSamples = 16384 };

static void filter(int16_t* restrict out, const int16_t* restrict in, const int16_t* taps) {
  vec t0 = load(taps), t1 = load(taps + 8), t2 = load(taps + 16), t3 = load(taps + 24);
  for (int i = 0; i < kSamples; ++i) {
    const int16_t* x = in + i;
    vec sum = add_i32(add_i32(dot_i16(load(x), t0), dot_i16(load(x + 8), t1)),
                      add_i32(dot_i16(load(x + 16), t2), dot_i16(load(x + 24), t3)));
    sum = add_i32(sum, swap_halves(sum));
    sum = add_i32(sum, swap_pairs(sum));
    int32_t y = (lane0_i32(sum) + (1 << 14)) >> 15;
    out[i] = (int16_t)(y > INT16_MAX ? INT16_MAX : y < INT16_MIN ? INT16_MIN : y);
  }
}

int64_t run(int32_t n) {
  // The input has kTaps - 1 samples of history before the first output.
  int16_t* in = malloc((kSamples + kTaps) * sizeof(int16_t));
  int16_t* out = malloc(kSamples * sizeof(int16_t));
  int16_t taps[kTaps];
  uint32_t seed = 2024;
  // A low-pass-like symmetric window, in Q15.
  for (int k = 0; k < kTaps; ++k) {
    int distance = k < kTaps / 2 ? k : kTaps - 1 - k;
    taps[k] = (int16_t)(600 + distance * 180);
  }
  for (int i = 0; i < kSamples + kTaps; ++i) in[i] = (int16_t)(kernel_random(&seed) >> 16);
  uint64_t checksum = 0;  // unsigned: it wraps, as signed overflow may not
  for (int32_t r = 0; r < n; ++r) {
    filter(out, in, taps);
    // One input sample changes per repetition, from the output.
    in[(r * 4093) % kSamples + kTaps] ^= out[(r * 97) % kSamples];
    checksum = checksum * 31 + out[(r * 7919) % kSamples];
  }
  for (int i = 0; i < kSamples; ++i) checksum = checksum * 31 + out[i];
  free(in);
  free(out);
  return (int64_t)checksum;
}
