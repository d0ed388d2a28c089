// The Wasm stack limit: one budget per activation of a thread, however often
// it crosses between host and Wasm (and between stores), and never past the
// end of the thread's own stack. Every case runs in both memory modes.
#include <gtest/gtest.h>
#include <pthread.h>
#include <sys/mman.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "kiln/kiln.h"
#include "runtime_test_util.h"
#include "vm/vmcontext.h"

namespace kiln::test {
namespace {

std::optional<Error> noError() { return std::nullopt; }

uintptr_t stackAddress() { return reinterpret_cast<uintptr_t>(__builtin_frame_address(0)); }

/// Room a trap leaves below the limit in the measurements: the frames of the
/// host function that was running when Wasm below it overflowed, and the call
/// path from it into Wasm.
constexpr uintptr_t kHostFramesSlack = 64 * 1024;

constexpr std::string_view kReenterWat = R"((module
  (import "env" "reenter" (func $reenter (param i32) (result i32)))
  ;; down(n) = reenter(n + 1) + 1
  (func (export "down") (param i32) (result i32)
    (i32.add (call $reenter (i32.add (local.get 0) (i32.const 1))) (i32.const 1))))
)";

constexpr std::string_view kRecurseWat = R"((module
  (global $depth (export "depth") (mut i32) (i32.const 0))
  ;; Counts its depth in $depth, then recurses until `n` reaches 0.
  (func $down (export "down") (param i32) (result i32)
    (global.set $depth (i32.add (global.get $depth) (i32.const 1)))
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (i32.add (call $down (i32.sub (local.get 0) (i32.const 1))) (i32.const 1))))))
)";

/// An instance of kReenterWat whose `reenter` calls `next` (another such
/// instance's `down`, or its own) until `n` reaches `target`: host -> Wasm ->
/// host -> Wasm ... `down(0)` returns 2 * target.
struct Reenterer {
  Reenterer(const Engine& engine, const Module& module) : store(engine) {
    linker.defineFunc(store, "env", "reenter", FuncType{{ValType::I32}, {ValType::I32}},
                      [this](Caller&, std::span<const Val> params, std::span<Val> results) {
                        int32_t n = params[0].i32();
                        *deepest = std::min(*deepest, stackAddress());
                        *levels = std::max(*levels, n);
                        if (n >= *target) {
                          results[0] = Val::i32(n);
                          return noError();
                        }
                        auto inner = next->call(std::vector{Val::i32(n)});
                        if (!inner) return std::optional<Error>(inner.error());
                        results[0] = (*inner)[0];
                        return noError();
                      });
    instance = instantiateOrFail(linker, store, module);
    down = *instance->getFunc("down");
    next = &*down;
  }

  Store store;
  Linker linker;
  std::optional<Instance> instance;
  std::optional<Func> down;
  const Func* next = nullptr;
  // Shared by the Reenterers of one chain (see `chain`).
  int32_t ownTarget = INT32_MAX;
  int32_t* target = &ownTarget;
  uintptr_t ownDeepest = UINTPTR_MAX;
  uintptr_t* deepest = &ownDeepest;
  int32_t ownLevels = 0;
  int32_t* levels = &ownLevels;
};

/// Runs `body` on a new thread whose stack is exactly `stackBytes` (our own
/// mapping: glibc may hand a thread a larger cached stack), with an
/// inaccessible page below it, so running off its end faults.
void runOnThread(size_t stackBytes, std::function<void()> body) {
  const size_t guard = 4096;
  void* mapping = mmap(nullptr, guard + stackBytes, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  ASSERT_NE(mapping, MAP_FAILED);
  ASSERT_EQ(mprotect(mapping, guard, PROT_NONE), 0);
  pthread_attr_t attributes;
  ASSERT_EQ(pthread_attr_init(&attributes), 0);
  ASSERT_EQ(pthread_attr_setstack(&attributes, static_cast<uint8_t*>(mapping) + guard, stackBytes),
            0);
  pthread_t thread;
  auto run = [](void* argument) -> void* {
    (*static_cast<std::function<void()>*>(argument))();
    return nullptr;
  };
  ASSERT_EQ(pthread_create(&thread, &attributes, run, &body), 0);
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attributes);
  munmap(mapping, guard + stackBytes);
}

class StackLimitTest : public ::testing::TestWithParam<MemoryMode> {
 protected:
  Config config(size_t maxWasmStack = Config{}.maxWasmStack) const {
    Config c;
    c.memoryMode = GetParam();
    c.maxWasmStack = maxWasmStack;
    return c;
  }

  void expectStackOverflow(const Expected<std::vector<Val>, Error>& result) {
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, ErrorKind::Trap) << result.error().toString();
    ASSERT_TRUE(result.error().trap);
    EXPECT_EQ(result.error().trap->code, TrapCode::StackOverflow) << result.error().toString();
  }
};

