#include "wast/script_values.h"

#include <cstring>

#include "wast/value_text.h"

namespace kiln {

namespace {

using Kind = text::ScriptValue::Kind;

// Abstract heap types of the binary format a null reference can have.
constexpr uint8_t kFuncHeapType = 0x70;
constexpr uint8_t kNoFuncHeapType = 0x73;
constexpr uint8_t kExternHeapType = 0x6F;
constexpr uint8_t kNoExternHeapType = 0x72;

NanPattern nanPattern(text::NanPattern pattern) {
  switch (pattern) {
    case text::NanPattern::Canonical: return NanPattern::Canonical;
    case text::NanPattern::Arithmetic: return NanPattern::Arithmetic;
    case text::NanPattern::None: break;
  }
  return NanPattern::None;
}

LaneShape laneShape(text::LaneShape shape) {
  switch (shape) {
    case text::LaneShape::I8x16: return LaneShape::I8x16;
    case text::LaneShape::I16x8: return LaneShape::I16x8;
    case text::LaneShape::I32x4: return LaneShape::I32x4;
    case text::LaneShape::I64x2: return LaneShape::I64x2;
    case text::LaneShape::F32x4: return LaneShape::F32x4;
    case text::LaneShape::F64x2: return LaneShape::F64x2;
  }
  return LaneShape::I32x4;
}

V128 bytesOf(const text::ScriptValue& value) {
  V128 bytes;
  std::memcpy(bytes.data(), value.bits, 16);
  return bytes;
}

const char* kindName(Kind kind) {
  switch (kind) {
    case Kind::RefHost: return "ref.host";
    case Kind::RefAny: return "ref";
    case Kind::RefEq: return "ref.eq";
    case Kind::RefI31: return "ref.i31";
    case Kind::RefStruct: return "ref.struct";
    case Kind::RefArray: return "ref.array";
    case Kind::RefExn: return "ref.exn";
    default: return "reference";
  }
}

}  // namespace

Expected<Val, std::string> argumentFromScript(const text::ScriptValue& value) {
  switch (value.kind) {
    case Kind::I32: return Val::i32(int32_t(uint32_t(value.bits[0])));
    case Kind::I64: return Val::i64(int64_t(value.bits[0]));
    case Kind::F32: return Val::f32Bits(uint32_t(value.bits[0]));
    case Kind::F64: return Val::f64Bits(value.bits[0]);
    case Kind::V128: return Val::v128(bytesOf(value));
    case Kind::RefNull:
      if (value.heapType == kFuncHeapType || value.heapType == kNoFuncHeapType) {
        return Val::nullRef(ValType::FuncRef);
      }
      if (value.heapType == kExternHeapType || value.heapType == kNoExternHeapType) {
        return Val::nullRef(ValType::ExternRef);
      }
      return Unexpected{std::string("unsupported argument: a null reference of this heap type")};
    case Kind::RefExtern: return hostExternRef(value.bits[0]);
    default: break;
  }
  return Unexpected{std::string("unsupported argument (") + kindName(value.kind) + ")"};
}

Expected<ExpectedValue, std::string> expectedFromScript(const text::ScriptValue& value) {
  ExpectedValue expected;
  switch (value.kind) {
    case Kind::F32:
    case Kind::F64:
      expected.value = value.kind == Kind::F32 ? Val::f32Bits(uint32_t(value.bits[0]))
                                               : Val::f64Bits(value.bits[0]);
      expected.nan = nanPattern(value.nan);
      return expected;
    case Kind::V128:
      expected.value = Val::v128(bytesOf(value));
      expected.shape = laneShape(value.shape);
      for (int lane = 0; lane < 4; ++lane) {
        expected.laneNans[lane] = nanPattern(value.laneNans[lane]);
      }
      return expected;
    case Kind::RefNull:
      if (value.heapType == 0) {
        expected.anyNull = true;
        return expected;
      }
      break;
    case Kind::RefFunc:
      expected.value = Val::nullRef(ValType::FuncRef);
      expected.anyNonNullFunc = true;
      return expected;
    case Kind::RefExtern:
      if (!value.hasPayload) {
        expected.value = Val::nullRef(ValType::ExternRef);
        expected.anyNonNullExtern = true;
        return expected;
      }
      break;
    default:
      break;
  }
  auto exact = argumentFromScript(value);
  if (!exact) return Unexpected{"unsupported expected value (" + exact.error() + ")"};
  return ExpectedValue::exact(*exact);
}

Expected<std::vector<ExpectedValue>, std::string> expectedFromPattern(
    const text::ResultPattern& pattern) {
  std::vector<ExpectedValue> alternatives;
  for (const text::ScriptValue& value : pattern.alternatives) {
    auto expected = expectedFromScript(value);
    if (!expected) return Unexpected{expected.error()};
    alternatives.push_back(*expected);
  }
  return alternatives;
}

}  // namespace kiln
