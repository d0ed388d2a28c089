#include <algorithm>
#include <atomic>
#include <cstdint>

#include "runtime/runtime_state.h"
#include "vm/call_state.h"

namespace kiln {

namespace runtime {

StoreState::~StoreState() {
  while (!instances.empty()) instances.pop_back();
}

InstanceState& StoreState::addInstance(std::shared_ptr<const ModuleState> module,
                                       std::unique_ptr<VMInstance> vm) {
  auto state = std::make_unique<InstanceState>(InstanceState{this, std::move(module), std::move(vm)});
  state->vm->setEmbedderData(state.get());
  std::lock_guard lock(instancesMutex);
  instances.push_back(std::move(state));
  return *instances.back();
}

std::optional<Error> StoreState::callWasm(const VMFuncRef& function, ValRaw* argsAndResults) {
  bool outermost = activeCalls == 0;
  if (outermost) discardHostError();  // a stale one must not be mistaken for this call's
  ++activeCalls;
  std::optional<Abrupt> abrupt =
      kiln::callWasmFunction(function.arrayCall, function.vmctx, argsAndResults, maxWasmStack,
                             meteredFuel);
  --activeCalls;
  if (!abrupt) [[likely]] return std::nullopt;
  return errorOf(std::move(*abrupt), outermost);
}

Error StoreState::errorOf(Abrupt abrupt, bool outermost) {
  // No Wasm handler caught it: the host gets it as a value.
  if (abrupt.exception) return Error(exceptionOf(*this, *abrupt.exception));
  std::optional<Trap>& trap = abrupt.trap;
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
  if (std::optional<Error> hostError = takeHostError()) {
    // A host function's trap is given the Wasm frames that called it (a
    // trap from deeper, nested Wasm code keeps its own).
    // Rebuilt through Error(Trap), which names the innermost frame.
    if (hostError->trap && hostError->trap->backtrace.empty()) {
      Trap hostTrap = std::move(*hostError->trap);
      hostTrap.backtrace = std::move(trap->backtrace);
      hostTrap.elidedFrames = trap->elidedFrames;
      hostTrap.elidedAt = trap->elidedAt;
      return Error(std::move(hostTrap));
    }
    return std::move(*hostError);
  }
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

bool Store::setFuel(uint64_t fuel) {
  if (!state_->engine.config().consumeFuel) return false;
  state_->fuelConsumed = -int64_t(std::min<uint64_t>(fuel, INT64_MAX));
  return true;
}

std::optional<uint64_t> Store::fuel() const {
  if (!state_->engine.config().consumeFuel) return std::nullopt;
  // Over 0 after a stretch that could not be paid for (it trapped instead).
  return state_->fuelConsumed >= 0 ? 0 : uint64_t(-state_->fuelConsumed);
}

void Store::setLimits(const StoreLimits& limits) { state_->limiter.limits = limits; }

const StoreLimits& Store::limits() const { return state_->limiter.limits; }

StoreUsage Store::usage() const { return state_->limiter.usage; }

void Store::setResourceLimiter(std::shared_ptr<ResourceLimiter> limiter) {
  state_->limiter.host = std::move(limiter);
}

}  // namespace kiln
