#include <fstream>
#include <iterator>

#include "runtime/runtime_state.h"
#include "runtime/wat.h"
#include "validate/parse_module.h"

namespace kiln {

namespace {

Unexpected<std::string> failure(std::string message) {
  return Unexpected<std::string>{std::move(message)};
}

// The API's types name defined types by their canonical ids.
const FuncType& canonicalFuncType(const runtime::ModuleState& state, uint32_t typeIndex) {
  return state.engine.state().signatures.type(state.typeIds[typeIndex]);
}

ExternType externTypeOf(const runtime::ModuleState& state, ExternKind kind, uint32_t index) {
  const WasmModule& module = *state.module;
  ExternType type;
  type.kind = kind;
  switch (kind) {
    case ExternKind::Func:
      type.func = canonicalFuncType(state, module.functionTypeIndex(FuncIndex(index)).value);
      break;
    case ExternKind::Table: type.table = module.tableType(TableIndex(index)); break;
    case ExternKind::Memory: type.memory = module.memoryType(MemoryIndex(index)); break;
    case ExternKind::Global: type.global = module.globalType(GlobalIndex(index)); break;
    case ExternKind::Tag: type.tag = canonicalFuncType(state, module.tagType(index).typeIndex); break;
  }
  return type;
}

}  // namespace

Expected<Module, std::string> Module::fromBytes(const Engine& engine, std::vector<uint8_t> bytes) {
  auto parsed = parseModule(std::move(bytes));
  if (!parsed) return failure(parsed.error().toString());
  auto state = std::make_shared<runtime::ModuleState>(engine);
  state->module = std::move(*parsed);
  auto compiled = compileModule(state->module, engine.state().compilerOptions);
  if (!compiled) return failure("compilation failed: " + compiled.error());
  state->compiled = std::move(*compiled);
  if (engine.state().vmConfig.memory.strategy == MemoryStrategy::GuardPages) {
    state->memoryImage = MemoryImage::build(*state->module);
  }

  const WasmModule& module = *state->module;
  state->typeIds = engine.state().signatures.internTypes(module.types);
  state->functionCode.resize(module.functions.size());
  state->arrayEntries.resize(module.functions.size());
  for (uint32_t i = 0; i < module.functions.size(); ++i) {
    state->functionCode[i] = state->compiled->functionCode(i);
    state->arrayEntries[i] = state->compiled->arrayEntry(i);
  }
  for (uint32_t i = 0; i < module.exports.size(); ++i) {
    state->exportsByName.emplace(module.exports[i].name, i);
  }
  return Module(std::move(state));
}

Expected<Module, std::string> Module::fromFile(const Engine& engine, const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return failure(path + ": cannot open");
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(file)),
                             std::istreambuf_iterator<char>());
  if (file.bad()) return failure(path + ": read error");
  // The binary format starts with "\0asm"; text never contains a NUL byte.
  bool isBinary = !bytes.empty() && bytes[0] == 0;
  if (!isBinary) {
    std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    auto binary = watToBinary(text, path);
    if (!binary) return failure(binary.error());
    bytes = std::move(*binary);
  }
  auto module = fromBytes(engine, std::move(bytes));
  if (!module) return failure(path + ": " + module.error());
  return module;
}

std::vector<ImportType> Module::imports() const {
  const WasmModule& module = *state_->module;
  std::vector<ImportType> result;
  result.reserve(module.imports.size());
  for (const Import& import : module.imports) {
    ExternType type;
    type.kind = import.kind;
    switch (import.kind) {
      case ExternKind::Func: type.func = canonicalFuncType(*state_, import.funcType.value); break;
      case ExternKind::Table: type.table = import.table; break;
      case ExternKind::Memory: type.memory = import.memory; break;
      case ExternKind::Global: type.global = import.global; break;
      case ExternKind::Tag: type.tag = canonicalFuncType(*state_, import.tag.typeIndex); break;
    }
    result.push_back({import.module, import.name, std::move(type)});
  }
  return result;
}

std::vector<ExportType> Module::exports() const {
  const WasmModule& module = *state_->module;
  std::vector<ExportType> result;
  result.reserve(module.exports.size());
  for (const Export& entry : module.exports) {
    result.push_back({entry.name, externTypeOf(*state_, entry.kind, entry.index)});
  }
  return result;
}

const Engine& Module::engine() const { return state_->engine; }

}  // namespace kiln
