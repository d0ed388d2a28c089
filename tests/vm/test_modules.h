// Hand-built modules and instances for the VM tests (the VM layer must be
// testable without the decoder).
#pragma once

#include <memory>
#include <vector>

#include "binary/module.h"
#include "vm/instance.h"

namespace kiln::test {

/// Appends an import of `kind` to `module`, keeping importsByKind in step.
Import& addImport(WasmModule& module, ExternKind kind);

/// A module with one defined memory of `min` pages and optional maximum.
std::shared_ptr<WasmModule> memoryModule(uint32_t min, std::optional<uint32_t> max);

/// Creates an instance or fails the calling test.
std::unique_ptr<VMInstance> instantiate(std::shared_ptr<const WasmModule> module,
                                      InstanceImports imports = {}, const Config& config = {},
                                      MemoryPool* pool = nullptr);

/// The registry the tests share.
SignatureRegistry& testSignatures();

}  // namespace kiln::test