TEST_P(StackLimitTest, HostWasmRecursionTrapsWithinOneBudget) {
  for (size_t maxWasmStack : {size_t(256 * 1024), size_t(1 << 20)}) {
    Engine engine(config(maxWasmStack));
    Module module = compileWat(engine, kReenterWat);
    Reenterer r(engine, module);
    uintptr_t top = stackAddress();
    expectStackOverflow(r.down->call(std::vector{Val::i32(0)}));
    // Many levels ran, and all of them within the first entry's budget (the
    // defect: each nested entry took a fresh one, until the thread's stack ran out).
    EXPECT_GT(r.ownLevels, 10) << maxWasmStack;  // 17 with ASan's large host frames at 256 KiB
    EXPECT_LE(top - r.ownDeepest, maxWasmStack + kHostFramesSlack) << maxWasmStack;

    // The store and the engine keep working: half the depth that overflowed
    // (host frames are larger under ASan, so the depth is not fixed).
    const int target = std::max(1, r.ownLevels / 2);
    r.ownTarget = target;
    auto result = r.down->call(std::vector{Val::i32(0)});
    ASSERT_TRUE(result) << result.error().toString();
    EXPECT_EQ(*result, std::vector{Val::i32(2 * target)});
    Reenterer fresh(engine, module);
    fresh.ownTarget = 3;
    EXPECT_EQ(*fresh.down->call(std::vector{Val::i32(0)}), std::vector{Val::i32(6)});
  }
}

TEST_P(StackLimitTest, RecursionThroughTwoStoresSharesTheBudget) {
  // Store a's host function calls into store b, whose host function calls
  // into a: the activation is the thread's, not a store's.
  const size_t maxWasmStack = 256 * 1024;
  Engine engine(config(maxWasmStack));
  Module module = compileWat(engine, kReenterWat);
  Reenterer a(engine, module);
  Reenterer b(engine, module);
  a.next = &*b.down;
  b.next = &*a.down;
  b.target = &a.ownTarget;
  b.deepest = &a.ownDeepest;
  b.levels = &a.ownLevels;
  uintptr_t top = stackAddress();
  expectStackOverflow(a.down->call(std::vector{Val::i32(0)}));
  EXPECT_GT(a.ownLevels, 10);  // 17 with ASan's large host frames
  EXPECT_LE(top - a.ownDeepest, maxWasmStack + kHostFramesSlack);
  a.ownTarget = 10;
  EXPECT_EQ(*a.down->call(std::vector{Val::i32(0)}), std::vector{Val::i32(20)});
  EXPECT_EQ(*b.down->call(std::vector{Val::i32(0)}), std::vector{Val::i32(20)});
}

TEST_P(StackLimitTest, WasmRecursionDepthFollowsTheConfiguredBudget) {
  auto depthAtOverflow = [&](size_t maxWasmStack) {
    Engine engine(config(maxWasmStack));
    Store store(engine);
    Module module = compileWat(engine, kRecurseWat);
    Instance instance = instantiateOrFail(Linker(), store, module);
    expectStackOverflow(instance.getFunc("down")->call(std::vector{Val::i32(-1)}));
    int32_t depth = instance.getGlobal("depth")->get().i32();
    // A shallow call still works afterwards.
    instance.getGlobal("depth")->set(Val::i32(0));
    EXPECT_EQ(*instance.getFunc("down")->call(std::vector{Val::i32(100)}),
              std::vector{Val::i32(100)});
    return depth;
  };
  int32_t small = depthAtOverflow(256 * 1024);
  int32_t large = depthAtOverflow(1 << 20);
  EXPECT_GT(small, 1000);
  // Four times the budget, four times the depth (frames are all the same size).
  EXPECT_GT(large, small * 7 / 2) << small << " " << large;
  EXPECT_LT(large, small * 9 / 2) << small << " " << large;
}

