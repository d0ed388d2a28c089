#include "wasi/guest_memory.h"

#include <gtest/gtest.h>

#include <vector>

namespace kiln::wasi {
namespace {

TEST(GuestMemoryTest, AcceptsRangesInsideAndAtTheEnd) {
  std::vector<uint8_t> bytes(100);
  GuestMemory mem(bytes.data(), bytes.size());
  EXPECT_TRUE(mem.contains(0, 100));
  EXPECT_TRUE(mem.contains(100, 0));
  EXPECT_TRUE(mem.store<uint32_t>(96, 0x11223344));
  EXPECT_EQ(*mem.load<uint32_t>(96), 0x11223344u);
  EXPECT_EQ(bytes[96], 0x44);  // little-endian
}

TEST(GuestMemoryTest, RefusesRangesPastTheEndWithoutWrapping) {
  std::vector<uint8_t> bytes(100);
  GuestMemory mem(bytes.data(), bytes.size());
  EXPECT_FALSE(mem.contains(97, 4));
  EXPECT_FALSE(mem.contains(101, 0));
  EXPECT_FALSE(mem.contains(0xffffffffu, 2));
  EXPECT_FALSE(mem.contains(1, UINT64_MAX));
  EXPECT_FALSE(mem.store<uint32_t>(97, 1));
  EXPECT_FALSE(mem.load<uint64_t>(93).has_value());
  EXPECT_FALSE(mem.bytes(50, 51).has_value());
  EXPECT_FALSE(mem.string(100, 1).has_value());
}

TEST(GuestMemoryTest, EmptyMemoryRefusesEveryNonEmptyRange) {
  GuestMemory mem;
  EXPECT_FALSE(mem.contains(0, 1));
  EXPECT_FALSE(mem.load<uint8_t>(0).has_value());
}

}  // namespace
}  // namespace kiln::wasi
