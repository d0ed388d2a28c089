#include "compiler/x64/module_registry.h"

#include <map>
#include <mutex>
#include <shared_mutex>

#include "binary/module_error.h"
#include "vm/instance.h"

namespace kiln::x64 {

namespace {

/// Every live module's code by its start.
class ModuleRegistry {
 public:
  static ModuleRegistry& instance() {
    // Never destroyed: a lazily compiled module's background threads may
    // still register code while the process exits.
    static ModuleRegistry* registry = new ModuleRegistry;
    return *registry;
  }
  ModuleRegistry() {
    // Traps resolve their frames here (see CallState::takePendingTrap).
    setFrameResolver([](uintptr_t pc, bool faulting, TrapFrame& frame) {
      return instance().frameAt(pc, faulting, frame);
    });
    // Exceptions find their handlers here (see CallState::findHandler).
    setHandlerResolver([](uintptr_t pc, uintptr_t fp, uintptr_t stopFp, VMException& exception,
                          ResumePoint& landing) {
      return instance().findHandler(pc, fp, stopFp, exception, landing);
    });
  }
  void add(uintptr_t begin, const RegisteredCode* code) {
    std::unique_lock lock(mutex_);
    modules_[begin] = code;
  }
  void remove(uintptr_t begin) {
    std::unique_lock lock(mutex_);
    modules_.erase(begin);
  }
  bool frameAt(uintptr_t pc, bool faulting, TrapFrame& frame) const {
    std::shared_lock lock(mutex_);
    auto it = modules_.upper_bound(pc);
    if (it == modules_.begin()) return false;
    --it;
    return it->second->frameAt(pc, faulting, frame);
  }
  bool findHandler(uintptr_t pc, uintptr_t fp, uintptr_t stopFp, VMException& exception,
                   ResumePoint& landing) const {
    std::shared_lock lock(mutex_);
    const RegisteredCode* module = nullptr;
    // As CallState::recordStack walks for a trap's backtrace: each caller's
    // frame lies above its callee's, anything else means the chain left Wasm.
    while (fp != 0 && fp < stopFp && fp % 8 == 0) {
      // A return address is one past its call, which may end the module's code.
      if (!module || !module->contains(pc - 1)) module = moduleAt(pc - 1);
      if (module && module->handlerAt(pc, fp, exception, landing)) return true;
      const uintptr_t* frame = reinterpret_cast<const uintptr_t*>(fp);
      if (frame[0] <= fp) break;
      pc = frame[1];
      fp = frame[0];
    }
    return false;
  }

 private:
  /// The module whose code holds `address`, or null; under mutex_.
  const RegisteredCode* moduleAt(uintptr_t address) const {
    auto it = modules_.upper_bound(address);
    if (it == modules_.begin()) return nullptr;
    --it;
    return it->second->contains(address) ? it->second : nullptr;
  }

  mutable std::shared_mutex mutex_;
  std::map<uintptr_t, const RegisteredCode*> modules_;
};

}  // namespace

void registerCode(uintptr_t begin, const RegisteredCode* code) {
  ModuleRegistry::instance().add(begin, code);
}

void unregisterCode(uintptr_t begin) { ModuleRegistry::instance().remove(begin); }

void FrameDescriber::describe(uint32_t defined, std::optional<uint32_t> wasmOffset,
                              TrapFrame& frame) const {
  frame.functionIndex = module_.importedFunctionCount() + defined;
  frame.functionName = functionName(frame.functionIndex);
  frame.moduleName = module_.names.moduleName.value_or(std::string());
  frame.codeOffset = wasmOffset.value_or(uint32_t(module_.functions[defined].codeOffset));
  if (std::optional<uint64_t> address = dwarfAddressOf(module_, frame.codeOffset)) {
    std::optional<SourceLocation> source = lineTable().find(*address);
    if (source && source->line != 0) frame.source = std::move(source);
  }
}

/// The module's DWARF line table, read at the first backtrace that needs
/// it; empty when the module has none, or a malformed one (a trap's report
/// never fails for want of source lines).
const LineTable& FrameDescriber::lineTable() const {
  std::call_once(lineTableRead_, [this] {
    auto table = LineTable::fromModule(module_);
    if (table) lineTable_ = std::move(*table);
  });
  return lineTable_;
}

/// The name section's name for a function, else its first export name (a
/// stripped module often keeps only those), else nothing.
std::string FrameDescriber::functionName(uint32_t index) const {
  auto name = module_.names.functionNames.find(index);
  if (name != module_.names.functionNames.end()) return name->second;
  for (const Export& exported : module_.exports) {
    if (exported.kind == ExternKind::Func && exported.index == index) return exported.name;
  }
  return {};
}

bool landingPadFor(const FunctionHandlers& function, uint32_t inside, uintptr_t functionStart,
                   uintptr_t fp, VMException& exception, ResumePoint& landing) {
  int32_t index = function.innermostAt(inside);
  if (index < 0) return false;
  // Tags are matched by identity, through the frame's own instance.
  VMContext* vmctx = *reinterpret_cast<VMContext* const*>(fp - 8);
  const VMInstance& instance = *VMInstance::fromVMContext(vmctx);
  for (; index >= 0; index = function.handlers[size_t(index)].next) {
    for (const HandlerClause& clause : function.handlers[size_t(index)].clauses) {
      const bool any = clause.tag == HandlerClause::kAnyTag;
      if (!any && &instance.tag(clause.tag) != exception.tag) continue;
      if (clause.byReference) {
        exception.referenced = true;
      } else {
        instance.exceptionHeap()->release(&exception);
      }
      landing = {fp - function.frameSize, fp, functionStart + clause.pad};
      return true;
    }
  }
  return false;
}

}  // namespace kiln::x64
