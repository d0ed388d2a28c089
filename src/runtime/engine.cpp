#include "runtime/runtime_state.h"

namespace kiln {

namespace runtime {

EngineState::EngineState(const Config& config) : config(config) {
  if (config.memoryMode == MemoryMode::BoundsChecks) memoryPool = std::make_unique<MemoryPool>();
}

}  // namespace runtime

Engine::Engine(const Config& config) : state_(std::make_shared<runtime::EngineState>(config)) {}

const Config& Engine::config() const { return state_->config; }

}  // namespace kiln
