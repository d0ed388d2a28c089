// kiln.h's engine options, fuel and interruption: each option changes what
// compiled code does.
#include <atomic>
#include <chrono>
#include <thread>

#include "kiln_test_util.h"

namespace kiln::capi_test {
namespace {

using KilnConfig = KilnTest;

constexpr const char* kSpin = R"((module (func (export "spin") (loop (br 0)))))";

TEST_F(KilnConfig, FuelRunsOutWithTheFuelTrap) {
  configure([](wasm_config_t* config) { kiln_config_consume_fuel(config, true); });
  ASSERT_TRUE(kiln_store_set_fuel(store, 10000));
  uint64_t fuel = 0;
  ASSERT_TRUE(kiln_store_fuel(store, &fuel));
  EXPECT_EQ(fuel, 10000u);
  wasm_instance_t* instance = instantiate(kSpin);
  ASSERT_NE(instance, nullptr);
  EXPECT_EQ(callFirst(instance), KILN_TRAP_OUT_OF_FUEL);
  ASSERT_TRUE(kiln_store_fuel(store, &fuel));
  EXPECT_LT(fuel, 10000u);
  wasm_instance_delete(instance);
}

TEST_F(KilnConfig, FuelIsSpentByFinishedCalls) {
  configure([](wasm_config_t* config) { kiln_config_consume_fuel(config, true); });
  ASSERT_TRUE(kiln_store_set_fuel(store, 1000));
  wasm_instance_t* instance = instantiate(R"((module
    (func (export "count") (result i32) (local i32)
      (loop (local.set 0 (i32.add (local.get 0) (i32.const 1)))
            (br_if 0 (i32.lt_u (local.get 0) (i32.const 10))))
      (local.get 0))))");
  ASSERT_NE(instance, nullptr);
  wasm_val_t result = WASM_INIT_VAL;
  EXPECT_EQ(callFirst(instance, &result), kNoTrap);
  EXPECT_EQ(result.of.i32, 10);
  uint64_t fuel = 0;
  ASSERT_TRUE(kiln_store_fuel(store, &fuel));
  EXPECT_LT(fuel, 1000u);
  EXPECT_GT(fuel, 0u);
  wasm_instance_delete(instance);
}

TEST_F(KilnConfig, FuelNeedsTheOption) {
  EXPECT_FALSE(kiln_store_set_fuel(store, 5));
  uint64_t fuel = 7;
  EXPECT_FALSE(kiln_store_fuel(store, &fuel));
  EXPECT_EQ(fuel, 7u);
  EXPECT_FALSE(kiln_store_set_fuel(nullptr, 5));
  EXPECT_FALSE(kiln_store_fuel(nullptr, &fuel));
}

TEST_F(KilnConfig, InterruptStopsALoopFromAnotherThread) {
  configure([](wasm_config_t* config) { kiln_config_interruptible(config, true); });
  wasm_instance_t* instance = instantiate(kSpin);
  ASSERT_NE(instance, nullptr);
  std::atomic<bool> done = false;
  // Interrupts until the call has returned: one sent before the call enters
  // Wasm code is not lost either way.
  std::thread interrupter([&] {
    while (!done) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      kiln_store_interrupt(store);
    }
  });
  int outcome = callFirst(instance);
  done = true;
  interrupter.join();
  EXPECT_EQ(outcome, KILN_TRAP_INTERRUPT);
  wasm_instance_delete(instance);
}

TEST_F(KilnConfig, BoundsChecksTrapOutOfBoundsAccesses) {
  for (kiln_memory_mode_t mode : {KILN_MEMORY_GUARD_PAGES, KILN_MEMORY_BOUNDS_CHECKS}) {
    configure([&](wasm_config_t* config) {
      kiln_config_memory_mode(config, mode);
      kiln_config_force_libcalls(config, true);
    });
    wasm_instance_t* instance = instantiate(R"((module (memory 1)
      (func (export "load") (result i32) (i32.load (i32.const 65534)))))");
    ASSERT_NE(instance, nullptr);
    EXPECT_EQ(callFirst(instance), KILN_TRAP_HEAP_ACCESS_OUT_OF_BOUNDS) << int(mode);
    wasm_instance_delete(instance);
  }
}

TEST_F(KilnConfig, MaxWasmStackBoundsRecursion) {
  // Recursion 2,000 frames deep: within the default 1 MiB,
  // beyond 16 KiB.
  constexpr const char* kRecurse = R"((module
    (func $down (export "down") (param i32) (result i32)
      (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
        (else (i32.add (i32.const 1) (call $down (i32.sub (local.get 0) (i32.const 1)))))))
    (func (export "run") (result i32) (call $down (i32.const 2000)))))";
  for (size_t stack : {size_t(1) << 20, size_t(16) << 10}) {
    configure([&](wasm_config_t* config) { kiln_config_max_wasm_stack(config, stack); });
    wasm_instance_t* instance = instantiate(kRecurse);
    ASSERT_NE(instance, nullptr);
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    int outcome = callFunc(wasm_extern_as_func(exports.data[1]));
    EXPECT_EQ(outcome, stack > 65536 ? kNoTrap : int(KILN_TRAP_STACK_OVERFLOW)) << stack;
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
  }
}

}  // namespace
}  // namespace kiln::capi_test
