// Compiles a test module and calls its exports through the VM layer alone
// (VMInstance::create + setFunctionCode + callWasm), so that the compiler's
// tests depend on nothing above the compiler; and the fixture of the tests
// that run one module under every compiler mode.
#pragma once

#include <gtest/gtest.h>

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
  CpuLevel cpu;
  CompileStrategy strategy = CompileStrategy::Eager;
  unsigned compileThreads = 0;  // Config::compileThreads
};
inline constexpr CompilerMode kCompilerModes[] = {
    {"GuardPages", false, false, CpuLevel::Host},
    {"BoundsChecksLibcalls", true, true, CpuLevel::Host},
    // x86-64-v2 only: no AVX forms, no lzcnt/tzcnt.
    {"Baseline", false, false, CpuLevel::Baseline},
    // Each function compiled at its first call, the rest in the background.
    {"Lazy", false, false, CpuLevel::Host, CompileStrategy::Lazy},
};

/// The Wasm stack budget of the harness's calls (the engine's default).
constexpr size_t kMaxWasmStack = 1 << 20;

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
  /// The first result of a call that must return (a trap fails the test);
  /// zero when it traps or returns nothing.
  ValRaw result(const std::string& name, std::vector<ValRaw> args);
  /// The code of the trap the call ends with, or nothing when it returns.
  std::optional<TrapCode> trapOf(const std::string& name, std::vector<ValRaw> args);

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

/// A test of one module of tests/compiler/wat under each of kCompilerModes:
/// `wasm` is its instance, and the call helpers return a call's first result
/// (failing the test if the call traps) or the code it traps with.
class CompilerTest : public ::testing::TestWithParam<CompilerMode> {
 protected:
  explicit CompilerTest(const std::string& module) : wasm(module, GetParam()) {}

  ValRaw call(const std::string& name, std::vector<ValRaw> args) {
    return wasm.result(name, std::move(args));
  }
  int32_t callI32(const std::string& name, std::vector<ValRaw> args) {
    return wasm.result(name, std::move(args)).i32;
  }
  int64_t callI64(const std::string& name, std::vector<ValRaw> args) {
    return wasm.result(name, std::move(args)).i64;
  }
  float callF32(const std::string& name, std::vector<ValRaw> args) {
    return asF32(wasm.result(name, std::move(args)));
  }
  double callF64(const std::string& name, std::vector<ValRaw> args) {
    return asF64(wasm.result(name, std::move(args)));
  }
  std::optional<TrapCode> trapOf(const std::string& name, std::vector<ValRaw> args) {
    return wasm.trapOf(name, std::move(args));
  }

  CompiledInstance wasm;
};

}  // namespace kiln::test