// Frames within kStackLimitSlack check rsp against the vmctx's limit (the
// real one plus the slack) as it is, so small frames stop up to the slack
// above the real limit; bigger ones subtract their excess first and stop
// right above it. Each level calls the host, which notes its stack address:
// consecutive notes differ by one level's frames, and the last note is as
// far from the deepest frame for both. The budgets differ by 512 bytes, so
// the limit falls at every place within a big frame: one that passed it
// would note an address more than the slack below the deepest small one.
TEST_P(StackLimitTest, SmallAndBigFramesStopAtTheSameLimit) {
  std::string bigLocals;
  for (int i = 0; i < 1000; ++i) bigLocals += " i64";
  auto recursion = [](const std::string& name, const std::string& locals) {
    return "(func $" + name + " (export \"" + name + "\") (param i32) (result i32)" + locals +
           " (global.set $depth (i32.add (global.get $depth) (i32.const 1))) (call $mark)"
           " (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))"
           " (else (i32.add (call $" + name +
           " (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))))";
  };
  const std::string wat = "(module (import \"env\" \"mark\" (func $mark))"
                          " (global $depth (export \"depth\") (mut i32) (i32.const 0)) " +
                          recursion("small", "") + recursion("big", " (local" + bigLocals + ")") +
                          ")";
  std::vector<uintptr_t> marks;
  for (size_t budget = 256 * 1024; budget < 256 * 1024 + 16 * 512; budget += 512) {
    Engine engine(config(budget));
    Module module = compileWat(engine, wat);
    Store store(engine);
    Linker linker;
    linker.defineFunc(store, "env", "mark", FuncType{{}, {}},
                      [&](Caller&, std::span<const Val>, std::span<Val>) {
                        marks.push_back(stackAddress());
                        return noError();
                      });
    Instance instance = instantiateOrFail(linker, store, module);
    // The lowest note and one level's stack.
    auto deepest = [&](const char* name) {
      marks.clear();
      expectStackOverflow(instance.getFunc(name)->call(std::vector{Val::i32(-1)}));
      EXPECT_GT(marks.size(), 2u) << name;
      return marks.size() > 2 ? std::pair{marks.back(), marks[1] - marks[2]}
                              : std::pair{uintptr_t(0), uintptr_t(0)};
    };
    const auto [small, smallLevel] = deepest("small");
    const auto [big, bigLevel] = deepest("big");
    EXPECT_GT(bigLevel, 8000u);
    EXPECT_GT(big + kStackLimitSlack + smallLevel, small)
        << "budget " << budget << ": " << small - big;
    // And the big frames come within one of the limit.
    EXPECT_LT(big, small + bigLevel) << "budget " << budget;
  }
}

TEST_P(StackLimitTest, ThreadWithAStackSmallerThanTheBudgetTraps) {
  // 256 KiB of thread stack under a 1 MiB budget: without the thread's real
  // bounds, recursion would run off the end of its stack.
  Engine engine(config(1 << 20));
  Module recurse = compileWat(engine, kRecurseWat);
  Module reenter = compileWat(engine, kReenterWat);
  Store store(engine);
  Instance instance = instantiateOrFail(Linker(), store, recurse);
  Reenterer r(engine, reenter);
  bool ran = false;
  runOnThread(256 * 1024, [&] {
    for (int i = 0; i < 3; ++i) {
      instance.getGlobal("depth")->set(Val::i32(0));
      expectStackOverflow(instance.getFunc("down")->call(std::vector{Val::i32(-1)}));
      EXPECT_GT(instance.getGlobal("depth")->get().i32(), 100);
    }
    expectStackOverflow(r.down->call(std::vector{Val::i32(0)}));
    EXPECT_GT(r.ownLevels, 2);
    EXPECT_EQ(*instance.getFunc("down")->call(std::vector{Val::i32(100)}),
              std::vector{Val::i32(100)});
    ran = true;
  });
  EXPECT_TRUE(ran);
  // The same instances on this thread, with its larger stack, go deeper.
  instance.getGlobal("depth")->set(Val::i32(0));
  expectStackOverflow(instance.getFunc("down")->call(std::vector{Val::i32(-1)}));
  EXPECT_GT(instance.getGlobal("depth")->get().i32(), 10000);
}

TEST_P(StackLimitTest, ABudgetLargerThanTheAddressSpaceIsBoundedByTheThreadsStack) {
  // rsp - maxWasmStack would wrap (or reach below every stack): the thread's
  // end bounds the limit instead.
  for (size_t maxWasmStack : {SIZE_MAX, size_t(1) << 40}) {
    Engine engine(config(maxWasmStack));
    Module recurse = compileWat(engine, kRecurseWat);
    Module reenter = compileWat(engine, kReenterWat);
    Store store(engine);
    Instance instance = instantiateOrFail(Linker(), store, recurse);
    Reenterer r(engine, reenter);
    bool ran = false;
    runOnThread(512 * 1024, [&] {
      expectStackOverflow(instance.getFunc("down")->call(std::vector{Val::i32(-1)}));
      EXPECT_GT(instance.getGlobal("depth")->get().i32(), 1000);
      expectStackOverflow(r.down->call(std::vector{Val::i32(0)}));
      ran = true;
    });
    EXPECT_TRUE(ran);
  }
}

TEST_P(StackLimitTest, ThreadWithAlmostNoStackTrapsAtOnce) {
  // Less stack than the host reserve: every call into Wasm traps at entry.
  Engine engine(config());
  Module recurse = compileWat(engine, kRecurseWat);
  Store store(engine);
  Instance instance = instantiateOrFail(Linker(), store, recurse);
  bool ran = false;
  runOnThread(96 * 1024, [&] {
    expectStackOverflow(instance.getFunc("down")->call(std::vector{Val::i32(0)}));
    EXPECT_EQ(instance.getGlobal("depth")->get().i32(), 0);
    ran = true;
  });
  EXPECT_TRUE(ran);
  EXPECT_EQ(*instance.getFunc("down")->call(std::vector{Val::i32(3)}), std::vector{Val::i32(3)});
}

INSTANTIATE_TEST_SUITE_P(Modes, StackLimitTest,
                         ::testing::Values(MemoryMode::GuardPages, MemoryMode::BoundsChecks));

}  // namespace
}  // namespace kiln::test
