// Lazy compilation (docs/compiler.md, "Lazy compilation"): a function is
// compiled at its first call and its slot then jumps straight to the code;
// threads racing on fresh functions compile each once; a first call deep in
// the stack compiles on another thread; traps and backtraces work in lazily
// compiled code; a module dropped while its background compile runs is
// torn down cleanly; what the compiler refuses is refused before anything runs.
#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <thread>

#include "compiler/x64/function_compiler.h"
#include "compiler/x64/lazy_module.h"
#include "compiler_harness.h"
#include "vm/call_state.h"
#include "../validate/module_builder.h"
#include "validate/parse_module.h"

namespace kiln::test {
namespace {

/// Lazy, and nothing compiled in the background: only calls compile.
constexpr CompilerMode kForeground{"LazyForeground", false, false, CpuLevel::Host,
                                   CompileStrategy::Lazy, 1};

/// The defined index of export `name`.
uint32_t definedOf(const WasmModule& module, const std::string& name) {
  for (const Export& e : module.exports) {
    if (e.name == name && e.kind == ExternKind::Func) return e.index - module.importedFunctionCount();
  }
  ADD_FAILURE() << "no export " << name;
  return 0;
}

/// Where the `call rel32` (0xE8: not compiled yet) or `jmp rel32` (0xE9)
/// at `slot` goes.
const uint8_t* jumpTarget(const void* slot, uint8_t opcode) {
  const uint8_t* bytes = static_cast<const uint8_t*>(slot);
  EXPECT_EQ(bytes[0], opcode);
  int32_t displacement;
  std::memcpy(&displacement, bytes + 1, 4);
  return bytes + 5 + displacement;
}

TEST(LazyCompileTest, FirstCallCompilesThenTheSlotJumpsStraightToTheCode) {
  CompiledInstance wasm("lazy", kForeground);
  const CompiledModule& compiled = wasm.compiled();
  const uint32_t add1 = definedOf(wasm.module(), "add1");
  const uint32_t never = definedOf(wasm.module(), "never");
  EXPECT_EQ(x64::functionsCompiled(compiled), 0u);
  EXPECT_EQ(x64::compiledCodeOf(compiled, add1), nullptr);
  // Before: the slot calls the lazy-compile trampoline.
  jumpTarget(compiled.functionCode(add1), 0xE8);

  EXPECT_EQ(wasm.result("add1", {i32(41)}).i32, 42);
  const void* code = x64::compiledCodeOf(compiled, add1);
  ASSERT_NE(code, nullptr);
  EXPECT_EQ(jumpTarget(compiled.functionCode(add1), 0xE9), code);
  // add1 and its callee plus1, nothing else.
  EXPECT_EQ(x64::functionsCompiled(compiled), 2u);
  EXPECT_EQ(x64::compiledCodeOf(compiled, never), nullptr);

  // The second call compiles nothing and goes to the same code.
  EXPECT_EQ(wasm.result("add1", {i32(1)}).i32, 2);
  EXPECT_EQ(x64::functionsCompiled(compiled), 2u);
  EXPECT_EQ(x64::compiledCodeOf(compiled, add1), code);
}

TEST(LazyCompileTest, PerfMapNamesEachFunctionAsItIsCompiled) {
  const std::string path = "/tmp/perf-" + std::to_string(getpid()) + ".map";
  auto lines = [&path] {
    std::ifstream file(path);
    std::vector<std::string> names;
    for (std::string line; std::getline(file, line);) names.push_back(line.substr(line.rfind(' ') + 1));
    return names;
  };
  std::remove(path.c_str());
  std::ifstream file(std::string(KILN_COMPILER_WASM_DIR) + "/lazy.wasm", std::ios::binary);
  auto parsed = parseModule(std::vector<uint8_t>(std::istreambuf_iterator<char>(file), {}));
  ASSERT_TRUE(parsed);
  Config config;
  config.compileStrategy = CompileStrategy::Lazy;
  config.compileThreads = 1;
  config.perfMap = true;
  auto compiled = compileModule(*parsed, config);
  ASSERT_TRUE(compiled);
  EXPECT_TRUE(lines().empty());
  SignatureRegistry signatures;
  auto instance = VMInstance::create(*parsed, config, nullptr, signatures, {});
  ASSERT_TRUE(instance);
  for (uint32_t i = 0; i < (*parsed)->functions.size(); ++i) {
    (*instance)->setFunctionCode(FuncIndex(i), (*compiled)->functionCode(i), (*compiled)->arrayEntry(i));
  }
  ASSERT_FALSE((*instance)->initialize());
  ValRaw args[1] = {i32(1)};
  ASSERT_FALSE(callWasmFunction((*compiled)->arrayEntry(definedOf(**parsed, "add1")),
                                (*instance)->vmctx(), args, kMaxWasmStack, nullptr));
  EXPECT_EQ(lines(), (std::vector<std::string>{"add1", "plus1"}));
  std::remove(path.c_str());
}

TEST(LazyCompileTest, TrapInALazilyCompiledFunctionHasItsBacktrace) {
  CompiledInstance wasm("lazy", kForeground);
  auto outcome = wasm.call("calls_divide", {i32(0)});
  ASSERT_TRUE(outcome.trap);
  EXPECT_EQ(outcome.trap->code, TrapCode::IntegerDivisionByZero);
  const std::vector<TrapFrame>& frames = outcome.trap->backtrace;
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[0].functionName, "divide");
  EXPECT_EQ(frames[1].functionName, "calls_divide");
  const std::vector<uint8_t>& bytes = wasm.module().bytes;
  EXPECT_EQ(bytes[frames[0].codeOffset], 0x6E);  // i32.div_u
  EXPECT_EQ(bytes[frames[1].codeOffset], 0x10);  // call
  // And it stays right once compiled.
  EXPECT_EQ(wasm.trapOf("calls_divide", {i32(0)}), TrapCode::IntegerDivisionByZero);
  EXPECT_EQ(wasm.result("calls_divide", {i32(1)}).i32, 1);
}

TEST(LazyCompileTest, FirstCallWithLittleStackLeftCompilesOnAnotherThread) {
  CompiledInstance wasm("lazy", kForeground);
  // The deepest recursion that fits, found with leaf 0 (compiled at once).
  uint32_t fits = 0, overflows = 1 << 20;
  while (overflows - fits > 1) {
    uint32_t depth = (fits + overflows) / 2;
    auto outcome = wasm.call("deep", {i32(int32_t(depth)), i32(0)});
    if (outcome.trap) {
      ASSERT_EQ(outcome.trap->code, TrapCode::StackOverflow);
      overflows = depth;
    } else {
      ASSERT_EQ(outcome.results.at(0).i32, 100);
      fits = depth;
    }
  }
  ASSERT_GT(fits, 100u);
  // Leaf 1's first call, a few frames from the limit.
  const uint32_t leaf1 = 4;  // add1 plus1 never leaf0 leaf1
  ASSERT_EQ(x64::compiledCodeOf(wasm.compiled(), leaf1), nullptr);
  EXPECT_EQ(wasm.result("deep", {i32(int32_t(fits - 2)), i32(1)}).i32, 101);
  EXPECT_NE(x64::compiledCodeOf(wasm.compiled(), leaf1), nullptr);
}

/// Instances of one lazily compiled module, each called from its own thread.
class SharedModule {
 public:
  explicit SharedModule(unsigned compileThreads) {
    std::ifstream file(std::string(KILN_COMPILER_WASM_DIR) + "/lazy.wasm", std::ios::binary);
    auto parsed = parseModule(std::vector<uint8_t>(std::istreambuf_iterator<char>(file), {}));
    EXPECT_TRUE(parsed);
    module_ = *parsed;
    config_.compileStrategy = CompileStrategy::Lazy;
    config_.compileThreads = compileThreads;
    compiled_ = *compileModule(module_, config_);
  }
  std::unique_ptr<VMInstance> instantiate() {
    auto instance = VMInstance::create(module_, config_, nullptr, signatures_, {});
    EXPECT_TRUE(instance);
    const uint32_t imported = module_->importedFunctionCount();
    for (uint32_t i = 0; i < module_->functions.size(); ++i) {
      (*instance)->setFunctionCode(FuncIndex(imported + i), compiled_->functionCode(i),
                                   compiled_->arrayEntry(i));
    }
    EXPECT_FALSE((*instance)->initialize());
    return std::move(*instance);
  }
  int32_t call(VMInstance& instance, const std::string& name, int32_t arg) {
    ValRaw args[2] = {i32(arg), i32(0)};
    auto abrupt = callWasmFunction(compiled_->arrayEntry(definedOf(*module_, name)),
                                   instance.vmctx(), args, kMaxWasmStack, nullptr);
    EXPECT_FALSE(abrupt);
    return args[0].i32;
  }
  const CompiledModule& compiled() const { return *compiled_; }

