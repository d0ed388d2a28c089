#include "vm/vm_offsets.h"

#include "binary/module.h"
#include "vm/vmcontext.h"

namespace kiln {

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
