#include "compiler_harness.h"

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <iterator>

#include "validate/parse_module.h"
#include "vm/call_state.h"

namespace kiln::test {

CompiledInstance::CompiledInstance(const std::string& name, const CompilerMode& mode,
                                   InstanceImports imports) {
  std::ifstream file(std::string(KILN_COMPILER_WASM_DIR) + "/" + name + ".wasm", std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(file)), {});
  auto parsed = parseModule(std::move(bytes));
  if (!parsed) {
    ADD_FAILURE() << "cannot parse " << name;
    return;
  }
  module_ = *parsed;
  Config config;
  config.memoryMode = mode.boundsChecks ? MemoryMode::BoundsChecks : MemoryMode::GuardPages;
  config.forceLibcalls = mode.forceLibcalls;
  config.cpu = mode.cpu;
  config.compileStrategy = mode.strategy;
  config.compileThreads = mode.compileThreads;
  auto compiled = compileModule(module_, config);
  if (!compiled) {
    ADD_FAILURE() << "cannot compile " << name << ": " << compiled.error().message;
    return;
  }
  compiled_ = *compiled;
  auto instance = VMInstance::create(module_, config, nullptr, signatures_, std::move(imports));
  if (!instance) {
    ADD_FAILURE() << "cannot instantiate " << name << ": " << instance.error();
    return;
  }
  instance_ = std::move(*instance);
  uint32_t imported = module_->importedFunctionCount();
  for (uint32_t i = 0; i < module_->functions.size(); ++i) {
    instance_->setFunctionCode(FuncIndex(imported + i), compiled_->functionCode(i),
                               compiled_->arrayEntry(i));
  }
  if (instance_->initialize()) ADD_FAILURE() << "initialisation trapped";
}

VMFunctionImport CompiledInstance::functionImport(const std::string& name) const {
  for (const Export& e : module_->exports) {
    if (e.name != name || e.kind != ExternKind::Func) continue;
    const VMFuncRef* ref = instance_->funcRef(FuncIndex(e.index));
    return {ref->code, ref->vmctx};
  }
  ADD_FAILURE() << "no export " << name;
  return {};
}

CompiledInstance::Outcome CompiledInstance::call(const std::string& name, std::vector<ValRaw> args) {
  Outcome outcome;
  for (const Export& e : module_->exports) {
    if (e.name != name || e.kind != ExternKind::Func) continue;
    const FuncType& type = module_->functionType(FuncIndex(e.index));
    args.resize(std::max({args.size(), type.results.size(), size_t(1)}));
    const void* entry = compiled_->arrayEntry(e.index - module_->importedFunctionCount());
    std::optional<Abrupt> abrupt =
        callWasmFunction(entry, instance_->vmctx(), args.data(), kMaxWasmStack, nullptr);
    // The harness runs modules without tags: only traps stop them.
    if (abrupt) outcome.trap = abrupt->trap;
    if (!abrupt) {
      args.resize(type.results.size());
      outcome.results = std::move(args);
    }
    return outcome;
  }
  ADD_FAILURE() << "no export " << name;
  return outcome;
}

ValRaw CompiledInstance::result(const std::string& name, std::vector<ValRaw> args) {
  Outcome outcome = call(name, std::move(args));
  EXPECT_FALSE(outcome.trap) << name << ": " << outcome.trap->message;
  return outcome.trap || outcome.results.empty() ? ValRaw{} : outcome.results[0];
}

std::optional<TrapCode> CompiledInstance::trapOf(const std::string& name,
                                                 std::vector<ValRaw> args) {
  Outcome outcome = call(name, std::move(args));
  if (!outcome.trap) return std::nullopt;
  return outcome.trap->code;
}

ValRaw f32(float v) {
  ValRaw r{};
  std::memcpy(&r.f32Bits, &v, 4);
  return r;
}
ValRaw f64(double v) {
  ValRaw r{};
  std::memcpy(&r.f64Bits, &v, 8);
  return r;
}
float asF32(const ValRaw& v) {
  float f;
  std::memcpy(&f, &v.f32Bits, 4);
  return f;
}
double asF64(const ValRaw& v) {
  double d;
  std::memcpy(&d, &v.f64Bits, 8);
  return d;
}

}  // namespace kiln::test
