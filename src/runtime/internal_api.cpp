#include "runtime/internal_api.h"

#include "compiler/compiled_module.h"
#include "runtime/errors.h"
#include "runtime/runtime_state.h"
#include "validate/parse_module.h"

namespace kiln::internal {

namespace {

IndexSpaceSize spaceSize(const WasmModule& module, ExternKind kind, size_t defined) {
  return {module.importCount(kind), uint32_t(defined)};
}

ModuleLayout layoutOf(const WasmModule& module) {
  ModuleLayout layout;
  layout.size = module.bytes.size();
  layout.moduleName = module.names.moduleName;
  for (const SectionInfo& section : module.sections) {
    layout.sections.push_back({section.id, section.offset, section.payloadOffset,
                               section.payloadSize, section.customName});
  }
  layout.types = module.types.size();
  layout.functions = spaceSize(module, ExternKind::Func, module.functions.size());
  layout.tables = spaceSize(module, ExternKind::Table, module.tables.size());
  layout.memories = spaceSize(module, ExternKind::Memory, module.memories.size());
  layout.globals = spaceSize(module, ExternKind::Global, module.globals.size());
  layout.elementSegments = module.elements.size();
  layout.dataSegments = module.data.size();
  for (const Import& import : module.imports) {
    auto funcType = [&](uint32_t typeIndex) -> const FuncType& {
      return module.funcType(TypeIndex(typeIndex));
    };
    uint32_t typeIndex = import.kind == ExternKind::Tag ? import.tag.typeIndex : import.funcType.value;
    layout.imports.push_back({runtime::importType(import, funcType), typeIndex});
  }
  for (const Export& entry : module.exports) {
    layout.exports.push_back({entry.name, entry.kind, entry.index});
  }
  if (module.start) layout.start = module.start->value;
  layout.functionNames = module.names.functionNames;
  return layout;
}

}  // namespace

Expected<InspectedModule, Error> InspectedModule::parse(std::vector<uint8_t> bytes) {
  auto parsed = parseModule(std::move(bytes));
  if (!parsed) return Unexpected{runtime::frontEndError(parsed.error())};
  InspectedModule inspected;
  inspected.module_ = std::move(*parsed);
  inspected.layout_ = layoutOf(*inspected.module_);
  return inspected;
}

const FuncType& InspectedModule::functionType(uint32_t index) const {
  return module_->functionType(FuncIndex(index));
}

std::string InspectedModule::disassemble(uint32_t definedIndex, const Engine& engine) const {
  return disassembleFunction(*module_, definedIndex,
                             runtime::Access::state(engine).config);
}

}  // namespace kiln::internal
