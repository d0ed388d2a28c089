// Compiled code on 64-bit memories and tables and on several memories, in
// both memory modes: accesses at the top of the 64-bit address range and
// offsets that wrap trap, a memory past 4 GiB is addressed in full, copies
// between memories at the same offsets, and growth of a second imported
// memory seen by both instances.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include "runtime_test_util.h"

namespace kiln::test {
namespace {

class Memory64Test : public ::testing::TestWithParam<MemoryMode> {
 protected:
  Engine engine{[] {
    Config config;
    config.memoryMode = GetParam();
    return config;
  }()};
  Store store{engine};
};

/// The trap code of a call that must trap.
std::optional<TrapCode> trapOf(const Func& func, std::vector<Val> args) {
  auto result = func.call(args);
  if (result || !result.error().trap) return std::nullopt;
  return result.error().trap->code;
}

constexpr std::string_view kAccessModule = R"((module
  (memory (export "memory") i64 1)
  (func (export "load") (param i64) (result i64) (i64.load (local.get 0)))
  (func (export "store") (param i64 i64) (i64.store (local.get 0) (local.get 1)))
  ;; The static offset alone reaches the last 8 bytes of the address space.
  (func (export "load_high_offset") (param i64) (result i64)
    (i64.load offset=0xFFFFFFFFFFFFFFF8 (local.get 0)))
  (func (export "load_offset_4g") (param i64) (result i32)
    (i32.load8_u offset=0x100000000 (local.get 0)))
  (func (export "load_v128") (param i64) (result i64)
    (i64x2.extract_lane 1 (v128.load (local.get 0)))))
)";

TEST_P(Memory64Test, AccessesNearTheTopOf64BitsTrap) {
  Instance instance = instantiateOrFail(Linker(), store, compileWat(engine, kAccessModule));
  Func load = *instance.getFunc("load");
  Func store64 = *instance.getFunc("store");
  const int64_t kTop = int64_t(UINT64_MAX);
  for (int64_t address : {kTop, kTop - 7, kTop - 8, int64_t(1) << 63, int64_t(1) << 32,
                          int64_t(65536 - 7)}) {
    EXPECT_EQ(trapOf(load, {Val::i64(address)}), TrapCode::HeapAccessOutOfBounds) << address;
    EXPECT_EQ(trapOf(store64, {Val::i64(address), Val::i64(1)}),
              TrapCode::HeapAccessOutOfBounds)
        << address;
  }
  // The last whole i64 of the page is in bounds.
  ASSERT_TRUE(store64.call(std::vector{Val::i64(65536 - 8), Val::i64(0x1122334455667788)}));
  auto loaded = load.call(std::vector{Val::i64(65536 - 8)});
  ASSERT_TRUE(loaded);
  EXPECT_EQ(*loaded, std::vector{Val::i64(0x1122334455667788)});
}

TEST_P(Memory64Test, OffsetsThatWrapPast2To64Trap) {
  Instance instance = instantiateOrFail(Linker(), store, compileWat(engine, kAccessModule));
  Func high = *instance.getFunc("load_high_offset");
  // address + offset wraps to 0 or a small in-bounds address: still a trap.
  for (int64_t address : {int64_t(8), int64_t(16), int64_t(0), int64_t(-8)}) {
    EXPECT_EQ(trapOf(high, {Val::i64(address)}), TrapCode::HeapAccessOutOfBounds) << address;
  }
  Func offset4g = *instance.getFunc("load_offset_4g");
  EXPECT_EQ(trapOf(offset4g, {Val::i64(0)}), TrapCode::HeapAccessOutOfBounds);
  // address + 2^32 wraps to 0 modulo 2^64: a trap, not byte 0.
  EXPECT_EQ(trapOf(offset4g, {Val::i64(-(int64_t(1) << 32))}), TrapCode::HeapAccessOutOfBounds);
  Func vector = *instance.getFunc("load_v128");
  EXPECT_EQ(trapOf(vector, {Val::i64(65536 - 15)}), TrapCode::HeapAccessOutOfBounds);
  EXPECT_EQ(trapOf(vector, {Val::i64(-8)}), TrapCode::HeapAccessOutOfBounds);
  EXPECT_TRUE(vector.call(std::vector{Val::i64(65536 - 16)}));
}

