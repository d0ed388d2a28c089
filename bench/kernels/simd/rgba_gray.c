// RGBA to gray conversion of an image, auto-vectorised: gray = (77 r + 150 g
// + 29 b + 128) >> 8 per pixel (BT.601 weights in 8.8 fixed point). The
// interleaved four-byte pixels make clang de-interleave with shuffles.
// Integer arithmetic: the checksum is exact in every engine.
#include "kernel_support.h"

enum { kWidth = 512, kHeight = 256 };

static void to_gray(uint8_t* restrict gray, const uint8_t* restrict rgba, int pixels) {
  for (int i = 0; i < pixels; ++i) {
    uint32_t r = rgba[4 * i], g = rgba[4 * i + 1], b = rgba[4 * i + 2];
    gray[i] = (uint8_t)((77 * r + 150 * g + 29 * b + 128) >> 8);
  }
}

int64_t run(int32_t n) {
  int pixels = kWidth * kHeight;
  uint8_t* rgba = malloc((size_t)pixels * 4);
  uint8_t* gray = malloc((size_t)pixels);
  uint32_t seed = 4242;
  for (int i = 0; i < pixels * 4; ++i) rgba[i] = (uint8_t)kernel_random(&seed);
  int64_t checksum = 0;
  for (int32_t r = 0; r < n; ++r) {
    to_gray(gray, rgba, pixels);
    // Feed the result back so no repetition can be skipped: one byte of the
    // image changes per repetition.
    rgba[(r * 4099) % (pixels * 4)] ^= gray[(r * 31) % pixels];
    checksum = checksum * 31 + gray[(r * 7919) % pixels];
  }
  for (int i = 0; i < pixels; ++i) checksum = checksum * 31 + gray[i];
  free(rgba);
  free(gray);
  return checksum;
}
