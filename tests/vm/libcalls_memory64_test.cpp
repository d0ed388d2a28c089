// The memory libcalls on any memory of a module (multiple memories) and the
// memory64 twins with u64 operands, called directly as compiled code would.
#include <gtest/gtest.h>

#include <cstring>

#include "test_modules.h"
#include "vm/call_state.h"
#include "vm/libcalls.h"

namespace kiln {
namespace {

constexpr uint64_t kPage = kWasmPageSize;

std::optional<TrapCode> takeTrap() {
  std::optional<Trap> trap = CallState::current().takePendingTrap();
  return trap ? std::optional(trap->code) : std::nullopt;
}

MemoryType memory64(uint64_t min, std::optional<uint64_t> max) {
  return MemoryType{Limits{min, max}, AddressType::I64};
}

class Memory64Libcalls : public ::testing::Test {
 protected:
  void SetUp() override {
    CallState::current().takePendingTrap();
    auto module = std::make_shared<WasmModule>();
    module->memories.push_back(memory64(1, 4));
    instance_ = test::instantiate(module);
    ASSERT_TRUE(instance_);
    base_ = instance_->memory(MemoryIndex(0)).base();
    for (uint32_t i = 0; i < 256; ++i) base_[i] = uint8_t(i);
  }
  VMContext* vmctx() { return instance_->vmctx(); }

