// An instance of a module: its VMContext and the memories, tables, globals
// and segment state that compiled code and libcalls work on.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "binary/module.h"
#include "types/expected.h"
#include "types/trap_code.h"
#include "vm/exception.h"
#include "vm/global.h"
#include "vm/memory.h"
#include "vm/resource_limiter.h"
#include "vm/signature_registry.h"
#include "vm/table.h"
#include "vm/vm_offsets.h"
#include "vm/vmcontext.h"

namespace kiln {

/// The entities an instance imports, already resolved and type-checked: one
/// per import of each kind, in the order of the module's imports.
struct InstanceImports {
  std::vector<VMFunctionImport> functions;
  /// The array-call entries of the imported functions, copied into their
  /// funcrefs (null for host functions). Empty: all null.
  std::vector<const void*> functionArrayCalls;
  std::vector<std::shared_ptr<VMTable>> tables;
  std::vector<std::shared_ptr<VMMemory>> memories;
  std::vector<std::shared_ptr<VMGlobal>> globals;
  std::vector<std::shared_ptr<const VMTag>> tags;
};

/// An instance. Imported memories, tables and globals are shared with their
/// owner; an owner must outlive the instances importing its globals (a
/// store owns all its instances, which guarantees it).
class VMInstance {
 public:
  /// Lays out the VMContext and creates the defined memories (zeroed, at
  /// their minimum), tables (null elements) and globals (zero). Runs no
  /// initialiser: global initialisers, active segments and the start function
  /// are instantiation's job. Declarative element segments start dropped.
  /// With `image` (the module's MemoryImage), a defined memory 0 may start
  /// as the image, and initialize() then leaves the data segments to it.
  /// The defined memories and tables take their sizes from `limiter` (the
  /// store's budget; null: none), which must outlive them.
  static Expected<std::unique_ptr<VMInstance>, std::string> create(
      std::shared_ptr<const WasmModule> module, const Config& config, MemoryPool* pool,
      SignatureRegistry& signatures, InstanceImports imports, const MemoryImage* image = nullptr,
      VMResourceLimiter* limiter = nullptr);
  ~VMInstance();
  VMInstance(const VMInstance&) = delete;
  VMInstance& operator=(const VMInstance&) = delete;

  /// The instance a vmctx belongs to.
  static VMInstance* fromVMContext(VMContext* vmctx) {
    return reinterpret_cast<VMContextHeader*>(vmctx)->instance;
  }

  const WasmModule& module() const { return *module_; }
  const VMOffsets& offsets() const { return offsets_; }
  VMContext* vmctx() const { return vmctx_; }
  /// The VMContext record at `offset`, typed.
  template <class T>
  T* at(uint32_t offset) const {
    return reinterpret_cast<T*>(reinterpret_cast<uint8_t*>(vmctx_) + offset);
  }

  /// Entities by their module index (imports first).
  VMMemory& memory(MemoryIndex index) const { return *memories_[index.value]; }
  VMTable& table(TableIndex index) const { return *tables_[index.value]; }
  VMGlobal& global(GlobalIndex index) const { return *globals_[index.value]; }
  std::shared_ptr<VMMemory> sharedMemory(MemoryIndex index) const { return memories_[index.value]; }
  std::shared_ptr<VMTable> sharedTable(TableIndex index) const { return tables_[index.value]; }
  std::shared_ptr<VMGlobal> sharedGlobal(GlobalIndex index) const { return globals_[index.value]; }
  /// Tags by their module index (imports first): an imported one is the
  /// exporter's object, which is what makes it the same tag.
  const VMTag& tag(uint32_t index) const { return *tags_[index]; }
  /// Where this instance's `throw`s allocate their exceptions (the store's heap).
  ExceptionHeap* exceptionHeap() const { return exceptionHeap_; }
  void setExceptionHeap(ExceptionHeap* heap) { exceptionHeap_ = heap; }
  VMFuncRef* funcRef(FuncIndex index) const { return at<VMFuncRef>(offsets_.funcRef(index.value)); }
  /// Sets the entry points of a defined function (what the compiler
  /// produced): native `code` and the host's `arrayCall` entry.
  void setFunctionCode(FuncIndex index, const void* code, const void* arrayCall = nullptr) {
    funcRef(index)->code = code;
    funcRef(index)->arrayCall = arrayCall;
  }

  /// Runs the module's initialisers in the spec's order: globals from their
  /// constant expressions, then active element segments (table.init
  /// semantics, then dropped), then active data segments (memory.init, then
  /// dropped). Stops at the first segment out of bounds and returns its trap;
  /// what earlier segments wrote stays written. The start function is the
  /// caller's to run (it may be a host function). When memory 0 holds the
  /// module's image, the active data segments are only dropped: they are in
  /// it. The memory is this instance's own and no code runs before the start
  /// function, so nobody sees the data early; and when an element segment
  /// traps, the data segments' bytes are zeroed again before returning, for
  /// a funcref the failed instance left in an imported table can still reach
  /// its memory (docs/vm.md, "Memory images and failed instantiation").
  std::optional<TrapCode> initialize();

  /// The embedder's record of this instance (the runtime's InstanceState).
  void* embedderData() const { return embedderData_; }
  void setEmbedderData(void* data) { embedderData_ = data; }

  /// A data segment's bytes; empty once dropped.
  std::span<const uint8_t> dataSegment(DataIndex index) const;
  void dropData(DataIndex index) { dataDropped_[index.value] = true; }
  /// An element segment's resolved references; empty once dropped.
  std::span<void* const> elementSegment(ElemIndex index) const { return elements_[index.value]; }
  void dropElement(ElemIndex index);
  /// Evaluates the items of every undropped element segment (ref.func,
  /// ref.null, global.get) against the current globals.
  void resolveElementSegments();

 private:
  VMInstance(std::shared_ptr<const WasmModule> module, VMContext* vmctx);
  void initializeGlobals();
  /// Makes memory 0, which holds the module's image, read as if no data
  /// segment had been applied (an element segment trapped before them).
  void unapplyImage();
  /// The value of a constant expression the VM evaluates (isEvaluable in
  /// vm/const_expr.h) against the current globals.
  VMGlobalDefinition evaluate(const ConstExpr& expr) const;
  /// A segment's offset: the value of `offset`, an i32 or (memory64,
  /// table64) an i64 by the address type of its memory or table.
  uint64_t addressOf(const ConstExpr& offset, AddressType type) const;

  std::shared_ptr<const WasmModule> module_;
  VMOffsets offsets_;
  VMContext* vmctx_;
  std::vector<std::shared_ptr<VMMemory>> memories_;
  std::vector<std::shared_ptr<VMTable>> tables_;
  std::vector<std::shared_ptr<VMGlobal>> globals_;
  std::vector<std::shared_ptr<const VMTag>> tags_;
  ExceptionHeap* exceptionHeap_ = nullptr;
  std::vector<bool> dataDropped_;
  std::vector<std::vector<void*>> elements_;
  std::vector<bool> elementDropped_;
  void* embedderData_ = nullptr;
};

}  // namespace kiln