 private:
  std::shared_ptr<const WasmModule> module_;
  Config config_;
  SignatureRegistry signatures_;
  std::shared_ptr<CompiledModule> compiled_;
};

/// Starts `kThreads` threads at once (a spin barrier), thread t making its
/// first call through an instance of its own with `call(instance, t)`;
/// how many got the right answer (`call` says).
template <class Call>
int callFromRacingThreads(SharedModule& shared, Call call) {
  constexpr int kThreads = 8;
  std::vector<std::unique_ptr<VMInstance>> instances;
  for (int t = 0; t < kThreads; ++t) instances.push_back(shared.instantiate());
  std::atomic<int> ready{0};
  std::atomic<int> right{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      ready++;
      while (ready < kThreads) {
      }
      if (call(*instances[size_t(t)], t)) right++;
    });
  }
  for (std::thread& thread : threads) thread.join();
  return right;
}

TEST(LazyCompileTest, ThreadsRacingOnOneFreshFunctionCompileItOnce) {
  for (int round = 0; round < 20; ++round) {
    SharedModule shared(1);
    int right = callFromRacingThreads(shared, [&](VMInstance& instance, int t) {
      return shared.call(instance, "add1", t) == t + 1;
    });
    EXPECT_EQ(right, 8);
    EXPECT_EQ(x64::functionsCompiled(shared.compiled()), 2u);  // add1 and plus1, once each
  }
}