TEST_P(Memory64Test, AMemoryOf5GiBIsWrittenAndReadAt4AndAHalfGiB) {
  constexpr uint64_t kGiB = uint64_t(1) << 30;
  Instance instance = instantiateOrFail(Linker(), store, compileWat(engine, R"((module
    (memory (export "memory") i64 81920)  ;; 5 GiB
    (func (export "store") (param i64 i64) (i64.store (local.get 0) (local.get 1)))
    (func (export "load") (param i64) (result i64) (i64.load (local.get 0)))
    (func (export "size") (result i64) (memory.size)))
  )"));
  Memory memory = *instance.getMemory("memory");
  EXPECT_EQ(memory.pages(), 81920u);
  EXPECT_EQ(memory.size(), 5 * kGiB);
  const uint64_t at = 4 * kGiB + kGiB / 2;
  ASSERT_TRUE(instance.getFunc("store")->call(
      std::vector{Val::i64(int64_t(at)), Val::i64(0x0123456789ABCDEF)}));
  // The host sees the bytes at the same 64-bit offset, past 4 GiB.
  uint64_t seen;
  std::memcpy(&seen, memory.data() + at, 8);
  EXPECT_EQ(seen, 0x0123456789ABCDEFu);
  // Not aliased with the address modulo 2^32.
  EXPECT_EQ(memory.data()[at - 4 * kGiB], 0);
  auto loaded = instance.getFunc("load")->call(std::vector{Val::i64(int64_t(at))});
  ASSERT_TRUE(loaded);
  EXPECT_EQ(*loaded, std::vector{Val::i64(0x0123456789ABCDEF)});
  EXPECT_EQ(trapOf(*instance.getFunc("load"), {Val::i64(int64_t(5 * kGiB - 7))}),
            TrapCode::HeapAccessOutOfBounds);
  auto size = instance.getFunc("size")->call({});
  ASSERT_TRUE(size);
  EXPECT_EQ(*size, std::vector{Val::i64(81920)});
}

TEST_P(Memory64Test, CopiesBetweenMemoriesThatOverlapOnlyInOffset) {
  Instance instance = instantiateOrFail(Linker(), store, compileWat(engine, R"((module
    (memory $a (export "a") 1)
    (memory $b (export "b") i64 1)
    (memory $c (export "c") 1)
    (data (memory $a) (i32.const 16) "0123456789")
    (func (export "a_to_b") (param i32)
      (memory.copy $b $a (i64.extend_i32_u (local.get 0)) (local.get 0) (i32.const 10)))
    (func (export "b_to_c") (param i32)
      (memory.copy $c $b (local.get 0) (i64.extend_i32_u (local.get 0)) (i32.const 10)))
    (func (export "load_c") (param i32) (result i32) (i32.load8_u $c (local.get 0)))
    (func (export "store_a") (param i32 i32) (i32.store8 $a (local.get 0) (local.get 1))))
  )"));
  ASSERT_TRUE(instance.getFunc("a_to_b")->call(std::vector{Val::i32(16)}));
  ASSERT_TRUE(instance.getFunc("b_to_c")->call(std::vector{Val::i32(16)}));
  Memory a = *instance.getMemory("a");
  Memory b = *instance.getMemory("b");
  Memory c = *instance.getMemory("c");
  EXPECT_EQ(std::memcmp(b.data() + 16, "0123456789", 10), 0);
  EXPECT_EQ(std::memcmp(c.data() + 16, "0123456789", 10), 0);
  auto loaded = instance.getFunc("load_c")->call(std::vector{Val::i32(25)});
  ASSERT_TRUE(loaded);
  EXPECT_EQ(*loaded, std::vector{Val::i32('9')});
  // A later write to the source does not show in the copies.
  ASSERT_TRUE(instance.getFunc("store_a")->call(std::vector{Val::i32(16), Val::i32('x')}));
  EXPECT_EQ(a.data()[16], 'x');
  EXPECT_EQ(b.data()[16], '0');
  EXPECT_EQ(c.data()[16], '0');
  // Out of bounds in one memory only: nothing is written.
  EXPECT_EQ(trapOf(*instance.getFunc("a_to_b"), {Val::i32(65536 - 5)}),
            TrapCode::HeapAccessOutOfBounds);
  EXPECT_EQ(b.data()[65535], 0);
}

