// Fuel metering (Config::consumeFuel): what code costs, where it stops, and
// that every instance of a store draws on the one budget.
#include <gtest/gtest.h>

#include "runtime_test_util.h"

namespace kiln::test {
namespace {

// `count n` runs its loop n times: each iteration is one stretch of 8
// instructions (local.get, i32.const, i32.add, local.set, local.get,
// local.get, i32.lt_u, br_if), then `local.get` and `end` cost 1. So
// count(n) costs 8n + 1.
constexpr const char* kCounter = R"((module
  (func (export "count") (param $n i32) (result i32)
    (local $i i32)
    (loop $l
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $i))
  (func (export "spin") (loop $l (br $l)))
  (func $recurse (export "recurse") (call $recurse))
  (func $tail (export "tail") (return_call $tail)))
)";

uint64_t countCost(int32_t n) { return 8 * uint64_t(n) + 1; }

Config fuelConfig(MemoryMode mode = MemoryMode::GuardPages, bool forceLibcalls = false) {
  Config config;
  config.consumeFuel = true;
  config.memoryMode = mode;
  config.forceLibcalls = forceLibcalls;
  return config;
}

TrapCode trapOf(const Expected<std::vector<Val>, Error>& result) {
  EXPECT_FALSE(result);
  if (result || !result.error().trap) return TrapCode::Unreachable;
  return result.error().trap->code;
}

TEST(Fuel, IsRefusedWhenTheEngineDoesNotMeterIt) {
  Engine engine;
  Store store(engine);
  EXPECT_FALSE(store.setFuel(10));
  EXPECT_FALSE(store.fuel());
}

TEST(Fuel, EachInstructionCostsItsDocumentedPrice) {
  Engine engine(fuelConfig());
  Store store(engine);
  Instance instance = instantiateOrFail(Linker(), store, compileWat(engine, kCounter));
  ASSERT_TRUE(store.setFuel(1000));
  EXPECT_EQ(store.fuel(), 1000u);
  auto result = instance.getFunc("count")->call(std::vector{Val::i32(10)});
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->at(0), Val::i32(10));
  EXPECT_EQ(store.fuel(), 1000 - countCost(10));
}

TEST(Fuel, ExactlyEnoughRunsToTheEndOneLessTraps) {
  Engine engine(fuelConfig());
  Store store(engine);
  Instance instance = instantiateOrFail(Linker(), store, compileWat(engine, kCounter));
  Func count = *instance.getFunc("count");
  store.setFuel(countCost(12));
  auto enough = count.call(std::vector{Val::i32(12)});
  ASSERT_TRUE(enough) << enough.error().message;
  EXPECT_EQ(store.fuel(), 0u);

  store.setFuel(countCost(12) - 1);
  auto short_ = count.call(std::vector{Val::i32(12)});
  EXPECT_EQ(trapOf(short_), TrapCode::OutOfFuel);
  EXPECT_EQ(short_.error().message, "all fuel consumed");
  EXPECT_EQ(store.fuel(), 0u);
}

TEST(Fuel, AStoreStartsWithNone) {
  Engine engine(fuelConfig());
  Store store(engine);
  Instance instance = instantiateOrFail(Linker(), store, compileWat(engine, kCounter));
  EXPECT_EQ(store.fuel(), 0u);
  EXPECT_EQ(trapOf(instance.getFunc("count")->call(std::vector{Val::i32(1)})),
            TrapCode::OutOfFuel);
}

TEST(Fuel, StopsCodeThatWouldRunForever) {
  Engine engine(fuelConfig());
  Store store(engine);
  Instance instance = instantiateOrFail(Linker(), store, compileWat(engine, kCounter));
  // Each loop, call or tail call passes through an instruction that costs.
  for (const char* name : {"spin", "recurse", "tail"}) {
    store.setFuel(1000);
    auto result = instance.getFunc(name)->call({});
    EXPECT_EQ(trapOf(result), TrapCode::OutOfFuel) << name;
    EXPECT_EQ(store.fuel(), 0u) << name;
  }
  // A store given fuel again runs again.
  store.setFuel(countCost(3));
  auto result = instance.getFunc("count")->call(std::vector{Val::i32(3)});
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(store.fuel(), 0u);
}

TEST(Fuel, RecursionRunsOutOfFuelBeforeStack) {
  Engine engine(fuelConfig());
  Store store(engine);
  Instance instance = instantiateOrFail(Linker(), store, compileWat(engine, kCounter));
  // 100 calls fit any stack; the 101st cannot be paid for.
  store.setFuel(100);
  EXPECT_EQ(trapOf(instance.getFunc("recurse")->call({})), TrapCode::OutOfFuel);
  // With plenty, the stack runs out first, as without fuel.
  store.setFuel(uint64_t(1) << 40);
  EXPECT_EQ(trapOf(instance.getFunc("recurse")->call({})), TrapCode::StackOverflow);
}

