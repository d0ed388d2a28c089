#include <atomic>

#include "runtime/runtime_state.h"
#include "vm/call_state.h"

namespace kiln {

namespace runtime {

namespace {

/// The stack limit granularity: limits are rounded down to it so that calls
/// made from slightly different host stack depths share one limit and do not
/// rewrite every instance's VMContext.
constexpr uintptr_t kStackLimitGranule = 64 * 1024;

}  // namespace

StoreState::~StoreState() {
  while (!instances.empty()) instances.pop_back();
}

InstanceState& StoreState::addInstance(std::shared_ptr<const ModuleState> module,
                                       std::unique_ptr<VMInstance> vm) {
  auto state = std::make_unique<InstanceState>(InstanceState{this, std::move(module), std::move(vm)});
  state->vm->setEmbedderData(state.get());
  state->vm->at<VMContextHeader>(0)->stackLimit = appliedStackLimit;
  std::lock_guard lock(instancesMutex);
  instances.push_back(std::move(state));
  return *instances.back();
}

void StoreState::applyStackLimit(uintptr_t limit) {
  if (limit == appliedStackLimit) return;
  appliedStackLimit = limit;
  // Every instance, not only the callee: Wasm code may call into any instance
  // of the store (imports, tables), and each prologue checks its own vmctx.
  for (const auto& instance : instances) {
    instance->vm->at<VMContextHeader>(0)->stackLimit = limit;
  }
}

std::optional<Error> StoreState::callWasm(const VMFuncRef& function, ValRaw* argsAndResults) {
  bool outermost = activeCalls == 0;
  if (outermost) {
    auto stackPointer = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
    size_t maxStack = engine.config().maxWasmStack;
    uintptr_t limit = stackPointer > maxStack ? stackPointer - maxStack : 0;
    applyStackLimit(limit & ~(kStackLimitGranule - 1));
    takeHostError();  // a stale one must not be mistaken for this call's
  }
  ++activeCalls;
  std::optional<Trap> trap = kiln::callWasm(function.arrayCall, function.vmctx, argsAndResults);
  --activeCalls;
  if (!trap) return std::nullopt;
  if (outermost && trap->code == TrapCode::Interrupt) {
    // The interrupt has been delivered; later calls run normally.
    std::lock_guard lock(instancesMutex);
    for (const auto& instance : instances) {
      std::atomic_ref(instance->vm->at<VMContextHeader>(0)->interruptRequested)
          .store(0, std::memory_order_relaxed);
    }
  }
  // A host function's error stopped the Wasm code: the call returns it
  // rather than the trap it was raised as.
  if (std::optional<Error> hostError = takeHostError()) return hostError;
  return Error(std::move(*trap));
}

}  // namespace runtime

Store::Store(const Engine& engine) : state_(std::make_unique<runtime::StoreState>(*this, engine)) {}

Store::~Store() = default;

const Engine& Store::engine() const { return state_->engine; }

void Store::interrupt() {
  std::lock_guard lock(state_->instancesMutex);
  for (const auto& instance : state_->instances) {
    std::atomic_ref(instance->vm->at<VMContextHeader>(0)->interruptRequested)
        .store(1, std::memory_order_relaxed);
  }
}

}  // namespace kiln
