#include "vm/vm_offsets.h"

#include <cstddef>

#include "binary/module.h"
#include "vm/vmcontext.h"

namespace kiln {

// The field offsets compiled code uses as displacements are the records'
// real layouts.
static_assert(VMOffsets::libcalls() == offsetof(VMContextHeader, libcalls));
static_assert(VMOffsets::stackLimit() == offsetof(VMContextHeader, stackLimit));
static_assert(VMOffsets::interruptRequested() == offsetof(VMContextHeader, interruptRequested));
static_assert(VMOffsets::instance() == offsetof(VMContextHeader, instance));
static_assert(VMOffsets::memoryBase() == offsetof(VMMemoryDefinition, base));
static_assert(VMOffsets::memoryLength() == offsetof(VMMemoryDefinition, length));
static_assert(VMOffsets::tableBase() == offsetof(VMTableDefinition, base));
static_assert(VMOffsets::tableCount() == offsetof(VMTableDefinition, count));
static_assert(VMOffsets::importDefinition() == offsetof(VMMemoryImport, definition) &&
              VMOffsets::importDefinition() == offsetof(VMTableImport, definition) &&
              VMOffsets::importDefinition() == offsetof(VMGlobalImport, definition));
static_assert(VMOffsets::functionImportCode() == offsetof(VMFunctionImport, code));
static_assert(VMOffsets::functionImportVMContext() == offsetof(VMFunctionImport, vmctx));
static_assert(VMOffsets::funcRefCode() == offsetof(VMFuncRef, code));
static_assert(VMOffsets::funcRefSignatureId() == offsetof(VMFuncRef, signatureId));
static_assert(VMOffsets::funcRefVMContext() == offsetof(VMFuncRef, vmctx));
static_assert(VMOffsets::funcRefArrayCall() == offsetof(VMFuncRef, arrayCall));
static_assert(VMOffsets::kRecordSize == sizeof(VMFunctionImport) &&
              VMOffsets::kRecordSize == sizeof(VMMemoryImport) &&
              VMOffsets::kRecordSize == sizeof(VMTableImport) &&
              VMOffsets::kRecordSize == sizeof(VMGlobalImport) &&
              VMOffsets::kRecordSize == sizeof(VMMemoryDefinition) &&
              VMOffsets::kRecordSize == sizeof(VMTableDefinition) &&
              VMOffsets::kRecordSize == sizeof(VMGlobalDefinition));
static_assert(VMOffsets::kFuncRefSize == sizeof(VMFuncRef));
static_assert(sizeof(uint32_t) == sizeof(VMFuncRef::signatureId));

namespace {

uint32_t alignUp(uint64_t value, uint32_t alignment) {
  return uint32_t((value + alignment - 1) / alignment * alignment);
}

}  // namespace

VMOffsets::VMOffsets(const WasmModule& module) {
  // Summed in 64 bits; the counts come from a validated module, so the total fits.
  uint64_t at = sizeof(VMContextHeader);
  importedFunctions_ = uint32_t(at);
  at += uint64_t(sizeof(VMFunctionImport)) * module.importedFunctionCount();
  importedTables_ = uint32_t(at);
  at += uint64_t(sizeof(VMTableImport)) * module.importedTableCount();
  importedMemories_ = uint32_t(at);
  at += uint64_t(sizeof(VMMemoryImport)) * module.importedMemoryCount();
  importedGlobals_ = uint32_t(at);
  at += uint64_t(sizeof(VMGlobalImport)) * module.importedGlobalCount();
  localMemories_ = uint32_t(at);
  at += uint64_t(sizeof(VMMemoryDefinition)) * module.memories.size();
  localTables_ = uint32_t(at);
  at += uint64_t(sizeof(VMTableDefinition)) * module.tables.size();
  localGlobals_ = alignUp(at, alignof(VMGlobalDefinition));
  at = localGlobals_ + uint64_t(sizeof(VMGlobalDefinition)) * module.globals.size();
  signatureIds_ = uint32_t(at);
  at += uint64_t(sizeof(uint32_t)) * module.types.size();
  funcRefs_ = alignUp(at, alignof(VMFuncRef));
  at = funcRefs_ + uint64_t(sizeof(VMFuncRef)) * module.functionCount();
  size_ = alignUp(at, 16);
}

}  // namespace kiln