TEST(LazyCompileTest, ThreadsCallingDifferentFreshFunctionsAtOnce) {
  for (int round = 0; round < 20; ++round) {
    SharedModule shared(round % 2 ? 1 : 0);  // with and without background threads
    int right = callFromRacingThreads(shared, [&](VMInstance& instance, int t) {
      // Appended, not "t" + ...: g++ 12 -O3 warns about that (a false -Wrestrict).
      std::string name = "t";
      name += std::to_string(t % 4);
      return shared.call(instance, name, 0) == 100 + t % 4;
    });
    EXPECT_EQ(right, 8);
  }
}

/// A module of `count` functions, each with a body long enough to take a
/// while to compile.
std::shared_ptr<const WasmModule> manyFunctions(uint32_t count) {
  ModuleBuilder builder;
  const uint32_t type = builder.addType({ValType::I32}, {ValType::I32});
  Bytes body;
  for (int i = 0; i < 200; ++i) {
    body = cat({body, {0x20, 0x00}, {0x41}, sleb(i), {0x6A, 0x21, 0x00}});  // local.set 0 (local.get 0 + i)
  }
  body = cat({body, {0x20, 0x00, 0x0B}});
  for (uint32_t i = 0; i < count; ++i) builder.addFunction(type, body);
  builder.addExport("f", ExternKind::Func, 0);
  auto parsed = parseModule(builder.build());
  EXPECT_TRUE(parsed) << parsed.error().toString();
  return parsed ? *parsed : nullptr;
}

