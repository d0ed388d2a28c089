#include "test_modules.h"

#include <gtest/gtest.h>

namespace kiln::test {

Import& addImport(WasmModule& module, ExternKind kind) {
  module.importsByKind[size_t(kind)].push_back(uint32_t(module.imports.size()));
  Import& import = module.imports.emplace_back();
  import.module = "env";
  import.name = "import" + std::to_string(module.imports.size());
  import.kind = kind;
  return import;
}

std::shared_ptr<WasmModule> memoryModule(uint32_t min, std::optional<uint32_t> max) {
  auto module = std::make_shared<WasmModule>();
  module->memories.push_back(MemoryType{Limits{min, max}});
  return module;
}

std::unique_ptr<VMInstance> instantiate(std::shared_ptr<const WasmModule> module, InstanceImports imports,
                                      const Config& config, MemoryPool* pool) {
  auto instance =
      VMInstance::create(std::move(module), config, pool, testSignatures(), std::move(imports));
  EXPECT_TRUE(instance.hasValue()) << (instance ? "" : instance.error());
  return instance ? std::move(instance.value()) : nullptr;
}

SignatureRegistry& testSignatures() {
  static SignatureRegistry registry;
  return registry;
}

}  // namespace kiln::test
