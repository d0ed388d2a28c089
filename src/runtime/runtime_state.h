// The runtime API's internal state behind the public handles (Engine, Module,
// Store, Instance, Func, ...): what each owns and how they refer to the VM.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "binary/module.h"
#include "compiler/compiled_module.h"
#include "kiln/kiln.h"
#include "runtime/store_limiter.h"
#include "vm/call_state.h"
#include "vm/host_function.h"
#include "vm/instance.h"
#include "vm/memory_image.h"
#include "vm/signature_registry.h"

namespace kiln::runtime {

/// What every module and store of an engine shares.
struct EngineState {
  explicit EngineState(const Config& config);

  Config config;
  /// Slots for bounds-check-mode memories; null in guard-page mode.
  std::unique_ptr<MemoryPool> memoryPool;
  /// One registry for the engine, so call_indirect signature ids agree across
  /// all its modules and instances.
  SignatureRegistry signatures;
};

/// A validated, compiled module, shared by its `Module` handles and instances.
struct ModuleState : std::enable_shared_from_this<ModuleState> {
  explicit ModuleState(const Engine& engine) : engine(engine) {}

  Engine engine;
  std::shared_ptr<const WasmModule> module;
  std::shared_ptr<CompiledModule> compiled;
  /// Memory 0's initial contents for instances to map (guard-page engines
  /// only: pool slots are written in place); null when it has none.
  std::shared_ptr<const MemoryImage> memoryImage;
  /// The canonical id of each of the module's types in the engine's
  /// SignatureRegistry (import matching, the API's types).
  std::vector<uint32_t> typeIds;
  /// Entry points per defined function, read once from `compiled` so that
  /// instantiation makes no virtual calls.
  std::vector<const void*> functionCode;
  std::vector<const void*> arrayEntries;
  /// Export name -> position in module->exports (looked up by string_view).
  struct NameHash {
    using is_transparent = void;
    size_t operator()(std::string_view name) const { return std::hash<std::string_view>{}(name); }
  };
  std::unordered_map<std::string, uint32_t, NameHash, std::equal_to<>> exportsByName;
};

struct StoreState;

/// A host function: the record compiled code calls through (`vm`), its
/// funcref, and the C++ callable: `body`, or for TypedFunc::wrap's
/// functions `rawCall` on `rawBody`, which take slots instead of values.
struct HostFuncRecord {
  VMHostFunction vm;
  VMFuncRef ref;
  HostFunction body;
  RawHostBody rawCall = nullptr;
  std::shared_ptr<void> rawBody;
  StoreState* store;
  /// The function's type, held by the engine's signature registry (whose
  /// references stay valid), so a call need not look it up under a lock.
  const FuncType* type = nullptr;
};

/// An instance inside a store.
struct InstanceState {
  StoreState* store;
  std::shared_ptr<const ModuleState> module;
  std::unique_ptr<VMInstance> vm;

  /// The handle for export `name`, if the module exports it.
  std::optional<Extern> getExport(std::string_view name) const;
  std::optional<Extern> externFor(const Export& entry) const;
};

/// Owns everything created in a store. Instances are destroyed in reverse
/// creation order (an importer always dies before its exporter), then the
/// host-created objects.
struct StoreState {
  StoreState(Store& owner, const Engine& engine)
      : owner(owner), engine(engine), maxWasmStack(engine.config().maxWasmStack) {}
  ~StoreState();

  /// Creates and records an instance (it stays alive even if its
  /// initialisation then fails: its funcrefs may already sit in imported tables).
  InstanceState& addInstance(std::shared_ptr<const ModuleState> module,
                             std::unique_ptr<VMInstance> vm);

  /// Calls a Wasm function's array entry as a host -> Wasm entry
  /// (`kiln::callWasmFunction`, which gives it the thread's stack limit)
  /// and turns a trap into the error the call returns: the error a host
  /// function returned, or the trap with its message and backtrace.
  std::optional<Error> callWasm(const VMFuncRef& function, ValRaw* argsAndResults);
  /// callWasm's error for a call that ended early (out of line: the common
  /// call returns normally).
  [[gnu::noinline]] Error errorOf(Abrupt abrupt, bool outermost);