TEST(LazyCompileTest, ModuleDroppedWhileItsBackgroundCompileRuns) {
  auto module = manyFunctions(2000);
  ASSERT_TRUE(module);
  Config config;
  config.compileStrategy = CompileStrategy::Lazy;
  config.compileThreads = 3;  // two background threads
  for (int round = 0; round < 10; ++round) {
    auto compiled = compileModule(module, config);
    ASSERT_TRUE(compiled);
    // Let the background threads start on some, not all.
    std::this_thread::sleep_for(std::chrono::milliseconds(round));
    EXPECT_LT(x64::functionsCompiled(**compiled), 2000u);
  }
  // Given time, the background compiles everything.
  auto compiled = compileModule(module, config);
  ASSERT_TRUE(compiled);
  for (int wait = 0; wait < 3000 && x64::functionsCompiled(**compiled) < 2000; ++wait) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(x64::functionsCompiled(**compiled), 2000u);
}

/// compileModule's result for `module` compiled eagerly and lazily: both
/// refuse it, with the same error.
void expectRefusedAlike(const std::shared_ptr<const WasmModule>& module, Feature feature) {
  ASSERT_TRUE(module);
  Config eager;
  eager.compileStrategy = CompileStrategy::Eager;
  Config lazy;
  lazy.compileStrategy = CompileStrategy::Lazy;
  auto eagerly = compileModule(module, eager);
  auto lazily = compileModule(module, lazy);
  ASSERT_FALSE(eagerly);
  ASSERT_FALSE(lazily);
  EXPECT_EQ(lazily.error().kind, CompileError::Kind::Unsupported);
  EXPECT_EQ(lazily.error().feature, feature);
  EXPECT_EQ(lazily.error().message, eagerly.error().message);
  EXPECT_EQ(lazily.error().offset, eagerly.error().offset);
}

std::shared_ptr<const WasmModule> withSecondFunction(Bytes code,
                                                     std::vector<std::pair<uint32_t, ValType>> locals = {}) {
  ModuleBuilder builder;
  const uint32_t type = builder.addType({}, {});
  builder.addFunction(type, {0x0B});
  builder.addFunction(type, std::move(code), std::move(locals));
  auto parsed = parseModule(builder.build());
  EXPECT_TRUE(parsed) << parsed.error().toString();
  return parsed ? *parsed : nullptr;
}

TEST(LazyCompileTest, UnsupportedInstructionIsRefusedBeforeAnythingRuns) {
  // ref.i31 (GC): i32.const 1, ref.i31, drop.
  expectRefusedAlike(withSecondFunction({0x41, 0x01, 0xFB, 0x1C, 0x1A, 0x0B}), Feature::Gc);
}

TEST(LazyCompileTest, UnsupportedTypeInAnImmediateIsRefusedBeforeAnythingRuns) {
  // ref.null any, drop: a reference-types instruction with a GC type.
  expectRefusedAlike(withSecondFunction({0xD0, 0x6E, 0x1A, 0x0B}), Feature::Gc);
}

TEST(LazyCompileTest, UnsupportedLocalTypeIsRefusedBeforeAnythingRuns) {
  expectRefusedAlike(withSecondFunction({0x0B}, {{1, ValType::ref(HeapType(HeapType::kAny), true)}}),
                     Feature::Gc);
}

TEST(LazyCompileTest, AutoIsLazyFromTheThreshold) {
  auto module = manyFunctions(10);
  ASSERT_TRUE(module);
  Config config;
  config.compileThreads = 1;
  config.lazyThreshold = module->functions[0].codeEnd - module->functions[0].codeOffset;
  EXPECT_TRUE(x64::compilesLazily(*module, config));
  config.lazyThreshold = 10 * config.lazyThreshold + 1;
  EXPECT_FALSE(x64::compilesLazily(*module, config));
  config.compileStrategy = CompileStrategy::Lazy;
  EXPECT_TRUE(x64::compilesLazily(*module, config));
}

}  // namespace
}  // namespace kiln::test
