// Long-running checks: trapping calls leak nothing (memory stays flat; run
// under -DKILN_SANITIZE=ON for LeakSanitizer), and a process holds and
// recycles very many instances. KILN_STRESS_ITERATIONS overrides the number
// of trapping calls (default: a million, under a second).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "runtime_test_util.h"

namespace kiln::test {
namespace {

int stressIterations() {
  const char* text = std::getenv("KILN_STRESS_ITERATIONS");
  return text ? std::atoi(text) : 1'000'000;
}

/// Resident set size in bytes.
size_t residentBytes() {
  std::ifstream statm("/proc/self/statm");
  size_t pages = 0;
  size_t resident = 0;
  statm >> pages >> resident;
  return resident * 4096;
}

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

TEST(Stress, TrappingLibcallsAndHostCallsLeakNothing) {
  Engine engine;
  Store store(engine);
  Linker linker;
  linker.defineFunc(store, "env", "fail", FuncType{},
                    [](Caller&, std::span<const Val>, std::span<Val>) {
                      // A message long enough to live on the heap.
                      return std::optional<Error>(Trap{
                          TrapCode::Unreachable, std::string(64, 'x') + " host trap", {}});
                    });
  Module module = compileWat(engine, R"((module
    (import "env" "fail" (func $fail))
    (memory 1)
    (table 1 funcref)
    (func $f)
    (elem $e func $f)
    (func (export "copy") (memory.copy (i32.const 65536) (i32.const 0) (i32.const 1)))
    (func (export "init") (table.init $e (i32.const 1) (i32.const 0) (i32.const 1)))
    (func (export "host") (call $fail)))
  )");
  Instance instance = instantiateOrFail(linker, store, module);
  Func copy = *instance.getFunc("copy");
  Func init = *instance.getFunc("init");
  Func host = *instance.getFunc("host");

  auto round = [&] {
    auto a = copy.call({});
    auto b = init.call({});
    auto c = host.call({});
    ASSERT_FALSE(a || b || c);
    ASSERT_EQ(a.error().trap->code, TrapCode::HeapAccessOutOfBounds);
    ASSERT_EQ(b.error().trap->code, TrapCode::TableAccessOutOfBounds);
    ASSERT_EQ(c.error().message.size(), 74u);
  };
  for (int i = 0; i < 1000; ++i) round();  // warm up allocator caches
  size_t before = residentBytes();
  int iterations = stressIterations();
  for (int i = 0; i < iterations; ++i) round();
  size_t after = residentBytes();
  if (!kSanitized) {  // ASan's quarantine grows RSS by design; LSan checks instead
    EXPECT_LT(after, before + (4u << 20)) << "RSS grew from " << before << " to " << after;
  }
}

TEST(Stress, CreateAndDropManyInstancesWithGuardPages) {
  Engine engine;  // guard pages: 8 GiB of address space per live memory
  Module module = compileWat(engine, R"((module
    (memory (export "memory") 1)
    (data (i32.const 0) "x")
    (func (export "f") (result i32) (i32.load8_u (i32.const 0))))
  )");
  Linker linker;
  for (int i = 0; i < 100'000; ++i) {
    Store store(engine);
    auto instance = linker.instantiate(store, module);
    ASSERT_TRUE(instance) << "instance " << i << ": " << instance.error().message;
    if (i % 10'000 == 0) {
      ASSERT_EQ(instance->getFunc("f")->call({})->at(0), Val::i32('x'));
    }
  }
}

TEST(Stress, ManyLiveInstancesInBoundsCheckMode) {
  Config config;
  config.memoryMode = MemoryMode::BoundsChecks;
  Engine engine(config);
  Store store(engine);
  Module module = compileWat(engine, R"((module
    (memory (export "memory") 1)
    (global $id (export "id") (mut i32) (i32.const 0))
    (func (export "f") (result i32) (i32.load8_u (i32.const 65535))))
  )");
  Linker linker;
  std::vector<Instance> instances;
  instances.reserve(100'000);
  for (int i = 0; i < 100'000; ++i) {
    auto instance = linker.instantiate(store, module);
    ASSERT_TRUE(instance) << "instance " << i << ": " << instance.error().message;
    instance->getMemory("memory")->data()[65535] = uint8_t(i);
    instances.push_back(*instance);
  }
  for (int i = 0; i < 100'000; i += 9'999) {
    EXPECT_EQ(instances[i].getFunc("f")->call({})->at(0), Val::i32(uint8_t(i)));
  }
}

}  // namespace
}  // namespace kiln::test
