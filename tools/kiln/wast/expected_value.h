// What a spec script's assert_return accepts for one result: an exact value,
// a NaN pattern, or (v128) a pattern per lane.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "kiln/val.h"

namespace kiln {

/// The two NaN patterns of the spec scripts. `nan:canonical` is a NaN whose
/// payload is exactly the quiet bit (either sign); `nan:arithmetic` is any NaN
/// with the quiet bit set.
enum class NanPattern : uint8_t { None, Canonical, Arithmetic };

/// True when the f32 / f64 with these bits matches `pattern` (None: never).
bool matchesNanPattern32(uint32_t bits, NanPattern pattern);
bool matchesNanPattern64(uint64_t bits, NanPattern pattern);

/// How a v128 expectation is split into lanes. Only the float shapes can hold
/// NaN patterns; the integer shapes compare all 128 bits.
enum class LaneShape : uint8_t { I8x16, I16x8, I32x4, I64x2, F32x4, F64x2 };

/// One expected result.
struct ExpectedValue {
  /// The expected value: exact bits for numbers and v128, the reference for
  /// externref, null or not for funcref.
  Val value;
  /// For f32/f64: a NaN pattern instead of exact bits.
  NanPattern nan = NanPattern::None;
  /// For v128: the lane shape and, for F32x4/F64x2, a pattern per lane
  /// (NanPattern::None: that lane's exact bits).
  LaneShape shape = LaneShape::I32x4;
  std::array<NanPattern, 4> laneNans{};
  /// For funcref: any non-null function (the script wrote `ref.func`
  /// without saying which).
  bool anyNonNullFunc = false;
  /// For externref: any non-null reference (`ref.extern` without a number).
  bool anyNonNullExtern = false;
  /// Any null reference, of any reference type (`ref.null` without a heap
  /// type).
  bool anyNull = false;

  /// Expects exactly `value`.
  static ExpectedValue exact(const Val& value) {
    ExpectedValue expected;
    expected.value = value;
    return expected;
  }
};

/// True when `actual` is what `expected` accepts. A result of another type
/// never matches.
bool matches(const ExpectedValue& expected, const Val& actual);

/// The expectation in the style of `describeValue`, e.g. "f32:nan:canonical",
/// "v128:f32x4 [1.5 nan:arithmetic 0 0]".
std::string describeExpected(const ExpectedValue& expected);

/// `actual` as `describeValue` shows it, but a v128 split into the lanes of
/// `expected`, so the two descriptions line up in a failure message.
std::string describeActual(const Val& actual, const ExpectedValue& expected);

}  // namespace kiln
