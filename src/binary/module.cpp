#include "binary/module.h"

namespace kiln {

const Import& WasmModule::importOf(ExternKind kind, uint32_t ordinal) const {
  return imports[importsByKind[static_cast<size_t>(kind)][ordinal]];
}

TypeIndex WasmModule::functionTypeIndex(FuncIndex index) const {
  if (index.value < importedFunctionCount()) return importOf(ExternKind::Func, index.value).funcType;
  return functions[index.value - importedFunctionCount()].type;
}

const FuncType& WasmModule::functionType(FuncIndex index) const {
  return types[functionTypeIndex(index).value].func();
}

const TableType& WasmModule::tableType(TableIndex index) const {
  if (index.value < importedTableCount()) return importOf(ExternKind::Table, index.value).table;
  return tables[index.value - importedTableCount()];
}

const MemoryType& WasmModule::memoryType(MemoryIndex index) const {
  if (index.value < importedMemoryCount()) return importOf(ExternKind::Memory, index.value).memory;
  return memories[index.value - importedMemoryCount()];
}

const GlobalType& WasmModule::globalType(GlobalIndex index) const {
  if (index.value < importedGlobalCount()) return importOf(ExternKind::Global, index.value).global;
  return globals[index.value - importedGlobalCount()].type;
}

const TagType& WasmModule::tagType(uint32_t index) const {
  if (index < importedTagCount()) return importOf(ExternKind::Tag, index).tag;
  return tags[index - importedTagCount()];
}

}  // namespace kiln
