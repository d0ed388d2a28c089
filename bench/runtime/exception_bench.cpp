// Exception costs: a Wasm throw caught across 1 and across 100 frames, set
// against a trap round trip from as deep (and runtime_bench.cpp's
// BM_TrapRoundTrip*) and a C++ throw/catch across as many frames on the same
// machine.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <iostream>
#include <stdexcept>

#include "kiln/kiln.h"

namespace kiln {
namespace {

constexpr int kThrowsPerCall = 1000;

/// `catch_at(depth)` throws $e from `depth` nested calls below a try_table
/// and catches it, kThrowsPerCall times.
constexpr std::string_view kThrowCatch = R"((module
  (tag $e (param i32))
  (func $down (param i32)
    local.get 0
    i32.eqz
    if
      i32.const 7
      throw $e
    end
    local.get 0
    i32.const 1
    i32.sub
    call $down)
  (func (export "catch_at") (param $depth i32) (result i32)
    (local $i i32) (local $sum i32)
    (loop $again
      (block $caught (result i32)
        (try_table (catch $e $caught)
          (call $down (i32.sub (local.get $depth) (i32.const 1))))
        i32.const 0)
      (local.set $sum (i32.add (local.get $sum)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $again (i32.lt_u (local.get $i) (i32.const 1000))))
    (local.get $sum))
  (func $trapDown (param i32)
    local.get 0
    i32.eqz
    if
      unreachable
    end
    local.get 0
    i32.const 1
    i32.sub
    call $trapDown)
  (func (export "trap_at") (param $depth i32)
    (call $trapDown (i32.sub (local.get $depth) (i32.const 1)))))
)";

Instance instantiateThrowCatch(const Engine& engine, Store& store) {
  auto bytes = watToBinary(kThrowCatch);
  auto module = bytes ? Module::fromBytes(engine, std::move(*bytes))
                      : Expected<Module, Error>(Unexpected{bytes.error()});
  if (!module) {
    std::cerr << module.error().toString() << "\n";
    std::exit(1);
  }
  return *Linker().instantiate(store, *module);
}

void BM_WasmThrowCatch(benchmark::State& state) {
  Engine engine;
  Store store(engine);
  Instance instance = instantiateThrowCatch(engine, store);
  Func catchAt = *instance.getFunc("catch_at");
  std::vector<Val> args{Val::i32(int32_t(state.range(0)))};
  for (auto _ : state) {
    auto result = catchAt.call(args);
    if (!result || (*result)[0].i32() != 7 * kThrowsPerCall) {
      state.SkipWithError("the exceptions were not caught");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations() * kThrowsPerCall);
}
// Frames between the throw and the handler's: 1 (the thrower is the callee)
// and 100.
BENCHMARK(BM_WasmThrowCatch)->Arg(1)->Arg(100);

/// The trap round trip from as deep: host -> Wasm, `unreachable` 1 or 100
/// frames down, the Trap (with its backtrace) back to the host.
void BM_TrapRoundTripFromDepth(benchmark::State& state) {
  Engine engine;
  Store store(engine);
  Instance instance = instantiateThrowCatch(engine, store);
  Func trapAt = *instance.getFunc("trap_at");
  std::vector<Val> args{Val::i32(int32_t(state.range(0)))};
  for (auto _ : state) benchmark::DoNotOptimize(trapAt.call(args));
}
BENCHMARK(BM_TrapRoundTripFromDepth)->Arg(1)->Arg(100);

[[gnu::noinline]] int throwFrom(int depth) {
  if (depth == 0) throw std::runtime_error("thrown");
  // Not a tail call: each level keeps a frame, as the Wasm recursion does.
  int below = throwFrom(depth - 1);
  benchmark::DoNotOptimize(below);
  return below + 1;
}

void BM_CppThrowCatch(benchmark::State& state) {
  const int depth = int(state.range(0)) - 1;
  for (auto _ : state) {
    for (int i = 0; i < kThrowsPerCall; ++i) {
      try {
        benchmark::DoNotOptimize(throwFrom(depth));
      } catch (const std::runtime_error& error) {
        benchmark::DoNotOptimize(&error);
      }
    }
  }
  state.SetItemsProcessed(state.iterations() * kThrowsPerCall);
}
BENCHMARK(BM_CppThrowCatch)->Arg(1)->Arg(100);

}  // namespace
}  // namespace kiln
