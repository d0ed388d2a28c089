#include "wast/wabt_values.h"

#include "wast/value_text.h"

namespace kiln {

namespace {

NanPattern nanPattern(wabt::ExpectedNan nan) {
  switch (nan) {
    case wabt::ExpectedNan::Canonical: return NanPattern::Canonical;
    case wabt::ExpectedNan::Arithmetic: return NanPattern::Arithmetic;
    case wabt::ExpectedNan::None: break;
  }
  return NanPattern::None;
}

LaneShape laneShape(wabt::Type laneType) {
  switch (laneType) {
    case wabt::Type::I8: return LaneShape::I8x16;
    case wabt::Type::I16: return LaneShape::I16x8;
    case wabt::Type::I64: return LaneShape::I64x2;
    case wabt::Type::F32: return LaneShape::F32x4;
    case wabt::Type::F64: return LaneShape::F64x2;
    default: return LaneShape::I32x4;
  }
}

V128 bytesOf(const ::v128& value) {
  V128 bytes;
  for (int i = 0; i < 16; ++i) bytes[i] = value.u8(i);
  return bytes;
}

bool isNullRef(const wabt::Const& constant) {
  return constant.ref_bits() == wabt::Const::kRefNullBits;
}

}  // namespace

Expected<Val, std::string> argumentFromConst(const wabt::Const& constant) {
  switch (constant.type()) {
    case wabt::Type::I32: return Val::i32(int32_t(constant.u32()));
    case wabt::Type::I64: return Val::i64(int64_t(constant.u64()));
    case wabt::Type::F32: return Val::f32Bits(constant.f32_bits());
    case wabt::Type::F64: return Val::f64Bits(constant.f64_bits());
    case wabt::Type::V128: return Val::v128(bytesOf(constant.vec128()));
    case wabt::Type::FuncRef:
      // A script can pass only a null funcref: it has no syntax for a function.
      if (isNullRef(constant)) return Val::nullRef(ValType::FuncRef);
      break;
    case wabt::Type::ExternRef:
      if (isNullRef(constant)) return Val::nullRef(ValType::ExternRef);
      return hostExternRef(constant.ref_bits());
    default:
      break;
  }
  return Unexpected{std::string("unsupported argument of type ") + constant.type().GetName()};
}

Expected<ExpectedValue, std::string> expectedFromConst(const wabt::Const& constant) {
  ExpectedValue expected;
  switch (constant.type()) {
    case wabt::Type::F32:
    case wabt::Type::F64:
      expected.value = constant.type() == wabt::Type::F32 ? Val::f32Bits(constant.f32_bits())
                                                          : Val::f64Bits(constant.f64_bits());
      expected.nan = nanPattern(constant.expected_nan(0));
      return expected;
    case wabt::Type::V128:
      expected.value = Val::v128(bytesOf(constant.vec128()));
      expected.shape = laneShape(constant.lane_type());
      for (int lane = 0; lane < 4; ++lane) {
        expected.laneNans[lane] = nanPattern(constant.expected_nan(lane));
      }
      return expected;
    case wabt::Type::FuncRef:
      expected.value = Val::nullRef(ValType::FuncRef);
      expected.anyNonNullFunc = !isNullRef(constant);
      return expected;
    default: {
      auto value = argumentFromConst(constant);
      if (!value) return Unexpected{value.error()};
      return ExpectedValue::exact(*value);
    }
  }
}

}  // namespace kiln
