// The memory libcalls, called directly as compiled code would call them.
#include <gtest/gtest.h>

#include <cstring>

#include "test_modules.h"
#include "vm/call_state.h"
#include "vm/libcalls.h"

namespace kiln {
namespace {

constexpr uint32_t kPage = uint32_t(kWasmPageSize);
constexpr uint32_t kGrowFailed = UINT32_MAX;

/// The trap the last libcall recorded, cleared.
std::optional<TrapCode> takeTrap() {
  std::optional<Trap> trap = CallState::current().takePendingTrap();
  return trap ? std::optional(trap->code) : std::nullopt;
}

class MemoryLibcalls : public ::testing::Test {
 protected:
  void SetUp() override {
    CallState::current().takePendingTrap();
    instance_ = test::instantiate(test::memoryModule(1, 4));
    ASSERT_TRUE(instance_);
    base_ = instance_->memory(MemoryIndex(0)).base();
    for (uint32_t i = 0; i < 256; ++i) base_[i] = uint8_t(i);
  }
  VMContext* vmctx() { return instance_->vmctx(); }

  std::unique_ptr<VMInstance> instance_;
  uint8_t* base_ = nullptr;
};

TEST_F(MemoryLibcalls, CopyZeroBytesAtTheExactEndIsAllowed) {
  EXPECT_TRUE(kiln_memory32_copy(vmctx(), 0, 0, kPage, kPage, 0));
  EXPECT_TRUE(kiln_memory32_copy(vmctx(), 0, 0, kPage, 0, 0));
  EXPECT_EQ(takeTrap(), std::nullopt);
}

TEST_F(MemoryLibcalls, CopyZeroBytesOnePastTheEndTraps) {
  EXPECT_FALSE(kiln_memory32_copy(vmctx(), 0, 0, kPage + 1, 0, 0));
  EXPECT_EQ(takeTrap(), TrapCode::HeapAccessOutOfBounds);
  EXPECT_FALSE(kiln_memory32_copy(vmctx(), 0, 0, 0, kPage + 1, 0));
  EXPECT_EQ(takeTrap(), TrapCode::HeapAccessOutOfBounds);
}

TEST_F(MemoryLibcalls, CopyWhoseEndOverflows32BitsTrapsWithoutWriting) {
  EXPECT_FALSE(kiln_memory32_copy(vmctx(), 0, 0, UINT32_MAX, 0, 2));
  EXPECT_EQ(takeTrap(), TrapCode::HeapAccessOutOfBounds);
  EXPECT_FALSE(kiln_memory32_copy(vmctx(), 0, 0, 0, 0xFFFFFFF0u, 0x20));
  EXPECT_EQ(takeTrap(), TrapCode::HeapAccessOutOfBounds);
  EXPECT_EQ(base_[0], 0);
  EXPECT_EQ(base_[1], 1);
}

TEST_F(MemoryLibcalls, PartlyOutOfBoundsCopyWritesNothing) {
  EXPECT_FALSE(kiln_memory32_copy(vmctx(), 0, 0, kPage - 10, 0, 11));
  EXPECT_EQ(takeTrap(), TrapCode::HeapAccessOutOfBounds);
  for (uint32_t i = kPage - 10; i < kPage; ++i) EXPECT_EQ(base_[i], 0) << i;
}

TEST_F(MemoryLibcalls, CopyUpToTheEndSucceeds) {
  EXPECT_TRUE(kiln_memory32_copy(vmctx(), 0, 0, kPage - 10, 0, 10));
  EXPECT_EQ(base_[kPage - 1], 9);
}

TEST_F(MemoryLibcalls, OverlappingCopyForwardBehavesLikeMemmove) {
  EXPECT_TRUE(kiln_memory32_copy(vmctx(), 0, 0, 2, 0, 8));
  const uint8_t expected[] = {0, 1, 0, 1, 2, 3, 4, 5, 6, 7, 10};
  EXPECT_EQ(std::memcmp(base_, expected, sizeof expected), 0);
}

TEST_F(MemoryLibcalls, OverlappingCopyBackwardBehavesLikeMemmove) {
  EXPECT_TRUE(kiln_memory32_copy(vmctx(), 0, 0, 0, 2, 8));
  const uint8_t expected[] = {2, 3, 4, 5, 6, 7, 8, 9, 8, 9, 10};
  EXPECT_EQ(std::memcmp(base_, expected, sizeof expected), 0);
}

TEST_F(MemoryLibcalls, FillUsesTheLowByteOfTheValue) {
  EXPECT_TRUE(kiln_memory32_fill(vmctx(), 0, 10, 0x1AB, 3));
  EXPECT_EQ(base_[9], 9);
  EXPECT_EQ(base_[10], 0xAB);
  EXPECT_EQ(base_[12], 0xAB);
  EXPECT_EQ(base_[13], 13);
}

TEST_F(MemoryLibcalls, FillBoundsAreCheckedBeforeWriting) {
  EXPECT_TRUE(kiln_memory32_fill(vmctx(), 0, kPage, 1, 0));
  EXPECT_FALSE(kiln_memory32_fill(vmctx(), 0, kPage + 1, 1, 0));
  EXPECT_EQ(takeTrap(), TrapCode::HeapAccessOutOfBounds);
  EXPECT_FALSE(kiln_memory32_fill(vmctx(), 0, kPage - 1, 7, 2));
  EXPECT_EQ(takeTrap(), TrapCode::HeapAccessOutOfBounds);
  EXPECT_EQ(base_[kPage - 1], 0);
  EXPECT_FALSE(kiln_memory32_fill(vmctx(), 0, 0xFFFFFFFFu, 7, 0xFFFFFFFFu));
  EXPECT_EQ(takeTrap(), TrapCode::HeapAccessOutOfBounds);
}

TEST_F(MemoryLibcalls, GrowAndSize) {
  EXPECT_EQ(kiln_memory32_size(vmctx(), 0), 1u);
  EXPECT_EQ(kiln_memory32_grow(vmctx(), 0, 0), 1u);
  EXPECT_EQ(kiln_memory32_grow(vmctx(), 0, 2), 1u);
  EXPECT_EQ(kiln_memory32_size(vmctx(), 0), 3u);
  EXPECT_EQ(kiln_memory32_grow(vmctx(), 0, 2), kGrowFailed);  // past the maximum of 4
  EXPECT_EQ(kiln_memory32_grow(vmctx(), 0, UINT32_MAX), kGrowFailed);
  EXPECT_EQ(kiln_memory32_grow(vmctx(), 0, 1), 3u);
  EXPECT_EQ(takeTrap(), std::nullopt);  // growth failure is not a trap
  // The new pages are in bounds for the other libcalls.
  EXPECT_TRUE(kiln_memory32_fill(vmctx(), 0, 4 * kPage - 1, 5, 1));
}

TEST(MemoryLibcallsLimits, GrowPastTheEngineLimitFails) {
  Config config;
  config.maxMemoryPages = 2;
  auto instance = test::instantiate(test::memoryModule(1, std::nullopt), {}, config);
  ASSERT_TRUE(instance);
  EXPECT_EQ(kiln_memory32_grow(instance->vmctx(), 0, 2), kGrowFailed);
  EXPECT_EQ(kiln_memory32_grow(instance->vmctx(), 0, 1), 1u);
  EXPECT_EQ(kiln_memory32_grow(instance->vmctx(), 0, 1), kGrowFailed);
}

TEST(MemoryLibcallsLimits, BoundsCheckModeMemoryWorksThroughLibcalls) {
  MemoryPool pool(1, 8);
  Config config;
  config.memoryMode = MemoryMode::BoundsChecks;
  auto instance = test::instantiate(test::memoryModule(1, std::nullopt), {}, config, &pool);
  ASSERT_TRUE(instance);
  EXPECT_TRUE(kiln_memory32_fill(instance->vmctx(), 0, 0, 9, 16));
  EXPECT_EQ(kiln_memory32_grow(instance->vmctx(), 0, 1), 1u);  // leaves the slot, moves
  EXPECT_TRUE(kiln_memory32_copy(instance->vmctx(), 0, 0, kPage, 0, 16));
  EXPECT_EQ(instance->memory(MemoryIndex(0)).base()[kPage + 15], 9);
}

TEST(MemoryLibcallsImported, GrowthIsSeenByTheOwnerAndTheImporter) {
  auto owner = test::instantiate(test::memoryModule(1, 8));
  ASSERT_TRUE(owner);
  auto importingModule = std::make_shared<WasmModule>();
  test::addImport(*importingModule, ExternKind::Memory).memory = MemoryType{Limits{1, {}}};
  InstanceImports imports;
  imports.memories.push_back(owner->sharedMemory(MemoryIndex(0)));
  auto importer = test::instantiate(importingModule, imports);
  ASSERT_TRUE(importer);

  EXPECT_EQ(kiln_imported_memory32_grow(importer->vmctx(), 0, 2), 1u);
  EXPECT_EQ(kiln_imported_memory32_size(importer->vmctx(), 0), 3u);
  EXPECT_EQ(kiln_memory32_size(owner->vmctx(), 0), 3u);
  EXPECT_EQ(kiln_memory32_grow(owner->vmctx(), 0, 1), 3u);
  EXPECT_EQ(kiln_imported_memory32_size(importer->vmctx(), 0), 4u);

  EXPECT_TRUE(kiln_imported_memory32_fill(importer->vmctx(), 0, 4 * kPage - 4, 0x77, 4));
  EXPECT_EQ(owner->memory(MemoryIndex(0)).base()[4 * kPage - 1], 0x77);
  EXPECT_TRUE(kiln_memory32_copy(importer->vmctx(), 0, 0, 0, 4 * kPage - 4, 4));
  EXPECT_EQ(owner->memory(MemoryIndex(0)).base()[3], 0x77);
  EXPECT_FALSE(kiln_memory32_copy(importer->vmctx(), 0, 0, 4 * kPage - 3, 0, 4));
  EXPECT_EQ(takeTrap(), TrapCode::HeapAccessOutOfBounds);
  EXPECT_FALSE(kiln_imported_memory32_fill(importer->vmctx(), 0, 4 * kPage, 0, 1));
  EXPECT_EQ(takeTrap(), TrapCode::HeapAccessOutOfBounds);
}

/// A module with one memory and two passive data segments "hello" and "ab".
std::shared_ptr<WasmModule> passiveDataModule() {
  auto module = test::memoryModule(1, std::nullopt);
  const char payload[] = "helloab";
  module->bytes.assign(payload, payload + 7);
  DataSegment hello;
  hello.mode = DataSegment::Mode::Passive;
  hello.dataOffset = 0;
  hello.size = 5;
  DataSegment ab = hello;
  ab.dataOffset = 5;
  ab.size = 2;
  module->data = {hello, ab};
  return module;
}

TEST(MemoryInit, CopiesFromTheSegmentWithBothRangesChecked) {
  auto instance = test::instantiate(passiveDataModule());
  ASSERT_TRUE(instance);
  VMContext* vmctx = instance->vmctx();
  uint8_t* base = instance->memory(MemoryIndex(0)).base();
  EXPECT_TRUE(kiln_memory32_init(vmctx, 0, 0, 100, 1, 4));
  EXPECT_EQ(std::memcmp(base + 100, "ello", 4), 0);
  EXPECT_TRUE(kiln_memory32_init(vmctx, 0, 1, kPage - 2, 0, 2));
  EXPECT_EQ(base[kPage - 1], 'b');
  EXPECT_TRUE(kiln_memory32_init(vmctx, 0, 0, kPage, 5, 0));  // both ends exact: allowed

  EXPECT_FALSE(kiln_memory32_init(vmctx, 0, 0, 0, 6, 0));  // src one past the segment
  EXPECT_EQ(takeTrap(), TrapCode::HeapAccessOutOfBounds);
  EXPECT_FALSE(kiln_memory32_init(vmctx, 0, 0, 0, 1, 5));
  EXPECT_EQ(takeTrap(), TrapCode::HeapAccessOutOfBounds);
  EXPECT_FALSE(kiln_memory32_init(vmctx, 0, 0, kPage - 1, 0, 2));
  EXPECT_EQ(takeTrap(), TrapCode::HeapAccessOutOfBounds);
  EXPECT_EQ(base[kPage - 1], 'b');  // nothing written
  EXPECT_FALSE(kiln_memory32_init(vmctx, 0, 0, 0xFFFFFFFFu, 0, 2));
  EXPECT_EQ(takeTrap(), TrapCode::HeapAccessOutOfBounds);
}

TEST(MemoryInit, ADroppedSegmentHasLengthZero) {
  auto instance = test::instantiate(passiveDataModule());
  ASSERT_TRUE(instance);
  VMContext* vmctx = instance->vmctx();
  kiln_data_drop(vmctx, 0);
  kiln_data_drop(vmctx, 0);  // idempotent
  EXPECT_TRUE(kiln_memory32_init(vmctx, 0, 0, 0, 0, 0));
  EXPECT_FALSE(kiln_memory32_init(vmctx, 0, 0, 0, 0, 1));
  EXPECT_EQ(takeTrap(), TrapCode::HeapAccessOutOfBounds);
  EXPECT_FALSE(kiln_memory32_init(vmctx, 0, 0, 0, 1, 0));
  EXPECT_EQ(takeTrap(), TrapCode::HeapAccessOutOfBounds);
  EXPECT_TRUE(kiln_memory32_init(vmctx, 0, 1, 0, 0, 2));  // the other segment is untouched
}

}  // namespace
}  // namespace kiln
