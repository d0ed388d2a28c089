#include "types/limits.h"

#include <gtest/gtest.h>

namespace kiln {
namespace {

TEST(Limits, ImportMatching) {
  EXPECT_TRUE(limitsMatch({2, 5}, {1, 6}));
  EXPECT_TRUE(limitsMatch({2, std::nullopt}, {1, std::nullopt}));
  EXPECT_FALSE(limitsMatch({0, 5}, {1, 6}));                      // min too small
  EXPECT_FALSE(limitsMatch({2, std::nullopt}, {1, 6}));           // no max where one is required
  EXPECT_FALSE(limitsMatch({2, 7}, {1, 6}));                      // max too large
  EXPECT_TRUE(limitsMatch({2, 7}, {1, std::nullopt}));
}

}  // namespace
}  // namespace kiln
