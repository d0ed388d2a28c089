#include "runtime/runtime_state.h"

namespace kiln {

namespace {

Unexpected<Error> failure(ErrorKind kind, std::string message) {
  return Unexpected{Error(kind, std::move(message))};
}

std::string limitsText(const Limits& limits) {
  std::string text = "{min " + std::to_string(limits.min);
  if (limits.max) text += ", max " + std::to_string(*limits.max);
  return text + "}";
}

std::string globalText(const GlobalType& type) {
  std::string name(toString(type.type));
  return type.isMutable ? "global (mut " + name + ")" : "global " + name;
}

/// "i64 " for a 64-bit memory or table (as the text format writes it), else "".
std::string addressText(AddressType type) { return type == AddressType::I64 ? "i64 " : ""; }

/// The text form of what `item` is, in the terms an import mismatch names.
std::string describe(const Extern& item) {
  switch (item.kind()) {
    case ExternKind::Func: return "func " + toString(item.func()->type());
    case ExternKind::Table: {
      const Table& table = *item.table();
      return "table " + addressText(table.type().addressType) +
             std::string(toString(table.type().element)) + " " +
             limitsText({table.size(), table.type().limits.max});
    }
    case ExternKind::Memory: {
      const Memory& memory = *item.memory();
      return "memory " + addressText(memory.type().addressType) +
             limitsText({memory.pages(), memory.type().limits.max}) +
             (memory.type().shared ? " shared" : "");
    }
    case ExternKind::Global: return globalText(item.global()->type());
    case ExternKind::Tag: return "tag " + toString(item.tag()->type());
  }
  return {};
}

std::string describe(const WasmModule& module, const Import& import) {
  switch (import.kind) {
    case ExternKind::Func: return "func " + toString(module.funcType(import.funcType));
    case ExternKind::Table:
      return "table " + addressText(import.table.addressType) +
             std::string(toString(import.table.element)) + " " + limitsText(import.table.limits);
    case ExternKind::Memory:
      return "memory " + addressText(import.memory.addressType) + limitsText(import.memory.limits) +
             (import.memory.shared ? " shared" : "");
    case ExternKind::Global: return globalText(import.global);
    case ExternKind::Tag:
      return "tag " + toString(module.funcType(TypeIndex(import.tag.typeIndex)));
  }
  return {};
}

/// True when `item` may satisfy `import`: functions whose canonical type is
/// the import's or declares it as a supertype (`typeIds`: the module's
/// canonical type ids), tables (of the same element type) and memories of
/// the same address type and sharedness whose current limits match (the spec's subtyping),
/// globals of the same mutability and the same type (mutable) or a subtype
/// (immutable), tags of the same canonical type.
bool matches(const SignatureRegistry& signatures, const std::vector<uint32_t>& typeIds,
             const Import& import, const Extern& item) {
  if (item.kind() != import.kind) return false;
  switch (import.kind) {
    case ExternKind::Func:
      return signatures.isSubtype(runtime::Access::vmFuncRef(*item.func()).signatureId,
                                  typeIds[import.funcType.value]);
    case ExternKind::Table: {
      const Table& table = *item.table();
      return table.type().element == canonicalType(import.table.element, typeIds) &&
             table.type().addressType == import.table.addressType &&
             limitsMatch({table.size(), table.type().limits.max}, import.table.limits);
    }
    case ExternKind::Memory: {
      const Memory& memory = *item.memory();
      return memory.type().addressType == import.memory.addressType &&
             memory.type().shared == import.memory.shared &&
             limitsMatch({memory.pages(), memory.type().limits.max}, import.memory.limits);
    }
    case ExternKind::Global: {
      // A mutable global's type is invariant; an immutable one's covariant.
      const GlobalType& global = item.global()->type();
      const ValType expected = canonicalType(import.global.type, typeIds);
      if (global.isMutable != import.global.isMutable) return false;
      return global.isMutable ? global.type == expected
                              : signatures.isValSubtype(global.type, expected);
    }
    case ExternKind::Tag:
      // Tag types are invariant: the same canonical type, not a subtype.
      return runtime::Access::vmTag(*item.tag()).signatureId == typeIds[import.tag.typeIndex];
  }
  return false;
}

}  // namespace

void Linker::define(std::string module, std::string name, Extern item) {
  definitions_.insert_or_assign({std::move(module), std::move(name)}, item);
}

void Linker::defineFunc(Store& store, std::string module, std::string name, FuncType type,
                        HostFunction body) {
  define(std::move(module), std::move(name), Func::wrap(store, std::move(type), std::move(body)));
}

void Linker::defineInstance(std::string module, const Instance& instance) {
  for (auto& [name, item] : instance.exports()) define(module, name, item);
}

std::optional<Extern> Linker::get(const std::string& module, const std::string& name) const {
  auto found = definitions_.find({module, name});
  if (found == definitions_.end()) return std::nullopt;
  return found->second;
}

Expected<Instance, Error> Linker::instantiate(Store& store, const Module& module) const {
  using runtime::Access;
  runtime::StoreState& storeState = Access::state(store);
  const runtime::ModuleState& moduleState = Access::state(module);
  const WasmModule& wasm = *moduleState.module;
  runtime::EngineState& engine = Access::state(storeState.engine);
  if (&Access::state(module.engine()) != &engine) {
    return failure(ErrorKind::Link, "the module was compiled by another engine than the store's");
  }

  // Every import is checked before anything is created, and every problem
  // is reported: fixing one missing import at a time is tedious.
  std::string problems;
  InstanceImports imports;
  imports.functionArrayCalls.reserve(wasm.importedFunctionCount());
  for (const Import& import : wasm.imports) {
    std::string name = import.module + "." + import.name;
    std::optional<Extern> item = get(import.module, import.name);
    std::string problem;
    if (!item) {
      problem = "unknown import: " + name + ": expected " + describe(wasm, import);
    } else if (!matches(engine.signatures, moduleState.typeIds, import, *item)) {
      problem = "incompatible import type: " + name + ": expected " + describe(wasm, import) +
                ", found " + describe(*item);
    }
    if (!problem.empty()) {
      problems += (problems.empty() ? "" : "\n") + problem;
      continue;
    }
    switch (import.kind) {
      case ExternKind::Func: {
        const VMFuncRef& ref = Access::vmFuncRef(*item->func());
        imports.functions.push_back({ref.code, ref.vmctx});
        imports.functionArrayCalls.push_back(ref.arrayCall);
        break;
      }
      case ExternKind::Table:
        imports.tables.push_back(runtime::borrowed(&Access::vmTable(*item->table())));
        break;
      case ExternKind::Memory:
        imports.memories.push_back(runtime::borrowed(&Access::vmMemory(*item->memory())));
        break;
      case ExternKind::Global:
        imports.globals.push_back(runtime::borrowed(&Access::vmGlobal(*item->global())));
        break;
      case ExternKind::Tag:
        imports.tags.push_back(runtime::borrowed(&Access::vmTag(*item->tag())));
        break;
    }
  }
  if (!problems.empty()) return failure(ErrorKind::Link, std::move(problems));

  runtime::StoreLimiter& limiter = storeState.limiter;
  if (std::optional<std::string> refused =
          limiter.admit(1, wasm.memories.size(), wasm.tables.size())) {
    return failure(ErrorKind::Resource, std::move(*refused));
  }
  auto created = VMInstance::create(moduleState.module, engine.config, engine.memoryPool.get(),
                                    engine.signatures, std::move(imports),
                                    moduleState.memoryImage.get(), &limiter);
  if (!created) {
    // A memory or table the limits refused says which limit; any other
    // failure (the engine's caps, the OS) is the VM's.
    std::optional<std::string> refused = limiter.takeRefusal();
    return failure(ErrorKind::Resource, refused ? *refused : created.error());
  }
  limiter.count(1, wasm.memories.size(), wasm.tables.size());
  std::unique_ptr<VMInstance> vm = std::move(*created);
  vm->setExceptionHeap(&storeState.exceptions);
  uint32_t importedFunctions = wasm.importedFunctionCount();
  for (uint32_t i = 0; i < wasm.functions.size(); ++i) {
    vm->setFunctionCode(FuncIndex(importedFunctions + i), moduleState.functionCode[i],
                        moduleState.arrayEntries[i]);
  }

  runtime::InstanceState& instance =
      storeState.addInstance(moduleState.shared_from_this(), std::move(vm));
  if (std::optional<TrapCode> trap = instance.vm->initialize()) {
    return Unexpected{Error(Trap::fromCode(*trap))};
  }
  if (wasm.start) {
    Func start = Access::func(&storeState, instance.vm->funcRef(*wasm.start));
    auto result = start.call({});
    if (!result) return Unexpected{result.error()};
  }
  return Access::instance(&instance);
}

}  // namespace kiln
