// The table and reference libcalls, called directly.
#include <gtest/gtest.h>

#include "test_modules.h"
#include "vm/call_state.h"
#include "vm/libcalls.h"

namespace kiln {
namespace {

std::optional<TrapCode> takeTrap() {
  std::optional<Trap> trap = CallState::current().takePendingTrap();
  return trap ? std::optional(trap->code) : std::nullopt;
}

ConstExpr refFunc(uint32_t index) {
  ConstExpr expr;
  expr.kind = ConstExpr::Kind::RefFunc;
  expr.index = index;
  return expr;
}

ConstExpr refNull() {
  ConstExpr expr;
  expr.kind = ConstExpr::Kind::RefNull;
  return expr;
}

/// Three functions, a funcref table of 4 (max 6), an externref table of 2,
/// a passive segment [f0, null, f2], and a declarative one [f1].
std::shared_ptr<WasmModule> tableModule() {
  auto module = std::make_shared<WasmModule>();
  module->types.push_back(DefinedType::function(FuncType{}));
  for (int i = 0; i < 3; ++i) module->functions.push_back(FunctionDefinition{});
  module->tables.push_back(TableType{ValType::FuncRef, Limits{4, 6}});
  module->tables.push_back(TableType{ValType::ExternRef, Limits{2, {}}});
  ElementSegment passive;
  passive.mode = ElementSegment::Mode::Passive;
  passive.items = {refFunc(0), refNull(), refFunc(2)};
  ElementSegment declarative;
  declarative.mode = ElementSegment::Mode::Declarative;
  declarative.items = {refFunc(1)};
  module->elements = {passive, declarative};
  return module;
}

class TableLibcalls : public ::testing::Test {
 protected:
  void SetUp() override {
    CallState::current().takePendingTrap();
    instance_ = test::instantiate(tableModule());
    ASSERT_TRUE(instance_);
    elements_ = instance_->table(TableIndex(0)).elements();
    for (uintptr_t i = 0; i < 4; ++i) elements_[i] = reinterpret_cast<void*>(0x100 + i);
  }
  VMContext* vmctx() { return instance_->vmctx(); }
  void* element(uint32_t i) { return instance_->table(TableIndex(0)).elements()[i]; }
  static void* ref(uintptr_t value) { return reinterpret_cast<void*>(value); }

