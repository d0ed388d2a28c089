// Store::interrupt stops running Wasm code from another thread.
#include <gtest/gtest.h>

#include <thread>

#include "runtime_test_util.h"

namespace kiln::test {
namespace {

TEST(Interrupt, StopsAnInfiniteLoopFromAnotherThread) {
  Config config;
  config.interruptible = true;
  Engine engine(config);
  Store store(engine);
  Module module = compileWat(engine, R"((module
    (func (export "spin") (loop $forever (br $forever)))
    (func (export "one") (result i32) i32.const 1))
  )");
  Instance instance = instantiateOrFail(Linker(), store, module);
  std::thread interrupter([&store] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    store.interrupt();
  });
  auto result = instance.getFunc("spin")->call({});
  interrupter.join();
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().trap->code, TrapCode::Interrupt);
  // The interrupt was delivered once; later calls run normally.
  auto one = instance.getFunc("one")->call({});
  ASSERT_TRUE(one) << one.error().message;
  EXPECT_EQ(*one, std::vector{Val::i32(1)});
}

TEST(Interrupt, StopsAThreadWaitingWithoutTimeout) {
  Config config;
  config.interruptible = true;
  Engine engine(config);
  Store store(engine);
  Module module = compileWat(engine, R"((module (memory 1 1 shared)
    (func (export "wait") (param i64) (result i32)
      (memory.atomic.wait32 (i32.const 0) (i32.const 0) (local.get 0))))
  )");
  Instance instance = instantiateOrFail(Linker(), store, module);
  std::thread interrupter([&store] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    store.interrupt();
  });
  auto result = instance.getFunc("wait")->call(std::vector{Val::i64(-1)});
  interrupter.join();
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().trap->code, TrapCode::Interrupt);
  auto timedOut = instance.getFunc("wait")->call(std::vector{Val::i64(1000)});
  ASSERT_TRUE(timedOut) << timedOut.error().message;
  EXPECT_EQ(*timedOut, std::vector{Val::i32(2)});
}

TEST(Interrupt, RequestedWhileIdleStopsTheNextCall) {
  Config config;
  config.interruptible = true;
  Engine engine(config);
  Store store(engine);
  Module module = compileWat(engine, R"((module (func (export "one") (result i32) i32.const 1)))");
  Instance instance = instantiateOrFail(Linker(), store, module);
  store.interrupt();
  auto stopped = instance.getFunc("one")->call({});
  ASSERT_FALSE(stopped);
  EXPECT_EQ(stopped.error().trap->code, TrapCode::Interrupt);
  EXPECT_TRUE(instance.getFunc("one")->call({}));
}

}  // namespace
}  // namespace kiln::test
