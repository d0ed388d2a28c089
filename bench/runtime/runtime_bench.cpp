// Runtime API costs: instantiating a small module, calling into Wasm, calling
// the host from Wasm, a trap round trip through a libcall, and a tail call
// against a direct call.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <iostream>

#include "kiln/kiln.h"

namespace kiln {
namespace {

Module compile(const Engine& engine, std::string_view wat) {
  auto bytes = watToBinary(wat);
  auto module = bytes ? Module::fromBytes(engine, std::move(*bytes))
                      : Expected<Module, Error>(Unexpected{bytes.error()});
  if (!module) {
    std::cerr << module.error().toString() << "\n";
    std::exit(1);
  }
  return std::move(*module);
}

constexpr std::string_view kSmallModule = R"((module
  (memory (export "memory") 1)
  (global $counter (mut i32) (i32.const 0))
  (data (i32.const 16) "hello, world")
  (func (export "run") (result i32) (i32.load (i32.const 16))))
)";

/// Instantiation of a small module with a one-page memory (goal: < 10 µs).
/// Stores are recycled every 1000 instances so the store's bookkeeping does
/// not grow without bound.
void BM_InstantiateSmallModule(benchmark::State& state, MemoryMode mode) {
  Config config;
  config.memoryMode = mode;
  Engine engine(config);
  Module module = compile(engine, kSmallModule);
  Linker linker;
  auto store = std::make_unique<Store>(engine);
  int live = 0;
  for (auto _ : state) {
    auto instance = linker.instantiate(*store, module);
    benchmark::DoNotOptimize(instance);
    if (++live == 1000) {
      state.PauseTiming();
      store = std::make_unique<Store>(engine);
      live = 0;
      state.ResumeTiming();
    }
  }
}
BENCHMARK_CAPTURE(BM_InstantiateSmallModule, guard_pages, MemoryMode::GuardPages);
BENCHMARK_CAPTURE(BM_InstantiateSmallModule, bounds_checks, MemoryMode::BoundsChecks);

/// A fresh store, one instance, the store dropped: the per-request pattern.
/// Freed guard-page reservations are cached by the VM, so this avoids mmap.
void BM_InstantiateAndDropStore(benchmark::State& state, MemoryMode mode) {
  Config config;
  config.memoryMode = mode;
  Engine engine(config);
  Module module = compile(engine, kSmallModule);
  Linker linker;
  for (auto _ : state) {
    Store store(engine);
    benchmark::DoNotOptimize(linker.instantiate(store, module));
  }
}
BENCHMARK_CAPTURE(BM_InstantiateAndDropStore, guard_pages, MemoryMode::GuardPages);
BENCHMARK_CAPTURE(BM_InstantiateAndDropStore, bounds_checks, MemoryMode::BoundsChecks);

/// Host -> Wasm call of `(i32, i32) -> i32` through Func::call.
/// The export `add` of type (i32, i32) -> i32 of a module instantiated in `store`.
Func addFunction(Store& store) {
  Module module = compile(store.engine(), R"((module
    (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))
  )");
  return *Linker().instantiate(store, module)->getFunc("add");
}

void BM_CallWasm(benchmark::State& state) {
  Engine engine;
  Store store(engine);
  Func add = addFunction(store);
  std::vector<Val> args{Val::i32(1), Val::i32(2)};
  for (auto _ : state) benchmark::DoNotOptimize(add.call(args));
}
BENCHMARK(BM_CallWasm);

/// The same call through TypedFunc<int32_t(int32_t, int32_t)>.
void BM_CallWasmTyped(benchmark::State& state) {
  Engine engine;
  Store store(engine);
  auto add = *TypedFunc<int32_t(int32_t, int32_t)>::of(addFunction(store));
  for (auto _ : state) benchmark::DoNotOptimize(add.call(1, 2));
}
BENCHMARK(BM_CallWasmTyped);

/// Runs `loop`, which calls the host function env.inc 1000 times; time per host call.
void runHostCallLoop(benchmark::State& state, Store& store, Linker linker) {
  Module module = compile(store.engine(), R"((module
    (import "env" "inc" (func $inc (param i32) (result i32)))
    (func (export "loop") (result i32) (local $i i32) (local $acc i32)
      (loop $again
        (local.set $acc (call $inc (local.get $acc)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $again (i32.lt_u (local.get $i) (i32.const 1000))))
      (local.get $acc)))
  )");
  Instance instance = *linker.instantiate(store, module);
  auto loop = *TypedFunc<int32_t()>::of(*instance.getFunc("loop"));
  for (auto _ : state) benchmark::DoNotOptimize(loop.call());
  state.SetItemsProcessed(state.iterations() * 1000);
}

