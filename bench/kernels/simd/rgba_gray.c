// RGBA to gray conversion of an image, auto-vectorised: gray = (77 r + 150 g
// + 29 b + 128) >> 8 per pixel (BT.601 weights in 8.8 fixed point). Each
// pixel is read as one little-endian u32 and split with shifts and masks:
// clang 14 vectorises byte-wise reads at stride 4 for wasm32 as per-lane
// gathers (v128.load8_lane), which would measure clang rather than the
// engines, while the u32 form becomes i32x4 loads, shifts, multiplies and a
// narrowing on both targets. Integer arithmetic: the checksum is exact in
// every engine.
#include "kernel_support.h"

enum { kWidth = 512, kHeight = 256 };

static void to_gray(uint8_t* restrict gray, const uint32_t* restrict rgba, int pixels) {
  for (int i = 0; i < pixels; ++i) {
    uint32_t r = rgba[i] & 0xff, g = (rgba[i] >> 8) & 0xff, b = (rgba[i] >> 16) & 0xff;
    gray[i] = (uint8_t)((77 * r + 150 * g + 29 * b + 128) >> 8);
  }
}

int64_t run(int32_t n) {
  int pixels = kWidth * kHeight;
  uint32_t* rgba = malloc((size_t)pixels * sizeof(uint32_t));
  uint8_t* gray = malloc((size_t)pixels);
  uint32_t seed = 4242;
  for (int i = 0; i < pixels; ++i) rgba[i] = kernel_random(&seed);
  uint64_t checksum = 0;  // unsigned: it wraps, as signed overflow may not
  for (int32_t r = 0; r < n; ++r) {
    to_gray(gray, rgba, pixels);
    // Feed the result back so no repetition can be skipped: one pixel of the
    // image changes per repetition.
    rgba[(r * 4099) % pixels] ^= gray[(r * 31) % pixels];
    checksum = checksum * 31 + gray[(r * 7919) % pixels];
  }
  for (int i = 0; i < pixels; ++i) checksum = checksum * 31 + gray[i];
  free(rgba);
  free(gray);
  return (int64_t)checksum;
}