  Store& owner;
  Engine engine;
  /// engine.config().maxWasmStack, read on every call into Wasm.
  const size_t maxWasmStack;
  /// The budget every memory and table of the store takes from (declared
  /// before them: it must outlive them, they give back what they took).
  StoreLimiter limiter;
  /// Every exception thrown in the store (declared before the instances,
  /// whose code allocates in it, and after nothing that reads it later).
  ExceptionHeap exceptions;
  std::vector<std::unique_ptr<InstanceState>> instances;
  std::vector<std::unique_ptr<HostFuncRecord>> hostFunctions;
  std::vector<std::unique_ptr<VMMemory>> memories;
  /// Shared memories given to the store (SharedMemory::in), once each.
  std::vector<std::shared_ptr<VMMemory>> sharedMemories;
  std::vector<std::unique_ptr<VMTable>> tables;
  std::vector<std::unique_ptr<VMGlobal>> globals;
  std::vector<std::shared_ptr<VMTag>> tags;
  /// Guards `instances` against `Store::interrupt` from another thread.
  std::mutex instancesMutex;
  /// Fuel consumed minus fuel given (Store::setFuel): compiled code adds
  /// each stretch's cost and traps when the sum would pass 0. Every call
  /// into the store's Wasm code counts here, so all its instances share
  /// the budget.
  int64_t fuelConsumed = 0;
  /// &fuelConsumed when the engine meters fuel, else null: compiled code
  /// keeps the count in a register while it runs, which each entry into it
  /// loads and stores back (docs/fuel.md, "Cost").
  int64_t* const meteredFuel = engine.config().consumeFuel ? &fuelConsumed : nullptr;
  /// Host -> Wasm entries into this store now active on its thread.
  uint32_t activeCalls = 0;
};

/// Opens the public handles (include/kiln) to the runtime: their state, and
/// handles made from it. The handles befriend it; nothing outside
/// src/runtime sees it.
struct Access {
  static EngineState& state(const Engine& engine) { return *engine.state_; }
  static StoreState& state(const Store& store) { return *store.state_; }
  static const ModuleState& state(const Module& module) { return *module.state_; }
  static InstanceState& state(const Instance& instance) { return *instance.state_; }
  static const VMFuncRef& vmFuncRef(const Func& func) { return *func.ref_; }
  static VMMemory& vmMemory(const Memory& memory) { return *memory.memory_; }
  static VMTable& vmTable(const Table& table) { return *table.table_; }
  static VMGlobal& vmGlobal(const Global& global) { return *global.global_; }
  static const VMTag& vmTag(const Tag& tag) { return *tag.tag_; }

  static Module module(std::shared_ptr<ModuleState> state) { return Module(std::move(state)); }
  static Instance instance(InstanceState* state) { return Instance(state); }
  static Func func(StoreState* store, const VMFuncRef* ref) { return Func(store, ref); }
  static Memory memory(StoreState* store, VMMemory* memory) { return Memory(store, memory); }
  static Table table(StoreState* store, VMTable* table) { return Table(store, table); }
  static Global global(StoreState* store, VMGlobal* global) { return Global(store, global); }
  static Tag tag(StoreState* store, const VMTag* tag) { return Tag(store, tag); }
};

/// The public description of `import`, its function or tag type given by
/// `funcType(typeIndex)`: the module's own types for `kiln inspect`, the
/// engine's canonical ones for Module::imports.
template <class FuncTypeOf>
ImportType importType(const Import& import, FuncTypeOf funcType) {
  ExternType type;
  type.kind = import.kind;
  switch (import.kind) {
    case ExternKind::Func: type.func = funcType(import.funcType.value); break;
    case ExternKind::Table: type.table = import.table; break;
    case ExternKind::Memory: type.memory = import.memory; break;
    case ExternKind::Global: type.global = import.global; break;
    case ExternKind::Tag: type.tag = funcType(import.tag.typeIndex); break;
  }
  return {import.module, import.name, std::move(type)};
}

/// A non-owning shared_ptr: the store owns the object and outlives every
/// instance that imports it, so importers need no ownership of their own.
template <class T>
std::shared_ptr<T> borrowed(T* object) {
  return std::shared_ptr<T>(std::shared_ptr<T>(), object);
}

/// The host function a funcref calls, or null for a Wasm function.
inline HostFuncRecord* hostFunctionOf(const VMFuncRef& ref) {
  if (ref.arrayCall) return nullptr;
  auto* host = reinterpret_cast<const VMHostFunction*>(ref.vmctx);
  return static_cast<HostFuncRecord*>(host->env);
}

/// Calls a host function from the host (no Wasm caller). Never throws.
std::optional<Error> callHostFunction(const HostFuncRecord& function, const FuncType& type,
                                      std::span<const Val> params, std::span<Val> results);
/// Calls a host function from the host with its arguments in `slots`, where
/// its results go (Func::callUnchecked's layout). Never throws.
std::optional<Error> callHostFunctionRaw(const HostFuncRecord& function, RawSlot* slots);
/// The callbacks VMHostFunctions point to (see vm/host_function.h): for a
/// host function with a `body`, and for one with a `rawCall`.
bool hostFunctionCallback(void* env, VMContext* caller, ValRaw* argsAndResults);
bool rawHostFunctionCallback(void* env, VMContext* caller, ValRaw* argsAndResults);
/// The error a host function returned to compiled code, taken once the Wasm
/// frames above the entry are gone; nothing if the trap came from Wasm.
std::optional<Error> takeHostError();
/// Forgets such an error (cheaper than taking it when there is none).
void discardHostError();

/// An exception of the VM as the host's value (a copy of its payload).
Exception exceptionOf(StoreState& store, const VMException& exception);
/// The host's exception as one compiled code can raise, allocated in the
/// store's heap; an error of kind Link when its payload does not match its
/// tag's type, Resource when memory runs out.
Expected<VMException*, Error> vmExceptionOf(StoreState& store, const Exception& exception);

}  // namespace kiln::runtime