  std::unique_ptr<VMInstance> instance_;
  void** elements_ = nullptr;
};

TEST_F(TableLibcalls, FuncRefPointsIntoTheVMContext) {
  auto* ref = static_cast<VMFuncRef*>(kiln_func_ref(vmctx(), 2));
  EXPECT_EQ(ref, instance_->funcRef(FuncIndex(2)));
  EXPECT_EQ(ref->vmctx, vmctx());
}

TEST_F(TableLibcalls, CopyOverlappingForwardAndBackward) {
  EXPECT_TRUE(kiln_table_copy(vmctx(), 0, 0, 1, 0, 3));
  EXPECT_EQ(element(0), ref(0x100));
  EXPECT_EQ(element(1), ref(0x100));
  EXPECT_EQ(element(3), ref(0x102));
  for (uintptr_t i = 0; i < 4; ++i) elements_[i] = ref(0x100 + i);
  EXPECT_TRUE(kiln_table_copy(vmctx(), 0, 0, 0, 1, 3));
  EXPECT_EQ(element(0), ref(0x101));
  EXPECT_EQ(element(2), ref(0x103));
  EXPECT_EQ(element(3), ref(0x103));
}

TEST_F(TableLibcalls, CopyBoundsAreCheckedBeforeWriting) {
  EXPECT_TRUE(kiln_table_copy(vmctx(), 0, 0, 4, 4, 0));
  EXPECT_FALSE(kiln_table_copy(vmctx(), 0, 0, 5, 0, 0));
  EXPECT_EQ(takeTrap(), TrapCode::TableAccessOutOfBounds);
  EXPECT_FALSE(kiln_table_copy(vmctx(), 0, 0, 2, 0, 3));
  EXPECT_EQ(takeTrap(), TrapCode::TableAccessOutOfBounds);
  EXPECT_EQ(element(2), ref(0x102));
  EXPECT_FALSE(kiln_table_copy(vmctx(), 0, 0, UINT32_MAX, 0, 2));
  EXPECT_EQ(takeTrap(), TrapCode::TableAccessOutOfBounds);
}

TEST_F(TableLibcalls, InitFromAPassiveSegment) {
  EXPECT_TRUE(kiln_table_init(vmctx(), 0, 0, 1, 0, 3));
  EXPECT_EQ(element(0), ref(0x100));
  EXPECT_EQ(element(1), instance_->funcRef(FuncIndex(0)));
  EXPECT_EQ(element(2), nullptr);
  EXPECT_EQ(element(3), instance_->funcRef(FuncIndex(2)));
  EXPECT_TRUE(kiln_table_init(vmctx(), 0, 0, 4, 3, 0));
  EXPECT_FALSE(kiln_table_init(vmctx(), 0, 0, 0, 4, 0));
  EXPECT_EQ(takeTrap(), TrapCode::TableAccessOutOfBounds);
  EXPECT_FALSE(kiln_table_init(vmctx(), 0, 0, 2, 0, 3));
  EXPECT_EQ(takeTrap(), TrapCode::TableAccessOutOfBounds);
}

TEST_F(TableLibcalls, DroppedAndDeclarativeSegmentsHaveLengthZero) {
  EXPECT_TRUE(kiln_table_init(vmctx(), 0, 1, 0, 0, 0));
  EXPECT_FALSE(kiln_table_init(vmctx(), 0, 1, 0, 0, 1));
  EXPECT_EQ(takeTrap(), TrapCode::TableAccessOutOfBounds);
  kiln_elem_drop(vmctx(), 0);
  kiln_elem_drop(vmctx(), 0);
  EXPECT_TRUE(kiln_table_init(vmctx(), 0, 0, 0, 0, 0));
  EXPECT_FALSE(kiln_table_init(vmctx(), 0, 0, 0, 0, 1));
  EXPECT_EQ(takeTrap(), TrapCode::TableAccessOutOfBounds);
  EXPECT_EQ(element(0), ref(0x100));
}

TEST_F(TableLibcalls, GrowSizeGetSetFill) {
  EXPECT_EQ(kiln_table_size(vmctx(), 0), 4u);
  EXPECT_EQ(kiln_table_grow(vmctx(), 0, 0, nullptr), 4u);
  EXPECT_EQ(kiln_table_grow(vmctx(), 0, 2, ref(0x7)), 4u);
  EXPECT_EQ(kiln_table_grow(vmctx(), 0, 1, nullptr), UINT32_MAX);  // max 6
  EXPECT_EQ(kiln_table_size(vmctx(), 0), 6u);
  EXPECT_EQ(kiln_table_get(vmctx(), 0, 5), ref(0x7));
  EXPECT_EQ(kiln_table_get(vmctx(), 0, 6), kTableGetTrapped);
  EXPECT_EQ(takeTrap(), TrapCode::TableAccessOutOfBounds);
  EXPECT_TRUE(kiln_table_set(vmctx(), 0, 5, nullptr));
  EXPECT_EQ(kiln_table_get(vmctx(), 0, 5), nullptr);
  EXPECT_FALSE(kiln_table_set(vmctx(), 0, 6, nullptr));
  EXPECT_EQ(takeTrap(), TrapCode::TableAccessOutOfBounds);
  EXPECT_TRUE(kiln_table_fill(vmctx(), 0, 1, ref(0x9), 5));
  EXPECT_EQ(element(0), ref(0x100));
  EXPECT_EQ(element(5), ref(0x9));
  EXPECT_TRUE(kiln_table_fill(vmctx(), 0, 6, ref(0x9), 0));
  EXPECT_FALSE(kiln_table_fill(vmctx(), 0, 5, ref(0x8), 2));
  EXPECT_EQ(takeTrap(), TrapCode::TableAccessOutOfBounds);
  EXPECT_EQ(element(5), ref(0x9));
  // The externref table grows without a maximum up to the engine limit.
  EXPECT_EQ(kiln_table_grow(vmctx(), 1, 1000, ref(0x1)), 2u);
  EXPECT_EQ(kiln_table_grow(vmctx(), 1, UINT32_MAX, nullptr), UINT32_MAX);
}

TEST_F(TableLibcalls, ImportedTableIsSharedWithItsOwner) {
  auto module = std::make_shared<WasmModule>();
  test::addImport(*module, ExternKind::Table).table = TableType{ValType::FuncRef, Limits{4, {}}};
  module->tables.push_back(TableType{ValType::FuncRef, Limits{2, {}}});
  InstanceImports imports;
  imports.tables.push_back(instance_->sharedTable(TableIndex(0)));
  auto importer = test::instantiate(module, imports);
  ASSERT_TRUE(importer);
  VMContext* vm = importer->vmctx();
  EXPECT_EQ(kiln_imported_table_size(vm, 0), 4u);
  EXPECT_EQ(kiln_imported_table_grow(vm, 0, 1, ref(0x55)), 4u);
  EXPECT_EQ(kiln_table_size(vmctx(), 0), 5u);
  EXPECT_EQ(kiln_imported_table_get(vm, 0, 4), ref(0x55));
  EXPECT_TRUE(kiln_imported_table_set(vm, 0, 0, ref(0x66)));
  EXPECT_EQ(element(0), ref(0x66));
  EXPECT_TRUE(kiln_imported_table_fill(vm, 0, 3, nullptr, 2));
  EXPECT_EQ(element(4), nullptr);
  EXPECT_EQ(kiln_imported_table_get(vm, 0, 5), kTableGetTrapped);
  EXPECT_EQ(takeTrap(), TrapCode::TableAccessOutOfBounds);
  // table.copy between the imported table (index 0) and the local one (index 1).
  EXPECT_TRUE(kiln_table_copy(vm, 1, 0, 0, 0, 2));
  EXPECT_EQ(importer->table(TableIndex(1)).elements()[0], ref(0x66));
  EXPECT_EQ(kiln_table_size(vm, 0), 2u);  // local index 0 is the defined table
  EXPECT_FALSE(kiln_table_copy(vm, 1, 0, 1, 0, 2));
  EXPECT_EQ(takeTrap(), TrapCode::TableAccessOutOfBounds);
}

TEST_F(TableLibcalls, Table64IndicesAreNotTruncatedTo32Bits) {
  EXPECT_EQ(kiln_table64_size(vmctx(), 0), 4u);
  EXPECT_EQ(kiln_table64_grow(vmctx(), 0, (uint64_t(1) << 32) + 1, nullptr), UINT64_MAX);
  EXPECT_EQ(kiln_table64_grow(vmctx(), 0, 1, ref(0x7)), 4u);
  EXPECT_EQ(kiln_table64_size(vmctx(), 0), 5u);
  EXPECT_EQ(kiln_table_get(vmctx(), 0, (uint64_t(1) << 32) + 4), kTableGetTrapped);
  EXPECT_EQ(takeTrap(), TrapCode::TableAccessOutOfBounds);
  EXPECT_FALSE(kiln_table_set(vmctx(), 0, (uint64_t(1) << 32), nullptr));
  EXPECT_EQ(takeTrap(), TrapCode::TableAccessOutOfBounds);
  EXPECT_FALSE(kiln_table_fill(vmctx(), 0, 2, nullptr, UINT64_MAX));  // 2 + len wraps
  EXPECT_EQ(takeTrap(), TrapCode::TableAccessOutOfBounds);
  EXPECT_FALSE(kiln_table_copy(vmctx(), 0, 0, UINT64_MAX, 0, 2));
  EXPECT_EQ(takeTrap(), TrapCode::TableAccessOutOfBounds);
  EXPECT_EQ(element(4), ref(0x7));
}

TEST(LibCallTable, NamesAndAddressesAgree) {
  EXPECT_EQ(libCallName(LibCall::Memory32Fill), "kiln_memory32_fill");
  EXPECT_EQ(libCallName(LibCall::ImportedMemory64Grow), "kiln_imported_memory64_grow");
  EXPECT_EQ(libCallAddress(LibCall::Memory64Copy),
            reinterpret_cast<const void*>(&kiln_memory64_copy));
  EXPECT_EQ(libCallAddress(LibCall::Memory32Fill), reinterpret_cast<const void*>(&kiln_memory32_fill));
  EXPECT_EQ(libCallName(LibCall::Probestack), "kiln_probestack");
  EXPECT_EQ(libCallAddress(LibCall::RaiseTrap), reinterpret_cast<const void*>(&kiln_raise_trap));
  for (uint32_t i = 0; i < kLibCallCount; ++i) {
    EXPECT_NE(kVMLibCallTable[i], nullptr) << i;
    EXPECT_TRUE(libCallName(LibCall(i)).starts_with("kiln_")) << i;
  }
}

}  // namespace
}  // namespace kiln
