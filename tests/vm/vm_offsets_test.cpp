#include "vm/vm_offsets.h"

#include <gtest/gtest.h>

#include <cstddef>

#include "test_modules.h"
#include "vm/libcalls.h"

namespace kiln {
namespace {

using test::addImport;

TEST(VMOffsets, RecordFieldsMatchTheStructs) {
  EXPECT_EQ(VMOffsets::libcalls(), offsetof(VMContextHeader, libcalls));
  EXPECT_EQ(VMOffsets::stackLimit(), offsetof(VMContextHeader, stackLimit));
  EXPECT_EQ(VMOffsets::interruptRequested(), offsetof(VMContextHeader, interruptRequested));
  EXPECT_EQ(VMOffsets::instance(), offsetof(VMContextHeader, instance));
  EXPECT_EQ(VMOffsets::memoryBase(), offsetof(VMMemoryDefinition, base));
  EXPECT_EQ(VMOffsets::memoryLength(), offsetof(VMMemoryDefinition, length));
  EXPECT_EQ(VMOffsets::tableBase(), offsetof(VMTableDefinition, base));
  EXPECT_EQ(VMOffsets::tableCount(), offsetof(VMTableDefinition, count));
  EXPECT_EQ(VMOffsets::importDefinition(), offsetof(VMMemoryImport, definition));
  EXPECT_EQ(VMOffsets::importDefinition(), offsetof(VMTableImport, definition));
  EXPECT_EQ(VMOffsets::importDefinition(), offsetof(VMGlobalImport, definition));
  EXPECT_EQ(VMOffsets::functionImportCode(), offsetof(VMFunctionImport, code));
  EXPECT_EQ(VMOffsets::functionImportVMContext(), offsetof(VMFunctionImport, vmctx));
  EXPECT_EQ(VMOffsets::funcRefCode(), offsetof(VMFuncRef, code));
  EXPECT_EQ(VMOffsets::funcRefSignatureId(), offsetof(VMFuncRef, signatureId));
  EXPECT_EQ(VMOffsets::funcRefVMContext(), offsetof(VMFuncRef, vmctx));
  EXPECT_EQ(VMOffsets::funcRefArrayCall(), offsetof(VMFuncRef, arrayCall));
  EXPECT_TRUE(std::is_standard_layout_v<VMMemoryDefinition>);
  EXPECT_TRUE(std::is_standard_layout_v<VMTableDefinition>);
  EXPECT_TRUE(std::is_standard_layout_v<VMFuncRef>);
  EXPECT_TRUE(std::is_standard_layout_v<VMGlobalDefinition>);
}

TEST(VMOffsets, EmptyModuleIsTheHeader) {
  WasmModule module;
  VMOffsets offsets(module);
  EXPECT_EQ(offsets.size(), sizeof(VMContextHeader));
}

/// A module importing two of each kind and defining one memory, two tables,
/// three globals, two types and two functions.
std::shared_ptr<WasmModule> everyKindModule() {
  auto module = std::make_shared<WasmModule>();
  module->types.push_back(DefinedType::function(FuncType{{ValType::I32}, {}}));
  module->types.push_back(DefinedType::function(FuncType{{}, {ValType::I64}}));
  for (int i = 0; i < 2; ++i) {
    addImport(*module, ExternKind::Func).funcType = TypeIndex(uint32_t(i));
    addImport(*module, ExternKind::Table).table = TableType{ValType::FuncRef, Limits{1, {}}};
    addImport(*module, ExternKind::Memory).memory = MemoryType{Limits{1, {}}};
    addImport(*module, ExternKind::Global).global = GlobalType{ValType::I64, true};
  }
  module->memories.push_back(MemoryType{Limits{1, 2}});
  module->tables.push_back(TableType{ValType::FuncRef, Limits{3, {}}});
  module->tables.push_back(TableType{ValType::ExternRef, Limits{0, 10}});
  for (int i = 0; i < 3; ++i)
    module->globals.push_back(GlobalDefinition{GlobalType{ValType::V128, true}, {}});
  module->functions.push_back(FunctionDefinition{});
  module->functions.back().type = TypeIndex(1);
  module->functions.push_back(FunctionDefinition{});
  module->functions.back().type = TypeIndex(0);
  return module;
}

TEST(VMOffsets, SectionsFollowEachOtherInOrder) {
  auto module = everyKindModule();
  VMOffsets offsets(*module);
  EXPECT_EQ(offsets.importedFunction(0), 32u);
  EXPECT_EQ(offsets.importedFunction(1), 48u);
  EXPECT_EQ(offsets.importedTable(0), 64u);
  EXPECT_EQ(offsets.importedMemory(0), 96u);
  EXPECT_EQ(offsets.importedGlobal(0), 128u);
  EXPECT_EQ(offsets.localMemory(0), 160u);
  EXPECT_EQ(offsets.localTable(0), 176u);
  EXPECT_EQ(offsets.localTable(1), 192u);
  EXPECT_EQ(offsets.localGlobal(0), 208u);
  EXPECT_EQ(offsets.localGlobal(0) % 16, 0u);
  EXPECT_EQ(offsets.signatureId(0), 256u);
  EXPECT_EQ(offsets.signatureId(1), 260u);
  EXPECT_EQ(offsets.funcRef(0), 264u);
  EXPECT_EQ(offsets.funcRef(3), 264u + 3 * 32);
  EXPECT_EQ(offsets.size(), 400u);  // 264 + 4 funcrefs * 32, rounded up to 16
}

TEST(VMOffsets, FuncRefsArePaddedAfterAnOddNumberOfSignatureIds) {
  WasmModule module;
  for (int i = 0; i < 3; ++i) module.types.push_back(DefinedType::function(FuncType{}));
  module.globals.push_back(GlobalDefinition{});
  module.functions.push_back(FunctionDefinition{});
  VMOffsets offsets(module);
  EXPECT_EQ(offsets.localGlobal(0), 32u);
  EXPECT_EQ(offsets.signatureId(2), 56u);
  EXPECT_EQ(offsets.funcRef(0), 64u);  // 60 rounded up to 8
  EXPECT_EQ(offsets.size(), 96u);      // 64 + 32
}

TEST(VMOffsets, InstanceFillsEveryRecordAtItsOffset) {
  auto exporter = std::make_shared<WasmModule>();
  exporter->tables.push_back(TableType{ValType::FuncRef, Limits{1, {}}});
  exporter->memories.push_back(MemoryType{Limits{1, {}}});
  exporter->globals.push_back(GlobalDefinition{GlobalType{ValType::I64, true}, {}});
  auto owner = test::instantiate(exporter);
  ASSERT_TRUE(owner);

  auto module = everyKindModule();
  InstanceImports imports;
  int marker = 0;
  for (int i = 0; i < 2; ++i) {
    imports.functions.push_back({&marker + i, owner->vmctx()});
    imports.tables.push_back(owner->sharedTable(TableIndex(0)));
    imports.memories.push_back(owner->sharedMemory(MemoryIndex(0)));
    imports.globals.push_back(owner->sharedGlobal(GlobalIndex(0)));
  }
  auto instance = test::instantiate(module, imports);
  ASSERT_TRUE(instance);
  const VMOffsets& offsets = instance->offsets();

  auto* header = instance->at<VMContextHeader>(0);
  EXPECT_EQ(header->libcalls, kVMLibCallTable);
  EXPECT_EQ(header->instance, instance.get());
  EXPECT_EQ(VMInstance::fromVMContext(instance->vmctx()), instance.get());

  auto* function = instance->at<VMFunctionImport>(offsets.importedFunction(1));
  EXPECT_EQ(function->code, &marker + 1);
  EXPECT_EQ(function->vmctx, owner->vmctx());
  // The importer sees the owner's VMContext slots themselves.
  const VMOffsets& ownerOffsets = owner->offsets();
  EXPECT_EQ(instance->at<VMMemoryImport>(offsets.importedMemory(1))->definition,
            owner->at<VMMemoryDefinition>(ownerOffsets.localMemory(0)));
  EXPECT_EQ(instance->at<VMTableImport>(offsets.importedTable(0))->definition,
            owner->at<VMTableDefinition>(ownerOffsets.localTable(0)));
  EXPECT_EQ(instance->at<VMGlobalImport>(offsets.importedGlobal(0))->definition,
            owner->at<VMGlobalDefinition>(ownerOffsets.localGlobal(0)));

  auto* memory = instance->at<VMMemoryDefinition>(offsets.localMemory(0));
  EXPECT_EQ(memory->base, instance->memory(MemoryIndex(2)).base());
  EXPECT_EQ(memory->length, kWasmPageSize);
  auto* table = instance->at<VMTableDefinition>(offsets.localTable(0));
  EXPECT_EQ(table->count, 3u);
  EXPECT_EQ(table->base, instance->table(TableIndex(2)).elements());
  EXPECT_EQ(instance->global(GlobalIndex(4)).definition(),
            instance->at<VMGlobalDefinition>(offsets.localGlobal(2)));

  uint32_t id0 = *instance->at<uint32_t>(offsets.signatureId(0));
  uint32_t id1 = *instance->at<uint32_t>(offsets.signatureId(1));
  EXPECT_NE(id0, id1);
  EXPECT_EQ(id0, test::testSignatures().intern(module->types[0].func()));
  auto* importedRef = instance->funcRef(FuncIndex(1));
  EXPECT_EQ(importedRef->code, &marker + 1);
  EXPECT_EQ(importedRef->signatureId, id1);
  EXPECT_EQ(importedRef->vmctx, owner->vmctx());
  auto* definedRef = instance->at<VMFuncRef>(offsets.funcRef(2));
  EXPECT_EQ(definedRef->signatureId, id1);
  EXPECT_EQ(definedRef->vmctx, instance->vmctx());
}

}  // namespace
}  // namespace kiln
