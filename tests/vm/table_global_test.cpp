#include <gtest/gtest.h>

#include "kiln/config.h"
#include "vm/global.h"
#include "vm/table.h"

namespace kiln {
namespace {

TEST(VMTable, CreatedAtTheMinimumWithTheInitialValue) {
  int marker = 0;
  auto table =
      VMTable::create(TableType{ValType::ExternRef, Limits{3, 5}}, Config{}.maxTableElements, &marker);
  ASSERT_TRUE(table);
  EXPECT_EQ(table->size(), 3u);
  EXPECT_EQ(table->maximumSize(), 5u);
  EXPECT_EQ(table->elements()[2], &marker);
  EXPECT_EQ(table->grow(3, nullptr), std::nullopt);
  EXPECT_EQ(table->grow(2, nullptr), 3u);
  EXPECT_EQ(table->elements()[4], nullptr);
  EXPECT_EQ(table->definition()->base, table->elements());
  EXPECT_EQ(table->definition()->count, 5u);
}

TEST(VMTable, EngineLimitCapsCreationAndGrowth) {
  EXPECT_FALSE(VMTable::create(TableType{ValType::FuncRef, Limits{11, {}}}, 10));
  auto table = VMTable::create(TableType{ValType::FuncRef, Limits{1, {}}}, 10);
  ASSERT_TRUE(table);
  EXPECT_EQ(table->grow(10, nullptr), std::nullopt);
  EXPECT_EQ(table->grow(9, nullptr), 1u);
}

TEST(VMTable, PublishToKeepsTheSlotCurrentAcrossReallocation) {
  auto table = VMTable::create(TableType{ValType::FuncRef, Limits{1, {}}}, Config{}.maxTableElements);
  ASSERT_TRUE(table);
  VMTableDefinition slot{nullptr, 0};
  table->publishTo(&slot);
  table->grow(1000, nullptr);
  EXPECT_EQ(slot.count, 1001u);
  EXPECT_EQ(slot.base, table->elements());
}

TEST(VMGlobal, HostGlobalOwnsZeroedStorage) {
  VMGlobal global(GlobalType{ValType::F64, true});
  EXPECT_EQ(global.definition()->i64, 0);
  global.definition()->f64 = 1.5;
  EXPECT_EQ(global.definition()->f64, 1.5);
  EXPECT_TRUE(global.type().isMutable);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(global.definition()) % 16, 0u);
}

TEST(VMGlobal, InstanceGlobalUsesTheGivenStorage) {
  VMGlobalDefinition storage{};
  VMGlobal global(GlobalType{ValType::I32, false}, &storage);
  global.definition()->i32 = -7;
  EXPECT_EQ(storage.i32, -7);
}

}  // namespace
}  // namespace kiln
