// The rounding libcalls: exact IEEE results, including every edge case.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <limits>

#include "vm/libcalls.h"

namespace kiln {
namespace {

/// Same bits (tells -0 from +0).
::testing::AssertionResult sameBits(double expected, double actual) {
  if (std::bit_cast<uint64_t>(expected) == std::bit_cast<uint64_t>(actual)) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "expected " << expected << ", got " << actual;
}
::testing::AssertionResult sameBits(float expected, float actual) {
  if (std::bit_cast<uint32_t>(expected) == std::bit_cast<uint32_t>(actual)) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "expected " << expected << ", got " << actual;
}

TEST(Rounding, NearestRoundsHalvesToEven) {
  EXPECT_TRUE(sameBits(0.0, kiln_f64_nearest(0.5)));
  EXPECT_TRUE(sameBits(2.0, kiln_f64_nearest(1.5)));
  EXPECT_TRUE(sameBits(2.0, kiln_f64_nearest(2.5)));
  EXPECT_TRUE(sameBits(-0.0, kiln_f64_nearest(-0.5)));
  EXPECT_TRUE(sameBits(-2.0, kiln_f64_nearest(-2.5)));
  EXPECT_TRUE(sameBits(0.0f, kiln_f32_nearest(0.5f)));
  EXPECT_TRUE(sameBits(2.0f, kiln_f32_nearest(1.5f)));
  EXPECT_TRUE(sameBits(2.0f, kiln_f32_nearest(2.5f)));
  EXPECT_TRUE(sameBits(-0.0f, kiln_f32_nearest(-0.5f)));
  EXPECT_TRUE(sameBits(4.0f, kiln_f32_nearest(3.5f)));
}

TEST(Rounding, SignedZerosAreKept) {
  EXPECT_TRUE(sameBits(-0.0, kiln_f64_ceil(-0.5)));
  EXPECT_TRUE(sameBits(-0.0, kiln_f64_trunc(-0.9)));
  EXPECT_TRUE(sameBits(-0.0, kiln_f64_nearest(-0.2)));
  EXPECT_TRUE(sameBits(0.0, kiln_f64_floor(0.5)));
  EXPECT_TRUE(sameBits(-0.0f, kiln_f32_ceil(-0.5f)));
  EXPECT_TRUE(sameBits(-0.0f, kiln_f32_trunc(-0.1f)));
  for (double zero : {0.0, -0.0}) {
    EXPECT_TRUE(sameBits(zero, kiln_f64_ceil(zero)));
    EXPECT_TRUE(sameBits(zero, kiln_f64_floor(zero)));
    EXPECT_TRUE(sameBits(zero, kiln_f64_trunc(zero)));
    EXPECT_TRUE(sameBits(zero, kiln_f64_nearest(zero)));
    float zero32 = float(zero);
    EXPECT_TRUE(sameBits(zero32, kiln_f32_ceil(zero32)));
    EXPECT_TRUE(sameBits(zero32, kiln_f32_floor(zero32)));
    EXPECT_TRUE(sameBits(zero32, kiln_f32_trunc(zero32)));
    EXPECT_TRUE(sameBits(zero32, kiln_f32_nearest(zero32)));
  }
}

TEST(Rounding, CeilFloorTrunc) {
  EXPECT_TRUE(sameBits(2.0, kiln_f64_ceil(1.1)));
  EXPECT_TRUE(sameBits(-1.0, kiln_f64_ceil(-1.9)));
  EXPECT_TRUE(sameBits(1.0, kiln_f64_floor(1.9)));
  EXPECT_TRUE(sameBits(-2.0, kiln_f64_floor(-1.1)));
  EXPECT_TRUE(sameBits(-1.0, kiln_f64_trunc(-1.9)));
  EXPECT_TRUE(sameBits(2.0f, kiln_f32_ceil(1.1f)));
  EXPECT_TRUE(sameBits(-2.0f, kiln_f32_floor(-1.1f)));
  EXPECT_TRUE(sameBits(1.0f, kiln_f32_trunc(1.9f)));
}

TEST(Rounding, ValuesBeyondTheMantissaAreAlreadyIntegers) {
  const double big64 = 4503599627370497.0;  // 2^52 + 1
  const float big32 = 8388609.0f;           // 2^23 + 1
  for (double v : {big64, -big64, 9007199254740993.0 * 2, 1e300}) {
    EXPECT_TRUE(sameBits(v, kiln_f64_ceil(v)));
    EXPECT_TRUE(sameBits(v, kiln_f64_floor(v)));
    EXPECT_TRUE(sameBits(v, kiln_f64_trunc(v)));
    EXPECT_TRUE(sameBits(v, kiln_f64_nearest(v)));
  }
  for (float v : {big32, -big32, 1e30f}) {
    EXPECT_TRUE(sameBits(v, kiln_f32_ceil(v)));
    EXPECT_TRUE(sameBits(v, kiln_f32_floor(v)));
    EXPECT_TRUE(sameBits(v, kiln_f32_trunc(v)));
    EXPECT_TRUE(sameBits(v, kiln_f32_nearest(v)));
  }
  // Just below 2^52 / 2^23 halves still exist and round to even.
  EXPECT_TRUE(sameBits(4503599627370496.0, kiln_f64_nearest(4503599627370495.5)));
  EXPECT_TRUE(sameBits(8388608.0f, kiln_f32_nearest(8388607.5f)));
  EXPECT_TRUE(sameBits(8388607.0f, kiln_f32_floor(8388607.5f)));
}

TEST(Rounding, InfinitiesPassThrough) {
  const double inf = std::numeric_limits<double>::infinity();
  const float inf32 = std::numeric_limits<float>::infinity();
  for (double v : {inf, -inf}) {
    EXPECT_TRUE(sameBits(v, kiln_f64_ceil(v)));
    EXPECT_TRUE(sameBits(v, kiln_f64_floor(v)));
    EXPECT_TRUE(sameBits(v, kiln_f64_trunc(v)));
    EXPECT_TRUE(sameBits(v, kiln_f64_nearest(v)));
  }
  for (float v : {inf32, -inf32}) {
    EXPECT_TRUE(sameBits(v, kiln_f32_ceil(v)));
    EXPECT_TRUE(sameBits(v, kiln_f32_nearest(v)));
  }
}

TEST(Rounding, NaNInGivesQuietNaNOutWithThePayload) {
  constexpr uint64_t kQuiet64 = uint64_t(1) << 51;
  constexpr uint32_t kQuiet32 = uint32_t(1) << 22;
  // A signalling NaN with payload 1, a quiet one with a payload, a negative one.
  for (uint64_t bits : {0x7FF0000000000001ull, 0x7FF8000000000123ull, 0xFFF4000000000000ull}) {
    double nan = std::bit_cast<double>(bits);
    for (double result :
         {kiln_f64_ceil(nan), kiln_f64_floor(nan), kiln_f64_trunc(nan), kiln_f64_nearest(nan)}) {
      uint64_t out = std::bit_cast<uint64_t>(result);
      EXPECT_TRUE(std::isnan(result));
      EXPECT_EQ(out, bits | kQuiet64) << std::hex << bits;
    }
  }
  for (uint32_t bits : {0x7F800001u, 0x7FC00042u, 0xFFA00000u}) {
    float nan = std::bit_cast<float>(bits);
    for (float result :
         {kiln_f32_ceil(nan), kiln_f32_floor(nan), kiln_f32_trunc(nan), kiln_f32_nearest(nan)}) {
      uint32_t out = std::bit_cast<uint32_t>(result);
      EXPECT_TRUE(std::isnan(result));
      EXPECT_EQ(out, bits | kQuiet32) << std::hex << bits;
    }
  }
}

}  // namespace
}  // namespace kiln