TEST(Fuel, InstancesOfAStoreShareItAndHostCallsSeeWhatIsLeft) {
  Engine engine(fuelConfig());
  Store store(engine);
  Instance counter = instantiateOrFail(Linker(), store, compileWat(engine, kCounter));
  Linker linker;
  linker.defineInstance("counter", counter);
  std::optional<uint64_t> seenByHost;
  linker.defineFunc(store, "host", "peek", FuncType{},
                    [&](Caller& caller, std::span<const Val>, std::span<Val>) {
                      seenByHost = caller.store().fuel();
                      return std::optional<Error>();
                    });
  Instance caller = instantiateOrFail(linker, store, compileWat(engine, R"((module
    (import "counter" "count" (func $count (param i32) (result i32)))
    (import "host" "peek" (func $peek))
    (func (export "run")
      (drop (call $count (i32.const 5)))
      (call $peek)))
  )"));
  store.setFuel(1000);
  auto result = caller.getFunc("run")->call({});
  ASSERT_TRUE(result) << result.error().message;
  // run: i32.const and call (2), then call $peek (1); drop and end are free.
  uint64_t runCost = 3;
  EXPECT_EQ(store.fuel(), 1000 - countCost(5) - runCost);
  // The host ran after everything but itself was paid for.
  EXPECT_EQ(seenByHost, store.fuel());
}

TEST(Fuel, CostsTheSameInEveryMemoryMode) {
  const char* wat = R"((module
    (memory 1)
    (func (export "fill") (param $n i32)
      (local $i i32)
      (block $done
        (loop $l
          (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
          (i32.store (i32.shl (local.get $i) (i32.const 2)) (local.get $i))
          (memory.fill (i32.const 1000) (local.get $i) (i32.const 16))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $l)))))
  )";
  std::optional<uint64_t> reference;
  for (auto [mode, libcalls] : {std::pair{MemoryMode::GuardPages, false},
                                std::pair{MemoryMode::BoundsChecks, true}}) {
    Engine engine(fuelConfig(mode, libcalls));
    Store store(engine);
    Instance instance = instantiateOrFail(Linker(), store, compileWat(engine, wat));
    store.setFuel(1'000'000);
    auto result = instance.getFunc("fill")->call(std::vector{Val::i32(100)});
    ASSERT_TRUE(result) << result.error().message;
    uint64_t used = 1'000'000 - *store.fuel();
    // Per iteration: 4 to the br_if, then 5 for the store, 4 for the fill,
    // 4 to set $i and 1 for br; the last test of $i costs 4 more.
    EXPECT_EQ(used, 100u * 18 + 4);
    if (reference) {
      EXPECT_EQ(used, *reference);
    }
    reference = used;
  }
}

TEST(Fuel, ABranchOutOfAStretchPaysOnlyForWhatRan) {
  Engine engine(fuelConfig());
  Store store(engine);
  // The block's body is one stretch: the br_if out of it does not end it.
  Instance instance = instantiateOrFail(Linker(), store, compileWat(engine, R"((module
    (func (export "maybe") (param i32) (result i32)
      (block $out
        (br_if $out (local.get 0))
        (drop (i32.const 1))
        (drop (i32.const 2))
        (drop (i32.const 3)))
      (i32.const 7)))
  )"));
  Func maybe = *instance.getFunc("maybe");
  // Not taken: local.get, br_if and three i32.const (drop and end are free);
  // then i32.const after the block.
  store.setFuel(100);
  ASSERT_TRUE(maybe.call(std::vector{Val::i32(0)}));
  EXPECT_EQ(store.fuel(), 100u - 6);
  // Taken: the branch gives back what the three i32.const would have cost.
  store.setFuel(100);
  ASSERT_TRUE(maybe.call(std::vector{Val::i32(1)}));
  EXPECT_EQ(store.fuel(), 100u - 3);
  // A stretch is paid whole before it runs: with 4 units, the taken path
  // (3) would have been affordable, but the stretch (5) is not.
  store.setFuel(4);
  EXPECT_EQ(trapOf(maybe.call(std::vector{Val::i32(1)})), TrapCode::OutOfFuel);
}

TEST(Fuel, ATrapOtherThanFuelLeavesTheRestUnspent) {
  Engine engine(fuelConfig());
  Store store(engine);
  Instance instance = instantiateOrFail(Linker(), store, compileWat(engine, R"((module
    (func (export "divide") (param i32) (result i32)
      (i32.div_u (i32.const 1) (local.get 0))))
  )"));
  store.setFuel(100);
  EXPECT_EQ(trapOf(instance.getFunc("divide")->call(std::vector{Val::i32(0)})),
            TrapCode::IntegerDivisionByZero);
  // The stretch was paid for before it ran: i32.const, local.get and
  // i32.div_u (end is free).
  EXPECT_EQ(store.fuel(), 97u);
}

