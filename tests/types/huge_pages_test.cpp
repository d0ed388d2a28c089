// reserveInHugePages: a list of megabytes is advised as huge pages before it
// is written (the kernel marks such a mapping "hg" in /proc/self/smaps); a
// small one is left alone.
#include "types/huge_pages.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace kiln {
namespace {

/// The VmFlags of the mapping holding `address`, from /proc/self/smaps.
std::string vmFlagsAt(const void* address) {
  std::ifstream smaps("/proc/self/smaps");
  const uintptr_t at = reinterpret_cast<uintptr_t>(address);
  bool inside = false;
  for (std::string line; std::getline(smaps, line);) {
    uintptr_t begin = 0, end = 0;
    char dash = 0;
    std::istringstream range(line);
    if (range >> std::hex >> begin >> dash >> end && dash == '-') {
      inside = begin <= at && at < end;
    } else if (inside && line.rfind("VmFlags:", 0) == 0) {
      return line;
    }
  }
  return "";
}

TEST(HugePages, AListOfMegabytesIsAdvised) {
  if (!std::ifstream("/sys/kernel/mm/transparent_hugepage/enabled")) {
    GTEST_SKIP() << "this kernel has no transparent huge pages";
  }
  std::vector<uint64_t> big;
  reserveInHugePages(big, 8 << 20 >> 3);  // 8 MiB
  ASSERT_GE(big.capacity(), size_t(8 << 20 >> 3));
  // The middle of the block holds whole huge-page-aligned pages.
  const std::string flags = vmFlagsAt(big.data() + big.capacity() / 2);
  ASSERT_FALSE(flags.empty());
  EXPECT_NE(flags.find(" hg"), std::string::npos) << flags;
}

TEST(HugePages, ASmallListIsLeftAlone) {
  std::vector<uint64_t> small;
  reserveInHugePages(small, 100);
  EXPECT_GE(small.capacity(), 100u);
  EXPECT_EQ(vmFlagsAt(small.data()).find(" hg"), std::string::npos);
}

}  // namespace
}  // namespace kiln
