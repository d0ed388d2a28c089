// Where everything sits inside one module's VMContext.
#pragma once

#include <cstdint>

namespace kiln {

struct WasmModule;

/// The layout of the VMContext of every instance of one module, in order:
///   header (VMContextHeader)
///   imported functions   VMFunctionImport  per imported function
///   imported tables      VMTableImport     per imported table
///   imported memories    VMMemoryImport    per imported memory
///   imported globals     VMGlobalImport    per imported global
///   local memories       VMMemoryDefinition per defined memory
///   local tables         VMTableDefinition per defined table
///   local globals        VMGlobalDefinition per defined global (16-aligned)
///   signature ids        uint32_t per type index
///   funcrefs             VMFuncRef (32 B) per function (imported and defined)
/// Compiled code uses these offsets as displacements from the vmctx register.
class VMOffsets {
 public:
  explicit VMOffsets(const WasmModule& module);

  static constexpr uint32_t libcalls() { return 0; }
  static constexpr uint32_t stackLimit() { return 8; }
  static constexpr uint32_t interruptRequested() { return 16; }
  static constexpr uint32_t instance() { return 24; }

  /// Bytes of each record (checked against the structs in vm_offsets.cpp):
  /// imports and definitions of memories, tables and globals; funcrefs.
  static constexpr uint32_t kRecordSize = 16;
  static constexpr uint32_t kFuncRefSize = 32;

  uint32_t importedFunction(uint32_t index) const { return importedFunctions_ + kRecordSize * index; }
  uint32_t importedTable(uint32_t index) const { return importedTables_ + kRecordSize * index; }
  uint32_t importedMemory(uint32_t index) const { return importedMemories_ + kRecordSize * index; }
  uint32_t importedGlobal(uint32_t index) const { return importedGlobals_ + kRecordSize * index; }
  /// Indices here are of defined entities, counted from 0 after the imports.
  uint32_t localMemory(uint32_t index) const { return localMemories_ + kRecordSize * index; }
  uint32_t localTable(uint32_t index) const { return localTables_ + kRecordSize * index; }
  uint32_t localGlobal(uint32_t index) const { return localGlobals_ + kRecordSize * index; }
  uint32_t signatureId(uint32_t typeIndex) const { return signatureIds_ + 4 * typeIndex; }
  /// `funcIndex` is in the module's function index space (imports first).
  uint32_t funcRef(uint32_t funcIndex) const { return funcRefs_ + kFuncRefSize * funcIndex; }

  /// Field offsets inside the records.
  static constexpr uint32_t memoryBase() { return 0; }
  static constexpr uint32_t memoryLength() { return 8; }
  static constexpr uint32_t tableBase() { return 0; }
  static constexpr uint32_t tableCount() { return 8; }
  static constexpr uint32_t importDefinition() { return 0; }  // memory/table/global imports
  static constexpr uint32_t functionImportCode() { return 0; }
  static constexpr uint32_t functionImportVMContext() { return 8; }
  static constexpr uint32_t funcRefCode() { return 0; }
  static constexpr uint32_t funcRefSignatureId() { return 8; }
  static constexpr uint32_t funcRefVMContext() { return 16; }
  static constexpr uint32_t funcRefArrayCall() { return 24; }

  /// Total bytes of the VMContext (a multiple of 16).
  uint32_t size() const { return size_; }

 private:
  uint32_t importedFunctions_;
  uint32_t importedTables_;
  uint32_t importedMemories_;
  uint32_t importedGlobals_;
  uint32_t localMemories_;
  uint32_t localTables_;
  uint32_t localGlobals_;
  uint32_t signatureIds_;
  uint32_t funcRefs_;
  uint32_t size_;
};

}  // namespace kiln
