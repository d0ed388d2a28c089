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

}  // namespace
}  // namespace kiln::test
