#include "wast/expected_value.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "wast/value_text.h"

namespace kiln {

namespace {

constexpr uint32_t kF32ExponentAndQuiet = 0x7fc00000u;
constexpr uint64_t kF64ExponentAndQuiet = 0x7ff8000000000000u;

// Lanes of a v128 shape, and their width in bytes.
int laneCount(LaneShape shape) {
  switch (shape) {
    case LaneShape::I8x16: return 16;
    case LaneShape::I16x8: return 8;
    case LaneShape::I32x4:
    case LaneShape::F32x4: return 4;
    case LaneShape::I64x2:
    case LaneShape::F64x2: return 2;
  }
  return 1;
}

const char* shapeName(LaneShape shape) {
  switch (shape) {
    case LaneShape::I8x16: return "i8x16";
    case LaneShape::I16x8: return "i16x8";
    case LaneShape::I32x4: return "i32x4";
    case LaneShape::I64x2: return "i64x2";
    case LaneShape::F32x4: return "f32x4";
    case LaneShape::F64x2: return "f64x2";
  }
  return "?";
}

const char* patternName(NanPattern pattern) {
  return pattern == NanPattern::Canonical ? "nan:canonical" : "nan:arithmetic";
}

// Lane `lane` of `bytes` as an unsigned number of `width` bytes.
uint64_t laneBits(const V128& bytes, int lane, int width) {
  uint64_t bits = 0;
  size_t size = std::min<size_t>(width, sizeof bits);  // lanes are at most 64 bits
  std::memcpy(&bits, bytes.data() + lane * width, size);  // little-endian host
  return bits;
}

bool laneMatches(const ExpectedValue& expected, const V128& actual, int lane) {
  int width = 16 / laneCount(expected.shape);
  uint64_t want = laneBits(expected.value.v128(), lane, width);
  uint64_t got = laneBits(actual, lane, width);
  NanPattern pattern = lane < 4 ? expected.laneNans[lane] : NanPattern::None;
  if (pattern == NanPattern::None) return want == got;
  return expected.shape == LaneShape::F32x4 ? matchesNanPattern32(uint32_t(got), pattern)
                                            : matchesNanPattern64(got, pattern);
}

// A v128 as "<shape> [lane lane ...]", each lane as a scalar of the shape's
// type (integer lanes in hex) or, where `patterns` has one, as the pattern.
std::string describeLanes(const V128& bytes, LaneShape shape,
                          const std::array<NanPattern, 4>& patterns) {
  int count = laneCount(shape);
  int width = 16 / count;
  std::string out = std::string("v128:") + shapeName(shape) + " [";
  for (int lane = 0; lane < count; ++lane) {
    if (lane) out += ' ';
    uint64_t bits = laneBits(bytes, lane, width);
    NanPattern pattern = lane < 4 ? patterns[lane] : NanPattern::None;
    if (pattern != NanPattern::None) {
      out += patternName(pattern);
    } else if (shape == LaneShape::F32x4) {
      out += formatValue(Val::f32Bits(uint32_t(bits)));
    } else if (shape == LaneShape::F64x2) {
      out += formatValue(Val::f64Bits(bits));
    } else {
      char digits[24];
      std::snprintf(digits, sizeof digits, "0x%llx", static_cast<unsigned long long>(bits));
      out += digits;
    }
  }
  return out + "]";
}

}  // namespace

bool matchesNanPattern32(uint32_t bits, NanPattern pattern) {
  switch (pattern) {
    case NanPattern::Canonical: return (bits & 0x7fffffffu) == kF32ExponentAndQuiet;
    case NanPattern::Arithmetic: return (bits & kF32ExponentAndQuiet) == kF32ExponentAndQuiet;
    case NanPattern::None: break;
  }
  return false;
}

bool matchesNanPattern64(uint64_t bits, NanPattern pattern) {
  switch (pattern) {
    case NanPattern::Canonical: return (bits & 0x7fffffffffffffffu) == kF64ExponentAndQuiet;
    case NanPattern::Arithmetic: return (bits & kF64ExponentAndQuiet) == kF64ExponentAndQuiet;
    case NanPattern::None: break;
  }
  return false;
}

bool matches(const ExpectedValue& expected, const Val& actual) {
  if (expected.anyNull) return actual.isNullRef();
  // References compare by heap type below: a result of a non-nullable
  // type ((ref extern)) matches the script's value of the nullable one.
  if (expected.value.type().kind() != actual.type().kind()) return false;
  if (!actual.type().isRef() && expected.value.type() != actual.type()) return false;
  if (actual.type().isRef() && expected.value.type().heapType() != actual.type().heapType()) {
    return false;
  }
  switch (actual.type().kind()) {
    case ValKind::F32:
      if (expected.nan != NanPattern::None) return matchesNanPattern32(actual.f32Bits(), expected.nan);
      break;
    case ValKind::F64:
      if (expected.nan != NanPattern::None) return matchesNanPattern64(actual.f64Bits(), expected.nan);
      break;
    case ValKind::V128: {
      V128 bytes = actual.v128();
      for (int lane = 0; lane < laneCount(expected.shape); ++lane) {
        if (!laneMatches(expected, bytes, lane)) return false;
      }
      return true;
    }
    case ValKind::Ref:
      // Scripts cannot name a particular function, only null or "some function".
      if (actual.type().heapType() == HeapType::kFunc) {
        return expected.anyNonNullFunc ? !actual.isNullRef() : actual.isNullRef();
      }
      if (actual.type().heapType() == HeapType::kExtern) {
        if (expected.anyNonNullExtern) return !actual.isNullRef();
        return expected.value.ref() == actual.ref();
      }
      break;
    default:
      break;
  }
  return expected.value == actual;
}

std::string describeExpected(const ExpectedValue& expected) {
  ValType type = expected.value.type();
  if ((type == ValType::F32 || type == ValType::F64) && expected.nan != NanPattern::None) {
    return std::string(toString(type)) + ":" + patternName(expected.nan);
  }
  if (type == ValType::V128) {
    return describeLanes(expected.value.v128(), expected.shape, expected.laneNans);
  }
  if (expected.anyNull) return "ref.null";
  if (type == ValType::FuncRef && expected.anyNonNullFunc) return "funcref:ref.func";
  if (type == ValType::ExternRef && expected.anyNonNullExtern) return "externref:ref.extern";
  return describeValue(expected.value);
}

std::string describeActual(const Val& actual, const ExpectedValue& expected) {
  if (actual.type() == ValType::V128 && expected.value.type() == ValType::V128) {
    return describeLanes(actual.v128(), expected.shape, {});
  }
  return describeValue(actual);
}

}  // namespace kiln