TEST_P(Memory64Test, GrowingASecondImportedMemoryIsSeenByBothInstances) {
  Linker linker;
  Instance owner = instantiateOrFail(linker, store, compileWat(engine, R"((module
    (memory (export "m0") 1)
    (memory (export "m1") 1 8)
    (func (export "size1") (result i32) (memory.size 1))
    (func (export "load1") (param i32) (result i32) (i32.load 1 (local.get 0))))
  )"));
  linker.defineInstance("owner", owner);
  Instance importer = instantiateOrFail(linker, store, compileWat(engine, R"((module
    (import "owner" "m0" (memory 1))
    (import "owner" "m1" (memory 1))
    (func (export "grow1") (param i32) (result i32) (memory.grow 1 (local.get 0)))
    (func (export "store1") (param i32 i32) (i32.store 1 (local.get 0) (local.get 1)))
    (func (export "size0") (result i32) (memory.size 0)))
  )"));
  auto grown = importer.getFunc("grow1")->call(std::vector{Val::i32(3)});
  ASSERT_TRUE(grown);
  EXPECT_EQ(*grown, std::vector{Val::i32(1)});
  auto size = owner.getFunc("size1")->call({});
  ASSERT_TRUE(size);
  EXPECT_EQ(*size, std::vector{Val::i32(4)});
  EXPECT_EQ(*importer.getFunc("size0")->call({}), std::vector{Val::i32(1)});
  // A store by the importer into the new pages, read by the owner.
  ASSERT_TRUE(importer.getFunc("store1")->call(std::vector{Val::i32(4 * 65536 - 4),
                                                          Val::i32(0x5EED)}));
  EXPECT_EQ(*owner.getFunc("load1")->call(std::vector{Val::i32(4 * 65536 - 4)}),
            std::vector{Val::i32(0x5EED)});
  EXPECT_EQ(trapOf(*owner.getFunc("load1"), {Val::i32(4 * 65536 - 3)}),
            TrapCode::HeapAccessOutOfBounds);
  EXPECT_EQ(owner.getMemory("m1")->pages(), 4u);
}

TEST_P(Memory64Test, Table64IndicesAndCallIndirect) {
  Instance instance = instantiateOrFail(Linker(), store, compileWat(engine, R"((module
    (type $t (func (result i32)))
    (table $t64 i64 2 funcref)
    (elem (table $t64) (i64.const 1) func $seven)
    (func $seven (result i32) (i32.const 7))
    (func (export "call") (param i64) (result i32) (call_indirect $t64 (type $t) (local.get 0)))
    (func (export "grow") (param i64) (result i64) (table.grow $t64 (ref.null func) (local.get 0)))
    (func (export "size") (result i64) (table.size $t64)))
  )"));
  Func call = *instance.getFunc("call");
  EXPECT_EQ(*call.call(std::vector{Val::i64(1)}), std::vector{Val::i32(7)});
  EXPECT_EQ(trapOf(call, {Val::i64(0)}), TrapCode::IndirectCallToNull);
  // An index whose low 32 bits are 1 is out of bounds, not element 1.
  EXPECT_EQ(trapOf(call, {Val::i64((int64_t(1) << 32) + 1)}), TrapCode::TableAccessOutOfBounds);
  EXPECT_EQ(trapOf(call, {Val::i64(-1)}), TrapCode::TableAccessOutOfBounds);
  EXPECT_EQ(*instance.getFunc("grow")->call(std::vector{Val::i64(int64_t(1) << 32)}),
            std::vector{Val::i64(-1)});
  EXPECT_EQ(*instance.getFunc("grow")->call(std::vector{Val::i64(3)}), std::vector{Val::i64(2)});
  EXPECT_EQ(*instance.getFunc("size")->call({}), std::vector{Val::i64(5)});
}

INSTANTIATE_TEST_SUITE_P(BothModes, Memory64Test,
                         ::testing::Values(MemoryMode::GuardPages, MemoryMode::BoundsChecks),
                         [](const auto& info) {
                           return info.param == MemoryMode::GuardPages ? "GuardPages"
                                                                       : "BoundsChecks";
                         });

}  // namespace
}  // namespace kiln::test
