// kiln.h's engine options: fields of the kiln::Config behind wasm_config_t.
#include "objects.h"

using namespace kiln;

static_assert(KILN_MEMORY_GUARD_PAGES == uint8_t(MemoryMode::GuardPages));
static_assert(KILN_MEMORY_BOUNDS_CHECKS == uint8_t(MemoryMode::BoundsChecks));

void kiln_config_memory_mode(wasm_config_t* config, kiln_memory_mode_t mode) {
  if (config && mode <= KILN_MEMORY_BOUNDS_CHECKS) config->config.memoryMode = MemoryMode(mode);
}

void kiln_config_max_wasm_stack(wasm_config_t* config, size_t bytes) {
  if (config) config->config.maxWasmStack = bytes;
}

void kiln_config_force_libcalls(wasm_config_t* config, bool enable) {
  if (config) config->config.forceLibcalls = enable;
}

void kiln_config_consume_fuel(wasm_config_t* config, bool enable) {
  if (config) config->config.consumeFuel = enable;
}

void kiln_config_interruptible(wasm_config_t* config, bool enable) {
  if (config) config->config.interruptible = enable;
}

void kiln_config_cache(wasm_config_t* config, const char* directory, uint64_t maxBytes) {
  if (!config) return;
  config->config.cacheDirectory = directory ? directory : "";
  config->config.cacheMaxBytes = maxBytes ? maxBytes : kiln::Config{}.cacheMaxBytes;
}
