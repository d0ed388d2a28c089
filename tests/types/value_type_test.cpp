#include "types/value_type.h"

#include <gtest/gtest.h>

#include "types/func_type.h"
#include "types/indices.h"
#include "types/trap_code.h"

namespace kiln {
namespace {

TEST(ValueType, DecodesEveryEncodingAndNothingElse) {
  int accepted = 0;
  for (int b = 0; b < 256; ++b) {
    if (auto type = valTypeFromByte(uint8_t(b))) {
      EXPECT_EQ(uint8_t(*type), b);
      ++accepted;
    }
  }
  EXPECT_EQ(accepted, 7);
  EXPECT_EQ(valTypeFromByte(0x7B), ValType::V128);
  EXPECT_FALSE(valTypeFromByte(0x40));
}

TEST(ValueType, ClassifiesAndNames) {
  EXPECT_TRUE(isRefType(ValType::FuncRef));
  EXPECT_TRUE(isRefType(ValType::ExternRef));
  EXPECT_FALSE(isRefType(ValType::I32));
  EXPECT_TRUE(isNumType(ValType::F64));
  EXPECT_FALSE(isNumType(ValType::V128));
  EXPECT_EQ(toString(ValType::ExternRef), "externref");
  EXPECT_EQ(byteSize(ValType::V128), 16u);
  EXPECT_EQ(byteSize(ValType::I32), 4u);
}

TEST(FuncType, ComparesAndPrints) {
  FuncType a{{ValType::I32, ValType::I64}, {ValType::F32}};
  FuncType b = a;
  EXPECT_EQ(a, b);
  b.results.push_back(ValType::I32);
  EXPECT_NE(a, b);
  EXPECT_EQ(toString(a), "(i32, i64) -> (f32)");
}

TEST(Indices, AreDistinctTypes) {
  static_assert(!std::is_convertible_v<FuncIndex, TypeIndex>);
  static_assert(!std::is_convertible_v<uint32_t, FuncIndex>);
  EXPECT_LT(FuncIndex(1), FuncIndex(2));
}

TEST(TrapCode, HasSpecMessages) {
  EXPECT_EQ(trapMessage(TrapCode::IntegerDivisionByZero), "integer divide by zero");
  EXPECT_EQ(trapMessage(TrapCode::HeapAccessOutOfBounds), "out of bounds memory access");
  for (uint32_t c = 0; c < kTrapCodeCount; ++c) {
    EXPECT_NE(toString(TrapCode(c)), "Unknown");
  }
}

}  // namespace
}  // namespace kiln