  std::unique_ptr<VMInstance> instance_;
  uint8_t* base_ = nullptr;
};

TEST_F(Memory64Libcalls, GrowAndSizeTakeAndReturn64Bits) {
  EXPECT_EQ(kiln_memory64_size(vmctx(), 0), 1u);
  EXPECT_EQ(kiln_memory64_grow(vmctx(), 0, 2), 1u);
  EXPECT_EQ(kiln_memory64_size(vmctx(), 0), 3u);
  EXPECT_EQ(kiln_memory64_grow(vmctx(), 0, 2), UINT64_MAX);  // past the maximum of 4
  // A delta that a 32-bit parameter would truncate to 1 must not grow.
  EXPECT_EQ(kiln_memory64_grow(vmctx(), 0, (uint64_t(1) << 32) + 1), UINT64_MAX);
  EXPECT_EQ(kiln_memory64_grow(vmctx(), 0, UINT64_MAX), UINT64_MAX);
  EXPECT_EQ(kiln_memory64_size(vmctx(), 0), 3u);
  EXPECT_EQ(takeTrap(), std::nullopt);
}

TEST_F(Memory64Libcalls, RangesNear2To64TrapWithoutWriting) {
  // dst + len wraps to a small number: a check that adds would pass it.
  EXPECT_FALSE(kiln_memory64_fill(vmctx(), 0, UINT64_MAX - 1, 7, 4));
  EXPECT_EQ(takeTrap(), TrapCode::HeapAccessOutOfBounds);
  EXPECT_FALSE(kiln_memory64_fill(vmctx(), 0, 2, 7, UINT64_MAX));
  EXPECT_EQ(takeTrap(), TrapCode::HeapAccessOutOfBounds);
  EXPECT_FALSE(kiln_memory64_copy(vmctx(), 0, 0, 0, UINT64_MAX - 7, 16));
  EXPECT_EQ(takeTrap(), TrapCode::HeapAccessOutOfBounds);
  EXPECT_FALSE(kiln_memory64_copy(vmctx(), 0, 0, UINT64_MAX - 7, 0, 16));
  EXPECT_EQ(takeTrap(), TrapCode::HeapAccessOutOfBounds);
  // Addresses past 4 GiB are not taken modulo 2^32.
  EXPECT_FALSE(kiln_memory64_fill(vmctx(), 0, uint64_t(1) << 32, 7, 1));
  EXPECT_EQ(takeTrap(), TrapCode::HeapAccessOutOfBounds);
  for (uint32_t i = 0; i < 16; ++i) EXPECT_EQ(base_[i], i);
}

TEST_F(Memory64Libcalls, InBoundsRangesWork) {
  EXPECT_TRUE(kiln_memory64_fill(vmctx(), 0, kPage - 2, 0x1CD, 2));
  EXPECT_EQ(base_[kPage - 1], 0xCD);
  EXPECT_TRUE(kiln_memory64_copy(vmctx(), 0, 0, 2, 0, 8));  // overlapping: memmove
  const uint8_t expected[] = {0, 1, 0, 1, 2, 3, 4, 5, 6, 7, 10};
  EXPECT_EQ(std::memcmp(base_, expected, sizeof expected), 0);
  EXPECT_TRUE(kiln_memory64_fill(vmctx(), 0, kPage, 0, 0));  // empty at the exact end
  EXPECT_EQ(takeTrap(), std::nullopt);
}

TEST(Memory64Init, DestinationIs64BitSourceAndLength32Bit) {
  auto module = std::make_shared<WasmModule>();
  module->memories.push_back(memory64(1, std::nullopt));
  module->bytes = {'h', 'e', 'l', 'l', 'o'};
  DataSegment hello;
  hello.mode = DataSegment::Mode::Passive;
  hello.size = 5;
  module->data = {hello};
  auto instance = test::instantiate(module);
  ASSERT_TRUE(instance);
  uint8_t* base = instance->memory(MemoryIndex(0)).base();
  EXPECT_TRUE(kiln_memory64_init(instance->vmctx(), 0, 0, kPage - 4, 1, 4));
  EXPECT_EQ(std::memcmp(base + kPage - 4, "ello", 4), 0);
  EXPECT_FALSE(kiln_memory64_init(instance->vmctx(), 0, 0, UINT64_MAX - 1, 0, 4));
  EXPECT_EQ(takeTrap(), TrapCode::HeapAccessOutOfBounds);
  EXPECT_FALSE(kiln_memory64_init(instance->vmctx(), 0, 0, (uint64_t(1) << 32) + 4, 0, 4));
  EXPECT_EQ(takeTrap(), TrapCode::HeapAccessOutOfBounds);
}

/// Two defined 32-bit memories of one page, filled with 0..255 and 100..355.
class TwoMemories : public ::testing::Test {
 protected:
  void SetUp() override {
    CallState::current().takePendingTrap();
    auto module = test::memoryModule(1, 4);
    module->memories.push_back(MemoryType{Limits{1, 4}});
    instance_ = test::instantiate(module);
    ASSERT_TRUE(instance_);
    for (uint32_t i = 0; i < 256; ++i) {
      base(0)[i] = uint8_t(i);
      base(1)[i] = uint8_t(100 + i);
    }
  }
  uint8_t* base(uint32_t memory) { return instance_->memory(MemoryIndex(memory)).base(); }
  VMContext* vmctx() { return instance_->vmctx(); }

