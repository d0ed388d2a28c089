// Shared memories used by several stores on several OS threads at once
// (SharedMemory), in both memory modes: atomic read-modify-write gives exact
// totals, wait/notify hands a turn back and forth, memory.grow races with
// loads near the old end, a lock-free queue hands values from a producer to
// consumers, and the import rules of shared memories.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <thread>
#include <vector>

#include "runtime_test_util.h"

namespace kiln::test {
namespace {

constexpr std::string_view kWorker = R"((module
  (import "env" "memory" (memory 1 64 shared))
  ;; [0] i32 counter, [8] i64 counter, [16] cmpxchg counter, [24] narrow
  ;; counter, [32] bits, [64] whose turn, [72] turns taken
  (func (export "add") (param $n i32)
    (loop $l
      (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
      (drop (i64.atomic.rmw.add (i32.const 8) (i64.const 3)))
      (drop (i32.atomic.rmw16.sub_u (i32.const 24) (i32.const 1)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
  (func (export "cas") (param $n i32) (local $old i32)
    (loop $l
      (loop $retry
        (local.set $old (i32.atomic.load (i32.const 16)))
        (br_if $retry (i32.ne (i32.atomic.rmw.cmpxchg (i32.const 16) (local.get $old)
                                (i32.add (local.get $old) (i32.const 1)))
                              (local.get $old))))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
  ;; Sets bit $me, then toggles bit $me + 8 an even number of times.
  (func (export "bits") (param $me i32) (param $n i32)
    (drop (i32.atomic.rmw.or (i32.const 32) (i32.shl (i32.const 1) (local.get $me))))
    (loop $l
      (drop (i32.atomic.rmw.xor (i32.const 32) (i32.shl (i32.const 256) (local.get $me))))
      (drop (i32.atomic.rmw.xor (i32.const 32) (i32.shl (i32.const 256) (local.get $me))))
      (drop (i32.atomic.rmw.and (i32.const 32) (i32.const -1)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
  ;; Waits for its turn ($me, 0 or 1) at [64], takes it, gives it to the other.
  (func (export "pingpong") (param $me i32) (param $rounds i32)
    (loop $l
      (block $ready
        (loop $wait
          (br_if $ready (i32.eq (i32.atomic.load (i32.const 64)) (local.get $me)))
          (drop (memory.atomic.wait32 (i32.const 64) (i32.sub (i32.const 1) (local.get $me))
                                      (i64.const -1)))
          (br $wait)))
      (drop (i32.atomic.rmw.add (i32.const 72) (i32.const 1)))
      (i32.atomic.store (i32.const 64) (i32.sub (i32.const 1) (local.get $me)))
      (drop (memory.atomic.notify (i32.const 64) (i32.const 1)))
      (br_if $l (local.tee $rounds (i32.sub (local.get $rounds) (i32.const 1))))))
  ;; A bounded lock-free queue of 1024 slots at [4096]: [128] tail (the
  ;; producer's), [132] head (consumers take slots by cmpxchg), [136] the
  ;; producer is done, [144] i64 sum of the values taken, [152] their count.
  (func (export "produce") (param $n i32) (local $v i32) (local $tail i32)
    (loop $l
      (local.set $v (i32.add (local.get $v) (i32.const 1)))
      (local.set $tail (i32.atomic.load (i32.const 128)))
      (loop $full
        (br_if $full (i32.ge_u (i32.sub (local.get $tail) (i32.atomic.load (i32.const 132)))
                               (i32.const 1024))))
      (i32.atomic.store (i32.add (i32.const 4096)
                                 (i32.shl (i32.and (local.get $tail) (i32.const 1023)) (i32.const 2)))
                        (local.get $v))
      (i32.atomic.store (i32.const 128) (i32.add (local.get $tail) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $v) (local.get $n))))
    (i32.atomic.store (i32.const 136) (i32.const 1)))
  (func (export "consume") (local $done i32) (local $head i32) (local $v i32)
    (block $finished
      (loop $l
        (local.set $done (i32.atomic.load (i32.const 136)))
        (local.set $head (i32.atomic.load (i32.const 132)))
        (if (i32.eq (local.get $head) (i32.atomic.load (i32.const 128)))
          (then (br_if $finished (local.get $done)) (br $l)))
        ;; Read before taking: the producer cannot reuse the slot until the
        ;; head has moved past it, which only this cmpxchg does.
        (local.set $v (i32.atomic.load
          (i32.add (i32.const 4096)
                   (i32.shl (i32.and (local.get $head) (i32.const 1023)) (i32.const 2)))))
        (if (i32.eq (i32.atomic.rmw.cmpxchg (i32.const 132) (local.get $head)
                                            (i32.add (local.get $head) (i32.const 1)))
                    (local.get $head))
          (then
            (drop (i64.atomic.rmw.add (i32.const 144) (i64.extend_i32_u (local.get $v))))
            (drop (i32.atomic.rmw.add (i32.const 152) (i32.const 1)))))
        (br $l))))
  (func (export "grow") (param $n i32)
    (loop $l
      (drop (memory.grow (i32.const 1)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
  ;; Loads the last word below the size it just read, $n times.
  (func (export "probe") (param $n i32) (result i32)
    (loop $l
      (drop (i32.load (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.const 4))))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (memory.size)))
)";

class ThreadsTest : public ::testing::TestWithParam<MemoryMode> {
 protected:
  ThreadsTest() : engine_(configFor(GetParam())) {}
  static Config configFor(MemoryMode mode) {
    Config config;
    config.memoryMode = mode;
    return config;
  }

  /// Runs `body(thread index, instance)` on `count` threads, each with its
  /// own store and instance of the worker module, all on `memory_`. The
  /// bodies start together, once every instance is ready, so they overlap.
  template <class Body>
  void onThreads(int count, Body body) {
    Module module = compileWat(engine_, kWorker);
    std::atomic<int> ready{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < count; ++t) {
      threads.emplace_back([&, t] {
        Store store(engine_);
        Linker linker;
        linker.define("env", "memory", memory_.in(store));
        auto instance = linker.instantiate(store, module);
        ++ready;
        while (ready.load() < count) std::this_thread::yield();
        ASSERT_TRUE(instance) << instance.error().message;
        body(t, *instance);
      });
    }
    for (std::thread& thread : threads) thread.join();
  }

  template <class T>
  T read(size_t at) const {
    T value;
    std::memcpy(&value, memory_.data() + at, sizeof value);
    return value;
  }

  Engine engine_;
  SharedMemory memory_ = *SharedMemory::create(engine_, MemoryType{{1, 64}, AddressType::I32, true});
};

void call(const Instance& instance, std::string_view name, std::vector<Val> args) {
  auto result = instance.getFunc(name)->call(args);
  ASSERT_TRUE(result) << name << ": " << result.error().message;
}

TEST_P(ThreadsTest, AtomicAddsGiveExactTotals) {
  constexpr int kThreads = 4;
  constexpr int kEach = 1'000'000;
  onThreads(kThreads, [](int, const Instance& instance) {
    call(instance, "add", {Val::i32(kEach)});
  });
  EXPECT_EQ(read<uint32_t>(0), uint32_t(kThreads * kEach));
  EXPECT_EQ(read<uint64_t>(8), uint64_t(3) * kThreads * kEach);
  // 16-bit: wraps within its two bytes, the bytes above stay untouched.
  EXPECT_EQ(read<uint16_t>(24), uint16_t(-kThreads * kEach));
  EXPECT_EQ(read<uint16_t>(26), 0);
}

TEST_P(ThreadsTest, CompareExchangeLoopsGiveExactTotals) {
  constexpr int kThreads = 4;
  constexpr int kEach = 200'000;
  onThreads(kThreads, [](int, const Instance& instance) {
    call(instance, "cas", {Val::i32(kEach)});
  });
  EXPECT_EQ(read<uint32_t>(16), uint32_t(kThreads * kEach));
}

TEST_P(ThreadsTest, AndOrXorLoseNoUpdate) {
  constexpr int kThreads = 4;
  onThreads(kThreads, [](int t, const Instance& instance) {
    call(instance, "bits", {Val::i32(t), Val::i32(200'000)});
  });
  EXPECT_EQ(read<uint32_t>(32), 0xFu);
}

TEST_P(ThreadsTest, WaitNotifyPingPong) {
  constexpr int kRounds = 100'000;
  onThreads(2, [](int t, const Instance& instance) {
    call(instance, "pingpong", {Val::i32(t), Val::i32(kRounds)});
  });
  EXPECT_EQ(read<uint32_t>(72), uint32_t(2 * kRounds));
  EXPECT_EQ(read<uint32_t>(64), 0u);
}

TEST_P(ThreadsTest, LockFreeQueueFromAProducerToConsumers) {
  constexpr int kValues = 200'000;
  onThreads(4, [](int t, const Instance& instance) {
    if (t == 0) {
      call(instance, "produce", {Val::i32(kValues)});
    } else {
      call(instance, "consume", {});
    }
  });
  // Every value taken exactly once: count and sum both exact.
  EXPECT_EQ(read<uint32_t>(152), uint32_t(kValues));
  EXPECT_EQ(read<uint64_t>(144), uint64_t(kValues) * (kValues + 1) / 2);
  EXPECT_EQ(read<uint32_t>(128), uint32_t(kValues));
  EXPECT_EQ(read<uint32_t>(132), uint32_t(kValues));
}

TEST_P(ThreadsTest, GrowRacesWithLoadsNearTheOldEnd) {
  // The probes read the size, then load its last word: never out of
  // bounds while another thread grows a page at a time.
  onThreads(3, [](int t, const Instance& instance) {
    if (t == 0) {
      for (int page = 0; page < 63; ++page) {
        call(instance, "grow", {Val::i32(1)});
        std::this_thread::sleep_for(std::chrono::microseconds(100));
      }
    } else {
      call(instance, "probe", {Val::i32(5'000'000)});
    }
  });
  EXPECT_EQ(memory_.pages(), 64u);
  EXPECT_FALSE(memory_.grow(1));  // its maximum
}

INSTANTIATE_TEST_SUITE_P(BothModes, ThreadsTest,
                         ::testing::Values(MemoryMode::GuardPages, MemoryMode::BoundsChecks),
                         [](const auto& info) {
                           return info.param == MemoryMode::GuardPages ? "GuardPages"
                                                                       : "BoundsChecks";
                         });

TEST(SharedMemoryTest, OnlySharedTypesAndSharedImportsMatch) {
  Engine engine;
  EXPECT_FALSE(SharedMemory::create(engine, MemoryType{{1, 2}, AddressType::I32, false}));
  SharedMemory shared = *SharedMemory::create(engine, MemoryType{{1, 2}, AddressType::I32, true});
  Store store(engine);
  Linker linker;
  linker.define("env", "memory", shared.in(store));
  Module unshared = compileWat(engine, R"((module (import "env" "memory" (memory 1 2))))");
  EXPECT_NE(instantiationError(linker, store, unshared).message.find("incompatible import type"),
            std::string::npos);
  Module matching = compileWat(engine, R"((module (import "env" "memory" (memory 1 2 shared))
    (func (export "wait") (result i32)
      (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const 1000000)))))");
  Instance instance = instantiateOrFail(linker, store, matching);
  EXPECT_EQ(instance.getFunc("wait")->call({})->at(0), Val::i32(2));  // timed out
}

}  // namespace
}  // namespace kiln::test
