#include "runtime/runtime_state.h"

namespace kiln {

namespace runtime {

EngineState::EngineState(const Config& config) : config(config) {
  vmConfig.memory.maxPages = config.maxMemoryPages;
  vmConfig.maxTableElements = config.maxTableElements;
  if (config.memoryMode == MemoryMode::BoundsChecks) {
    memoryPool = std::make_unique<MemoryPool>();
    vmConfig.memory.strategy = MemoryStrategy::BoundsChecks;
    vmConfig.memory.pool = memoryPool.get();
  }
  compilerOptions.boundsChecks = config.memoryMode == MemoryMode::BoundsChecks;
  compilerOptions.forceLibcalls = config.forceLibcalls;
  compilerOptions.interruptible = config.interruptible;
  compilerOptions.perfMap = config.perfMap;
  compilerOptions.threads = config.compileThreads;
}

}  // namespace runtime

Engine::Engine(const Config& config) : state_(std::make_shared<runtime::EngineState>(config)) {}

const Config& Engine::config() const { return state_->config; }

}  // namespace kiln