  std::unique_ptr<VMInstance> instance_;
};

TEST_F(TwoMemories, CopyBetweenMemoriesAtTheSameOffsetsIsNotAnOverlap) {
  // The same range in two memories: a copy that took the source memory for
  // the destination would leave memory 1 unchanged.
  EXPECT_TRUE(kiln_memory32_copy(vmctx(), 1, 0, 8, 8, 16));
  for (uint32_t i = 8; i < 24; ++i) EXPECT_EQ(base(1)[i], i) << i;
  EXPECT_EQ(base(1)[7], 107);
  EXPECT_EQ(base(1)[24], 124);
  for (uint32_t i = 0; i < 32; ++i) EXPECT_EQ(base(0)[i], i) << i;  // the source is unchanged
}

TEST_F(TwoMemories, EachRangeIsCheckedAgainstItsOwnMemory) {
  ASSERT_EQ(kiln_memory32_grow(vmctx(), 1, 1), 1u);  // memory 1: two pages, memory 0: one
  EXPECT_TRUE(kiln_memory32_copy(vmctx(), 1, 0, 2 * kPage - 4, 0, 4));
  EXPECT_EQ(base(1)[2 * kPage - 1], 3);
  EXPECT_FALSE(kiln_memory32_copy(vmctx(), 0, 1, 0, 2 * kPage - 4, 4 + 1));
  EXPECT_EQ(takeTrap(), TrapCode::HeapAccessOutOfBounds);
  EXPECT_FALSE(kiln_memory32_copy(vmctx(), 0, 1, kPage - 3, 0, 4));  // past memory 0's end
  EXPECT_EQ(takeTrap(), TrapCode::HeapAccessOutOfBounds);
  EXPECT_EQ(base(0)[kPage - 1], 0);
}

TEST_F(TwoMemories, LocalRoutinesTakeTheDefinedMemoryIndex) {
  EXPECT_TRUE(kiln_memory32_fill(vmctx(), 1, 0, 0xEE, 4));
  EXPECT_EQ(base(1)[3], 0xEE);
  EXPECT_EQ(base(0)[3], 3);
  EXPECT_EQ(kiln_memory32_grow(vmctx(), 1, 3), 1u);
  EXPECT_EQ(kiln_memory32_size(vmctx(), 1), 4u);
  EXPECT_EQ(kiln_memory32_size(vmctx(), 0), 1u);
}

TEST(MixedMemories, Memory64CopyMovesBetweenA32AndA64BitMemory) {
  CallState::current().takePendingTrap();
  auto module = test::memoryModule(1, std::nullopt);
  module->memories.push_back(memory64(1, std::nullopt));
  auto instance = test::instantiate(module);
  ASSERT_TRUE(instance);
  uint8_t* narrow = instance->memory(MemoryIndex(0)).base();
  uint8_t* wide = instance->memory(MemoryIndex(1)).base();
  std::memcpy(narrow, "kiln", 4);
  EXPECT_TRUE(kiln_memory64_copy(instance->vmctx(), 1, 0, kPage - 4, 0, 4));
  EXPECT_EQ(std::memcmp(wide + kPage - 4, "kiln", 4), 0);
  EXPECT_FALSE(kiln_memory64_copy(instance->vmctx(), 0, 1, 0, UINT64_MAX - 1, 4));
  EXPECT_EQ(takeTrap(), TrapCode::HeapAccessOutOfBounds);
}

TEST(ImportedMemories, TheSecondImportedMemoryGrowsForOwnerAndImporter) {
  CallState::current().takePendingTrap();
  auto ownerModule = test::memoryModule(1, 8);
  ownerModule->memories.push_back(MemoryType{Limits{2, 8}});
  auto owner = test::instantiate(ownerModule);
  ASSERT_TRUE(owner);
  auto importingModule = std::make_shared<WasmModule>();
  test::addImport(*importingModule, ExternKind::Memory).memory = MemoryType{Limits{1, {}}};
  test::addImport(*importingModule, ExternKind::Memory).memory = MemoryType{Limits{2, {}}};
  InstanceImports imports;
  imports.memories.push_back(owner->sharedMemory(MemoryIndex(0)));
  imports.memories.push_back(owner->sharedMemory(MemoryIndex(1)));
  auto importer = test::instantiate(importingModule, imports);
  ASSERT_TRUE(importer);

  EXPECT_EQ(kiln_imported_memory32_grow(importer->vmctx(), 1, 3), 2u);
  EXPECT_EQ(kiln_memory32_size(owner->vmctx(), 1), 5u);
  EXPECT_EQ(kiln_imported_memory32_size(importer->vmctx(), 1), 5u);
  EXPECT_EQ(kiln_imported_memory32_size(importer->vmctx(), 0), 1u);
  // Module indices: imported memory 1 to imported memory 0, in the new pages.
  EXPECT_TRUE(kiln_imported_memory32_fill(importer->vmctx(), 1, 5 * kPage - 4, 0x42, 4));
  EXPECT_TRUE(kiln_memory32_copy(importer->vmctx(), 0, 1, 0, 5 * kPage - 4, 4));
  EXPECT_EQ(owner->memory(MemoryIndex(0)).base()[3], 0x42);
  EXPECT_EQ(takeTrap(), std::nullopt);
}

}  // namespace
}  // namespace kiln
