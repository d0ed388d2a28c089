#include "vm/memory.h"

#include <gtest/gtest.h>

#include <cstring>

namespace kiln {
namespace {

MemoryType memoryType(uint32_t min, std::optional<uint32_t> max = std::nullopt) {
  return MemoryType{Limits{min, max}};
}

TEST(VMMemory, GuardPagesStartZeroedAtTheMinimum) {
  auto memory = VMMemory::create(memoryType(2), Config{});
  ASSERT_TRUE(memory);
  EXPECT_EQ(memory->pages(), 2u);
  EXPECT_EQ(memory->byteLength(), 2 * kWasmPageSize);
  EXPECT_EQ(memory->base()[0], 0);
  EXPECT_EQ(memory->base()[2 * kWasmPageSize - 1], 0);
  memory->base()[2 * kWasmPageSize - 1] = 7;
  EXPECT_EQ(memory->maximumPages(), kMaxMemoryPages);
}

TEST(VMMemory, GrowCommitsInPlaceAndReturnsTheOldSize) {
  auto memory = VMMemory::create(memoryType(1, 3), Config{});
  ASSERT_TRUE(memory);
  uint8_t* base = memory->base();
  EXPECT_EQ(memory->grow(0), 1u);
  EXPECT_EQ(memory->grow(2), 1u);
  EXPECT_EQ(memory->base(), base);
  EXPECT_EQ(memory->pages(), 3u);
  memory->base()[3 * kWasmPageSize - 1] = 1;  // the new pages are writable
  EXPECT_EQ(memory->grow(1), std::nullopt);   // past the declared maximum
  EXPECT_EQ(memory->grow(0), 3u);
  EXPECT_EQ(memory->grow(uint64_t(1) << 40), std::nullopt);
  EXPECT_EQ(memory->pages(), 3u);
}

TEST(VMMemory, EngineLimitCapsGrowthAndCreation) {
  Config config;
  config.maxMemoryPages = 4;
  auto memory = VMMemory::create(memoryType(1), config);
  ASSERT_TRUE(memory);
  EXPECT_EQ(memory->maximumPages(), 4u);
  EXPECT_EQ(memory->grow(4), std::nullopt);
  EXPECT_EQ(memory->grow(3), 1u);
  EXPECT_FALSE(VMMemory::create(memoryType(5), config));
  EXPECT_FALSE(VMMemory::create(memoryType(2, 1), Config{}));  // min over max
}

TEST(VMMemory, ZeroPageMemoryHasNoAccessibleBytes) {
  auto memory = VMMemory::create(memoryType(0), Config{});
  ASSERT_TRUE(memory);
  EXPECT_EQ(memory->byteLength(), 0u);
  EXPECT_EQ(memory->grow(1), 0u);
  EXPECT_EQ(memory->byteLength(), kWasmPageSize);
}

TEST(VMMemory, PublishToKeepsTheSlotCurrent) {
  auto memory = VMMemory::create(memoryType(1), Config{});
  ASSERT_TRUE(memory);
  VMMemoryDefinition slot{nullptr, 0};
  memory->publishTo(&slot);
  EXPECT_EQ(memory->definition(), &slot);
  EXPECT_EQ(slot.length, kWasmPageSize);
  memory->grow(1);
  EXPECT_EQ(slot.length, 2 * kWasmPageSize);
  memory->publishTo(nullptr);
  memory->grow(1);
  EXPECT_EQ(slot.length, 2 * kWasmPageSize);
  EXPECT_EQ(memory->byteLength(), 3 * kWasmPageSize);
}

TEST(VMMemory, BoundsCheckMemoryComesFromThePoolAndMovesWhenOutgrown) {
  MemoryPool pool(/*slotPages=*/2, /*slotsPerSlab=*/4);
  Config config;
  config.memoryMode = MemoryMode::BoundsChecks;
  auto memory = VMMemory::create(memoryType(1), config, &pool);
  ASSERT_TRUE(memory);
  EXPECT_EQ(pool.liveSlots(), 1u);
  memory->base()[100] = 42;
  EXPECT_EQ(memory->grow(1), 1u);  // still inside the slot
  EXPECT_EQ(pool.liveSlots(), 1u);
  EXPECT_EQ(memory->grow(1), 2u);  // outgrows it: moves, keeping the contents
  EXPECT_EQ(pool.liveSlots(), 0u);
  EXPECT_EQ(memory->base()[100], 42);
  EXPECT_EQ(memory->base()[3 * kWasmPageSize - 1], 0);
  EXPECT_EQ(memory->pages(), 3u);
}

TEST(VMMemory, ReleasedPoolSlotIsZeroedBeforeReuse) {
  MemoryPool pool(1, 1);
  Config config;
  config.memoryMode = MemoryMode::BoundsChecks;
  uint8_t* firstBase;
  {
    auto memory = VMMemory::create(memoryType(1), config, &pool);
    ASSERT_TRUE(memory);
    firstBase = memory->base();
    std::memset(memory->base(), 0xAB, kWasmPageSize);
  }
  auto memory = VMMemory::create(memoryType(1), config, &pool);
  ASSERT_TRUE(memory);
  EXPECT_EQ(memory->base(), firstBase);
  for (uint64_t i = 0; i < kWasmPageSize; i += 4096) EXPECT_EQ(memory->base()[i], 0) << i;
}

TEST(VMMemory, BoundsCheckMemoryTooLargeForASlotGetsItsOwnMapping) {
  MemoryPool pool(1, 4);
  Config config;
  config.memoryMode = MemoryMode::BoundsChecks;
  auto memory = VMMemory::create(memoryType(2, 2), config, &pool);
  ASSERT_TRUE(memory);
  EXPECT_EQ(pool.liveSlots(), 0u);
  memory->base()[2 * kWasmPageSize - 1] = 1;
  EXPECT_EQ(memory->grow(1), std::nullopt);
}

// Linux caps a process at vm.max_map_count (65530) mappings: pooled slots
// are what make this many live memories possible.
TEST(VMMemory, HundredThousandLiveOnePageBoundsCheckMemories) {
  MemoryPool pool;
  Config config;
  config.memoryMode = MemoryMode::BoundsChecks;
  std::vector<std::unique_ptr<VMMemory>> memories;
  memories.reserve(100'000);
  for (int i = 0; i < 100'000; ++i) {
    auto memory = VMMemory::create(memoryType(1), config, &pool);
    ASSERT_TRUE(memory) << "memory " << i;
    memory->base()[i % kWasmPageSize] = 1;
    memories.push_back(std::move(memory));
  }
  EXPECT_EQ(pool.liveSlots(), 100'000u);
  memories.clear();
  EXPECT_EQ(pool.liveSlots(), 0u);
}

TEST(VMMemory, HundredThousandGuardPageMemoriesCreatedAndDropped) {
  for (int i = 0; i < 100'000; ++i) {
    auto memory = VMMemory::create(memoryType(1), Config{});
    ASSERT_TRUE(memory) << "memory " << i;
    memory->base()[0] = 1;
  }
}

}  // namespace
}  // namespace kiln
