#include "types/value_type.h"

#include <gtest/gtest.h>

#include <type_traits>

#include "types/func_type.h"
#include "types/indices.h"
#include "types/trap_code.h"

namespace kiln {
namespace {

TEST(ValueType, IsASmallValueWithKinds) {
  static_assert(sizeof(ValType) == 4 && std::is_trivially_copyable_v<ValType>);
  EXPECT_EQ(ValType::I32.kind(), ValKind::I32);
  EXPECT_EQ(ValType::V128.kind(), ValKind::V128);
  EXPECT_EQ(ValType::FuncRef.kind(), ValKind::Ref);
  const ValType typed = ValType::ref(HeapType::defined(7), false);
  EXPECT_EQ(typed.kind(), ValKind::Ref);
  EXPECT_TRUE(typed.heapType().isIndex());
  EXPECT_EQ(typed.heapType().index(), 7u);
  EXPECT_EQ(typed.heapType().space(), HeapType::Space::Module);
  EXPECT_FALSE(typed.isNullable());
  EXPECT_FALSE(typed.isDefaultable());
  EXPECT_EQ(typed.withNullable(true), ValType::ref(HeapType::defined(7), true));
  EXPECT_NE(typed, ValType::ref(HeapType::defined(7, HeapType::Space::Canonical), false));
  // FuncRef and ExternRef keep their 2.0 meaning.
  EXPECT_EQ(ValType::FuncRef, ValType::ref(HeapType::kFunc, true));
  EXPECT_EQ(ValType::ExternRef.heapType(), HeapType::kExtern);
  EXPECT_TRUE(ValType::ExternRef.isDefaultable());
}

TEST(ValueType, ClassifiesAndNames) {
  EXPECT_TRUE(isRefType(ValType::FuncRef));
  EXPECT_TRUE(isRefType(ValType::ExternRef));
  EXPECT_TRUE(isRefType(ValType::ExnRef));
  EXPECT_FALSE(isRefType(ValType::I32));
  EXPECT_TRUE(isNumType(ValType::F64));
  EXPECT_FALSE(isNumType(ValType::V128));
  EXPECT_EQ(toString(ValType::ExternRef), "externref");
  EXPECT_EQ(toString(ValType::NullFuncRef), "nullfuncref");
  EXPECT_EQ(toString(ValType::ref(HeapType::kAny, false)), "(ref any)");
  EXPECT_EQ(toString(ValType::ref(HeapType::defined(3), true)), "(ref null 3)");
  EXPECT_EQ(byteSize(ValType::V128), 16u);
  EXPECT_EQ(byteSize(ValType::I32), 4u);
  EXPECT_EQ(byteSize(ValType::AnyRef), 8u);
}

TEST(HeapType, AbstractHierarchies) {
  EXPECT_TRUE(isAbstractSubtype(HeapType::kNone, HeapType::kStruct));
  EXPECT_TRUE(isAbstractSubtype(HeapType::kI31, HeapType::kAny));
  EXPECT_TRUE(isAbstractSubtype(HeapType::kArray, HeapType::kEq));
  EXPECT_FALSE(isAbstractSubtype(HeapType::kEq, HeapType::kI31));
  EXPECT_FALSE(isAbstractSubtype(HeapType::kNoFunc, HeapType::kAny));
  EXPECT_FALSE(isAbstractSubtype(HeapType::kFunc, HeapType::kAny));
  EXPECT_TRUE(isAbstractSubtype(HeapType::kNoExn, HeapType::kExn));
  EXPECT_TRUE(isAbstractSubtype(HeapType::kBottom, HeapType::kExtern));
  EXPECT_EQ(topOfAbstract(HeapType::kNoExtern), HeapType::kExtern);
  EXPECT_EQ(bottomOfTop(HeapType::kAny), HeapType::kNone);
}

TEST(ValueType, SingleTypeListsAreStatic) {
  const auto list = singleTypeList(ValType::ref(HeapType::kEq, false));
  EXPECT_EQ(list[0], ValType::ref(HeapType::kEq, false));
  EXPECT_EQ(singleTypeList(ValType::I64).data(), singleTypeList(ValType::I64).data());
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
