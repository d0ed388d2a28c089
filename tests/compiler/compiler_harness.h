// Compiles a test module and calls its exports through the VM layer, until
// the runtime API exists: VMInstance::create + setFunctionCode + callWasm.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/compiled_module.h"
#include "types/trap.h"
#include "vm/instance.h"
#include "vm/signature_registry.h"
#include "vm/val_raw.h"

namespace kiln::test {

/// The option sets every compiler test runs under.
struct CompilerMode {
  const char* name;
  bool boundsChecks;
  bool forceLibcalls;
};
inline constexpr CompilerMode kCompilerModes[] = {
    {"GuardPages", false, false},
    {"BoundsChecksLibcalls", true, true},
};

/// One instance of `<name>.wasm` (tests/compiler/wat), compiled under `mode`.
class CompiledInstance {
 public:
  CompiledInstance(const std::string& name, const CompilerMode& mode,
                   InstanceImports imports = {});

  /// Calls export `name` with `args`; returns the results, or the trap.
  struct Outcome {
    std::vector<ValRaw> results;
    std::optional<Trap> trap;
  };
  Outcome call(const std::string& name, std::vector<ValRaw> args);

  VMInstance& instance() { return *instance_; }
  /// What another instance needs to import export `name` (a function).
  VMFunctionImport functionImport(const std::string& name) const;
  const CompiledModule& compiled() const { return *compiled_; }
  const WasmModule& module() const { return *module_; }

 private:
  std::shared_ptr<const WasmModule> module_;
  std::shared_ptr<CompiledModule> compiled_;
  SignatureRegistry signatures_;
  std::unique_ptr<VMInstance> instance_;
};

inline ValRaw i32(int32_t v) { ValRaw r{}; r.i32 = v; return r; }
inline ValRaw i64(int64_t v) { ValRaw r{}; r.i64 = v; return r; }
ValRaw f32(float v);
ValRaw f64(double v);
float asF32(const ValRaw& v);
double asF64(const ValRaw& v);

}  // namespace kiln::test