// Compiled code keeps the fuel in a register while it runs (docs/fuel.md,
// "Cost"); the tests below check the places where the store's counter must
// be the truth all the same.

// `count` as in kCounter, for modules that call it.
constexpr const char* kCountFunc = R"(
  (func $count (param $n i32) (result i32)
    (local $i i32)
    (loop $l
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $i))
)";

TEST(Fuel, AHostFunctionSetsTheFuelAndWasmGoesOnWithIt) {
  Engine engine(fuelConfig());
  Store store(engine);
  Linker linker;
  std::optional<uint64_t> seenByHost;
  uint64_t refill = 0;
  linker.defineFunc(store, "host", "refill", FuncType{},
                    [&](Caller& caller, std::span<const Val>, std::span<Val>) {
                      seenByHost = caller.store().fuel();
                      caller.store().setFuel(refill);
                      return std::optional<Error>();
                    });
  Instance instance = instantiateOrFail(linker, store, compileWat(engine, std::string(R"((module
    (import "host" "refill" (func $refill))
    (func (export "run") (param $n i32) (result i32)
      (call $refill)
      (call $count (local.get $n)))
    (func (export "tailToHost") (return_call $refill))
  )" + std::string(kCountFunc) + ")")));
  Func run = *instance.getFunc("run");
  // run: call $refill (1); after it local.get and call (2), then count.
  refill = 1000;
  store.setFuel(50);
  auto result = run.call(std::vector{Val::i32(10)});
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(seenByHost, 49u);
  EXPECT_EQ(store.fuel(), 1000 - 2 - countCost(10));
  // Set one short of what the rest costs: the code stops, with all used.
  refill = 2 + countCost(10) - 1;
  store.setFuel(50);
  EXPECT_EQ(trapOf(run.call(std::vector{Val::i32(10)})), TrapCode::OutOfFuel);
  EXPECT_EQ(store.fuel(), 0u);
  // Exactly enough runs to the end.
  refill = 2 + countCost(10);
  store.setFuel(50);
  ASSERT_TRUE(run.call(std::vector{Val::i32(10)}));
  EXPECT_EQ(store.fuel(), 0u);
  // Reached by a tail call, the host sets what is left when Wasm returns.
  refill = 77;
  store.setFuel(50);
  ASSERT_TRUE(instance.getFunc("tailToHost")->call({}));
  EXPECT_EQ(seenByHost, 49u);
  EXPECT_EQ(store.fuel(), 77u);
}

TEST(Fuel, WasmCalledByAHostFunctionDrawsOnTheSameFuel) {
  Engine engine(fuelConfig());
  Store store(engine);
  Instance counter = instantiateOrFail(Linker(), store, compileWat(engine, kCounter));
  Func count = *counter.getFunc("count");
  Linker linker;
  std::optional<uint64_t> afterInner;
  linker.defineFunc(store, "host", "nested", FuncType{},
                    [&](Caller& caller, std::span<const Val>, std::span<Val>) {
                      auto inner = count.call(std::vector{Val::i32(5)});
                      EXPECT_TRUE(inner);
                      afterInner = caller.store().fuel();
                      return std::optional<Error>();
                    });
  Instance outer = instantiateOrFail(linker, store, compileWat(engine, std::string(R"((module
    (import "host" "nested" (func $nested))
    (func (export "outer")
      (call $nested)
      (drop (call $count (i32.const 2))))
  )" + std::string(kCountFunc) + ")")));
  store.setFuel(1000);
  ASSERT_TRUE(outer.getFunc("outer")->call({}));
  // outer: call (1), the nested count(5), then i32.const and call (2), count(2).
  EXPECT_EQ(afterInner, 1000 - 1 - countCost(5));
  EXPECT_EQ(store.fuel(), 1000 - 1 - countCost(5) - 2 - countCost(2));
}

TEST(Fuel, RunsOutExactlyInACalleeAfterACatch) {
  Engine engine(fuelConfig());
  Store store(engine);
  Instance instance = instantiateOrFail(Linker(), store, compileWat(engine, std::string(R"((module
    (tag $e)
    (func $thrower (throw $e))
    (func (export "catchThenCount") (param $n i32) (result i32)
      (block $caught (try_table (catch_all $caught) (call $thrower)))
      (call $count (local.get $n)))
  )" + std::string(kCountFunc) + ")")));
  Func run = *instance.getFunc("catchThenCount");
  // call $thrower (1), throw (1); at the landing local.get and call (2).
  const uint64_t cost = 4 + countCost(20);
  store.setFuel(cost);
  auto enough = run.call(std::vector{Val::i32(20)});
  ASSERT_TRUE(enough) << enough.error().message;
  EXPECT_EQ(enough->at(0), Val::i32(20));
  EXPECT_EQ(store.fuel(), 0u);
  store.setFuel(cost - 1);
  EXPECT_EQ(trapOf(run.call(std::vector{Val::i32(20)})), TrapCode::OutOfFuel);
  EXPECT_EQ(store.fuel(), 0u);
  store.setFuel(cost + 10);
  ASSERT_TRUE(run.call(std::vector{Val::i32(20)}));
  EXPECT_EQ(store.fuel(), 10u);
}

TEST(Fuel, AnOutOfBoundsAccessLeavesWhatRanConsumedInEveryMemoryMode) {
  // Reads the word at 4096 i for i = 0, 1, ... n - 1: the memory's one
  // page of 64 KiB ends at i = 16.
  const char* wat = R"((module
    (memory 1)
    (func (export "walk") (param $n i32) (result i32)
      (local $i i32) (local $s i32)
      (loop $l
        (local.set $s (i32.add (local.get $s)
                               (i32.load (i32.mul (local.get $i) (i32.const 4096)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
      (local.get $s)))
  )";
  // An iteration is one stretch of 15. Addresses 0 .. 61440 (i = 0..15) are
  // in the page; at i = 16 the load faults (a guard page, or the explicit
  // check), its stretch already paid.
  for (MemoryMode mode : {MemoryMode::GuardPages, MemoryMode::BoundsChecks}) {
    Engine engine(fuelConfig(mode));
    Store store(engine);
    Instance instance = instantiateOrFail(Linker(), store, compileWat(engine, wat));
    store.setFuel(10'000);
    EXPECT_EQ(trapOf(instance.getFunc("walk")->call(std::vector{Val::i32(100)})),
              TrapCode::HeapAccessOutOfBounds);
    EXPECT_EQ(store.fuel(), 10'000u - 17 * 15);
    // The store runs on from there.
    auto result = instance.getFunc("walk")->call(std::vector{Val::i32(3)});
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(store.fuel(), 10'000u - 17 * 15 - 3 * 15 - 1);
  }
}

TEST(Fuel, ATailCallLoopPaysForEveryRound) {
  Engine engine(fuelConfig());
  Store store(engine);
  Instance instance = instantiateOrFail(Linker(), store, compileWat(engine, R"((module
    (func $down (export "down") (param $n i32) (result i32)
      (if (result i32) (i32.eqz (local.get $n))
        (then (i32.const 7))
        (else (return_call $down (i32.sub (local.get $n) (i32.const 1)))))))
  )"));
  Func down = *instance.getFunc("down");
  // Each round with n > 0: local.get, i32.eqz, if (3), then in the else arm
  // local.get, i32.const, i32.sub, return_call (4); the last round
  // local.get, i32.eqz, if and i32.const (4).
  auto cost = [](uint64_t n) { return 7 * n + 4; };
  for (uint64_t n : {0u, 1u, 1000u}) {
    store.setFuel(cost(n));
    auto result = down.call(std::vector{Val::i32(int32_t(n))});
    ASSERT_TRUE(result) << n << ": " << result.error().message;
    EXPECT_EQ(store.fuel(), 0u) << n;
    store.setFuel(cost(n) - 1);
    EXPECT_EQ(trapOf(down.call(std::vector{Val::i32(int32_t(n))})), TrapCode::OutOfFuel) << n;
    EXPECT_EQ(store.fuel(), 0u) << n;
  }
}

TEST(Fuel, CallsThatCompileTheirCalleeFirstCostTheSame) {
  const std::string wat = std::string(R"((module
    (func (export "run") (param $n i32) (result i32)
      (i32.add (call $count (local.get $n)) (call $count (local.get $n))))
  )") + kCountFunc + ")";
  // local.get and call (2) twice, the two counts, then i32.add (1).
  const uint64_t cost = 5 + 2 * countCost(10);
  for (CompileStrategy strategy : {CompileStrategy::Eager, CompileStrategy::Lazy}) {
    for (uint64_t fuel : {cost, cost - 1}) {
      // A new engine each time: with Lazy, the first calls go through the
      // compiling trampoline.
      Config config = fuelConfig();
      config.compileStrategy = strategy;
      Engine engine(config);
      Store store(engine);
      Instance instance = instantiateOrFail(Linker(), store, compileWat(engine, wat));
      store.setFuel(fuel);
      auto result = instance.getFunc("run")->call(std::vector{Val::i32(10)});
      if (fuel == cost) {
        ASSERT_TRUE(result) << result.error().message;
        EXPECT_EQ(result->at(0), Val::i32(20));
      } else {
        EXPECT_EQ(trapOf(result), TrapCode::OutOfFuel);
      }
      EXPECT_EQ(store.fuel(), 0u);
    }
  }
}

}  // namespace
}  // namespace kiln::test