/// Wasm -> host calls to a HostFunction, which takes and returns Vals.
void BM_CallHostFromWasm(benchmark::State& state) {
  Engine engine;
  Store store(engine);
  Linker linker;
  linker.defineFunc(store, "env", "inc", FuncType{{ValType::I32}, {ValType::I32}},
                    [](Caller&, std::span<const Val> params, std::span<Val> results) {
                      results[0] = Val::i32(params[0].i32() + 1);
                      return std::optional<Error>();
                    });
  runHostCallLoop(state, store, std::move(linker));
}
BENCHMARK(BM_CallHostFromWasm);

/// The same calls to a TypedFunc<int32_t(int32_t)>::wrap function.
void BM_CallHostFromWasmTyped(benchmark::State& state) {
  Engine engine;
  Store store(engine);
  Linker linker;
  linker.define("env", "inc",
                TypedFunc<int32_t(int32_t)>::wrap(store, [](int32_t x) { return x + 1; }).func());
  runHostCallLoop(state, store, std::move(linker));
}
BENCHMARK(BM_CallHostFromWasmTyped);

/// A call whose compiled memory.copy goes out of bounds: libcall, sentinel,
/// kiln_raise_trap, resume, Trap returned (goal: < 2 µs).
void BM_TrapRoundTripThroughLibcall(benchmark::State& state) {
  Engine engine;
  Store store(engine);
  Module module = compile(engine, R"((module
    (memory 1)
    (func (export "copy") (memory.copy (i32.const 65536) (i32.const 0) (i32.const 1))))
  )");
  Instance instance = *Linker().instantiate(store, module);
  Func copy = *instance.getFunc("copy");
  for (auto _ : state) benchmark::DoNotOptimize(copy.call({}));
}
BENCHMARK(BM_TrapRoundTripThroughLibcall);

/// A host function's trap travelling back through compiled code.
void BM_TrapRoundTripThroughHostFunction(benchmark::State& state) {
  Engine engine;
  Store store(engine);
  Linker linker;
  linker.defineFunc(store, "env", "fail", FuncType{},
                    [](Caller&, std::span<const Val>, std::span<Val>) {
                      return std::optional<Trap>(Trap::fromCode(TrapCode::Unreachable));
                    });
  Module module = compile(engine, R"((module
    (import "env" "fail" (func $fail))
    (func (export "run") (call $fail)))
  )");
  Instance instance = *linker.instantiate(store, module);
  Func run = *instance.getFunc("run");
  for (auto _ : state) benchmark::DoNotOptimize(run.call({}));
}
BENCHMARK(BM_TrapRoundTripThroughHostFunction);

/// A chain of kChainSteps calls of a one-parameter function to itself,
/// through `call` (each step a frame, then the returns) or `return_call`
/// (each step replaces the frame), or `return_call`s that alternate with a
/// callee of eight parameters (the first step grows the argument area, the
/// others reuse it). Per step: `real_time / kChainSteps`; bench/REPORT.md
/// gives the ratio of tail to direct.
constexpr int32_t kChainSteps = 1000;

constexpr std::string_view kCallChains = R"((module
  (func $direct (export "direct") (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (i32.const 0))
      (else (call $direct (i32.sub (local.get $n) (i32.const 1))))))
  (func $tail (export "tail") (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (i32.const 0))
      (else (return_call $tail (i32.sub (local.get $n) (i32.const 1))))))
  (func $narrow (export "wide") (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (i32.const 0))
      (else (return_call $wide (i32.sub (local.get $n) (i32.const 1))
              (i32.const 1) (i32.const 2) (i32.const 3) (i32.const 4) (i32.const 5)
              (i32.const 6) (i32.const 7)))))
  (func $wide (param $n i32) (param i32 i32 i32 i32 i32 i32 i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (i32.const 0))
      (else (return_call $narrow (i32.sub (local.get $n) (i32.const 1)))))))
)";

void BM_CallChain(benchmark::State& state, const char* name) {
  Engine engine;
  Store store(engine);
  Module module = compile(engine, kCallChains);
  Instance instance = *Linker().instantiate(store, module);
  Func chain = *instance.getFunc(name);
  Val args[] = {Val::i32(kChainSteps)};
  for (auto _ : state) benchmark::DoNotOptimize(chain.call(args));
  state.counters["steps"] = kChainSteps;
}
BENCHMARK_CAPTURE(BM_CallChain, direct, "direct");
BENCHMARK_CAPTURE(BM_CallChain, tail, "tail");
BENCHMARK_CAPTURE(BM_CallChain, tail_wider_callee, "wide");

}  // namespace
}  // namespace kiln

BENCHMARK_MAIN();
