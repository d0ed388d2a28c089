// Memory images (vm/memory_image.h): with guard pages, memory 0 of a module
// whose data segments are all constant maps the module's image
// copy-on-write. Instances must still see exactly what copying the segments
// would give, privately, and a reused reservation must read as zero.
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "runtime_test_util.h"

namespace kiln::test {
namespace {

std::string bytesAt(const Memory& memory, size_t at, size_t length) {
  return std::string(reinterpret_cast<const char*>(memory.data() + at), length);
}

// Two overlapping segments (the later wins) and one at the very end of the
// minimum size.
constexpr std::string_view kImageModule = R"((module
  (memory (export "memory") 2)
  (data (i32.const 100) "hello, world")
  (data (i32.const 107) "WORLD")
  (data (i32.const 131068) "end!")
  (func (export "store") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
  (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
)";

class MemoryImageTest : public ::testing::TestWithParam<MemoryMode> {
 protected:
  Engine engine{[] {
    Config config;
    config.memoryMode = GetParam();
    return config;
  }()};
};

TEST_P(MemoryImageTest, InstancesSeeTheSegmentsAndWritePrivately) {
  Store store(engine);
  Module module = compileWat(engine, kImageModule);
  Instance first = instantiateOrFail(Linker(), store, module);
  Instance second = instantiateOrFail(Linker(), store, module);
  Memory memory = *first.getMemory("memory");
  EXPECT_EQ(bytesAt(memory, 100, 12), "hello, WORLD");
  EXPECT_EQ(bytesAt(memory, 131068, 4), "end!");
  EXPECT_EQ(memory.data()[99], 0);
  EXPECT_EQ(memory.data()[112], 0);

  // A write from Wasm and one from the host, in the image's page.
  ASSERT_TRUE(first.getFunc("store")->call(std::vector{Val::i32(100), Val::i32('J')}));
  memory.data()[101] = 'E';
  EXPECT_EQ(bytesAt(memory, 100, 5), "JEllo");
  auto load = second.getFunc("load")->call(std::vector{Val::i32(100)});
  ASSERT_TRUE(load);
  EXPECT_EQ(*load, std::vector{Val::i32('h')});
  EXPECT_EQ(bytesAt(*second.getMemory("memory"), 100, 12), "hello, WORLD");
  Instance third = instantiateOrFail(Linker(), store, module);
  EXPECT_EQ(bytesAt(*third.getMemory("memory"), 100, 12), "hello, WORLD");
}

TEST_P(MemoryImageTest, GrowingKeepsTheImageAndAddsZeroPages) {
  Store store(engine);
  Module module = compileWat(engine, kImageModule);
  Instance instance = instantiateOrFail(Linker(), store, module);
  auto grown = instance.getFunc("grow")->call(std::vector{Val::i32(3)});
  ASSERT_TRUE(grown);
  EXPECT_EQ(*grown, std::vector{Val::i32(2)});
  Memory memory = *instance.getMemory("memory");
  EXPECT_EQ(bytesAt(memory, 100, 12), "hello, WORLD");
  EXPECT_EQ(memory.data()[4 * 65536 + 5], 0);
  ASSERT_TRUE(instance.getFunc("store")->call(std::vector{Val::i32(4 * 65536 + 5), Val::i32(9)}));
  EXPECT_EQ(memory.data()[4 * 65536 + 5], 9);
}

TEST_P(MemoryImageTest, AReusedMemoryReadsAsZero) {
  Module module = compileWat(engine, kImageModule);
  Module blank = compileWat(engine, R"((module (memory (export "memory") 2)))");
  for (int round = 0; round < 3; ++round) {
    {
      Store store(engine);
      Instance instance = instantiateOrFail(Linker(), store, module);
      Memory memory = *instance.getMemory("memory");
      memory.data()[100] = 'X';
      memory.data()[70000] = 'Y';
    }
    // Dropping the store returns the memory's reservation for reuse: what
    // the image and the writes put there must be gone.
    Store store(engine);
    Instance instance = instantiateOrFail(Linker(), store, blank);
    Memory memory = *instance.getMemory("memory");
    for (size_t at : {size_t(100), size_t(107), size_t(70000), size_t(131068)}) {
      EXPECT_EQ(memory.data()[at], 0) << "round " << round << ", byte " << at;
    }
  }
}

TEST_P(MemoryImageTest, ModulesWithoutAnImageStillInitialise) {
  Store store(engine);
  // An offset from an imported global: no image, the segment is copied.
  Module env = compileWat(engine, R"((module (global (export "at") i32 (i32.const 300))))");
  Linker linker;
  linker.defineInstance("env", instantiateOrFail(Linker(), store, env));
  Module fromGlobal = compileWat(engine, R"((module
    (import "env" "at" (global $at i32))
    (memory (export "memory") 1)
    (data (global.get $at) "copied")))");
  Instance instance = instantiateOrFail(linker, store, fromGlobal);
  EXPECT_EQ(bytesAt(*instance.getMemory("memory"), 300, 6), "copied");
  // A segment past the minimum size still fails instantiation with its trap.
  Module outside = compileWat(engine, R"((module
    (memory 1)
    (data (i32.const 65534) "abc")))");
  Error error = instantiationError(Linker(), store, outside);
  EXPECT_EQ(error.kind, ErrorKind::Trap);
}

// The image gathers segments in a 1 MiB window before writing them: this
// module's segments cross windows, leave gaps, go back over bytes written
// from an earlier window and from the same one, and one is bigger than a
// window. Memory must read as the segments applied one after another.
TEST_P(MemoryImageTest, ManySegmentsInAnyOrderReadAsAppliedInTurn) {
  constexpr size_t kBytes = 40 * 65536;
  std::string expected(kBytes, '\0');
  std::string wat = "(module (memory (export \"memory\") 40)";
  uint32_t seed = 12345;
  auto next = [&] { return seed = seed * 1103515245u + 12345u; };
  auto addSegment = [&](size_t at, size_t size) {
    wat += "(data (i32.const " + std::to_string(at) + ") \"";
    for (size_t i = 0; i < size; ++i) {
      const char byte = char('a' + next() % 26);
      expected[at + i] = byte;
      wat += byte;
    }
    wat += "\")";
  };
  for (size_t at = 1000; at < 1500000; at += 3000) addSegment(at, 100 + next() % 2000);
  addSegment(1400000, 50);        // back within the current window
  addSegment(500, 400);           // back to the first window's bytes, and
  addSegment(6000, 100);          // on past some: the gap must not be zeroed
  addSegment(1500000, 1100000);   // bigger than a window
  addSegment(2600000, 10);
  addSegment(1000000, 700000);    // back over all of them
  wat += ")";
  Store store(engine);
  Module module = compileWat(engine, wat);
  Instance instance = instantiateOrFail(Linker(), store, module);
  Memory memory = *instance.getMemory("memory");
  ASSERT_EQ(memory.size(), kBytes);
  for (size_t at = 0; at < kBytes; ++at) {
    ASSERT_EQ(char(memory.data()[at]), expected[at]) << "byte " << at;
  }
}

INSTANTIATE_TEST_SUITE_P(Modes, MemoryImageTest,
                         ::testing::Values(MemoryMode::GuardPages, MemoryMode::BoundsChecks),
                         [](const auto& info) {
                           return info.param == MemoryMode::GuardPages ? "GuardPages" : "BoundsChecks";
                         });

}  // namespace
}  // namespace kiln::test
