// Symlinks swapped during the call: another thread keeps exchanging a
// directory (or a file) inside the sandbox with a symlink leading out while
// paths through it are resolved, with openat2 and with the component walk.
// Whatever the interleaving, nothing outside is ever opened: each lookup
// finds the inside entry or fails.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "wasi/sandbox_path.h"
#include "wasi_test_util.h"

namespace kiln::wasi {
namespace {

// Lookups per strategy before giving up on seeing both sides of the swap.
constexpr int kMaxLookups = 200'000;

class SandboxRaceTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    setForcePathWalk(GetParam());
    mkdir((outer_.path() + "/secret").c_str(), 0755);
    outer_.writeFile("secret/f", "secret");
    root_ = outer_.path() + "/root";
    mkdir(root_.c_str(), 0755);
    mkdir((root_ + "/sub").c_str(), 0755);
    outer_.writeFile("root/sub/f", "inside");
    outer_.writeFile("root/file", "inside");
    symlink("../secret", (root_ + "/sub_swap").c_str());
    symlink("../secret/f", (root_ + "/file_swap").c_str());
    dir_ = UniqueFd(open(root_.c_str(), O_RDONLY | O_DIRECTORY));
  }
  void TearDown() override { setForcePathWalk(false); }

  // Exchanges root/NAME and root/NAME_swap atomically, again and again,
  // from its own thread until destroyed (also when an assertion returns).
  class Swapper {
   public:
    explicit Swapper(const std::string& path)
        : thread_([this, a = path, b = path + "_swap"] {
            while (!stop_.load(std::memory_order_relaxed)) {
              if (renameat2(AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE) != 0) {
                failed_ = true;
                return;
              }
            }
          }) {}
    ~Swapper() { stop(); }
    // Stops swapping; true when every exchange succeeded.
    bool stop() {
      stop_ = true;
      if (thread_.joinable()) thread_.join();
      return !failed_;
    }

   private:
    std::atomic<bool> stop_{false};
    std::atomic<bool> failed_{false};
    std::thread thread_;
  };
  std::string readAll(int fd) {
    char buffer[64];
    ssize_t n = pread(fd, buffer, sizeof buffer, 0);
    return std::string(buffer, n > 0 ? size_t(n) : 0);
  }

  test::TempDir outer_;
  std::string root_;
  UniqueFd dir_;
};

// "sub/f" while "sub" flips between the directory and a link to ../secret.
TEST_P(SandboxRaceTest, DirectorySwappedForAnOutwardSymlinkDuringLookups) {
  Swapper swapper(root_ + "/sub");
  int inside = 0, refused = 0;
  for (int i = 0; i < kMaxLookups && !(inside > 100 && refused > 100); ++i) {
    auto fd = openBeneath(dir_.get(), "sub/f", O_RDONLY, 0, true);
    if (fd) {
      ASSERT_EQ(readAll(fd->get()), "inside");
      ++inside;
    } else {
      // The link leads out (NotCapable); mid-exchange a name may be missing.
      ASSERT_TRUE(fd.error() == Errno::NotCapable || fd.error() == Errno::NoEnt)
          << int(fd.error());
      refused += fd.error() == Errno::NotCapable;
    }
    auto parent = openParent(dir_.get(), "sub/f");
    if (parent) {
      UniqueFd file(openat(parent->dir.get(), parent->name.c_str(), O_RDONLY | O_CLOEXEC));
      if (file.get() >= 0) {
        ASSERT_EQ(readAll(file.get()), "inside");
      }
    }
  }
  ASSERT_TRUE(swapper.stop());
  // Both sides of the swap were seen: the race was really run.
  EXPECT_GT(inside, 0);
  EXPECT_GT(refused, 0);
}

// The final name flips between a file and a link to ../secret/f: followed,
// the link is refused; not followed, it is a link (ELOOP), never the file
// it points to.
TEST_P(SandboxRaceTest, FinalNameSwappedForAnOutwardSymlinkDuringLookups) {
  Swapper swapper(root_ + "/file");
  int inside = 0, refused = 0;
  for (int i = 0; i < kMaxLookups && !(inside > 100 && refused > 100); ++i) {
    bool follow = i % 2 == 0;
    auto fd = openBeneath(dir_.get(), "file", O_RDONLY, 0, follow);
    if (fd) {
      ASSERT_EQ(readAll(fd->get()), "inside");
      ++inside;
    } else {
      Errno expected = follow ? Errno::NotCapable : Errno::Loop;
      ASSERT_TRUE(fd.error() == expected || fd.error() == Errno::NoEnt) << int(fd.error());
      refused += fd.error() == expected;
    }
  }
  ASSERT_TRUE(swapper.stop());
  EXPECT_GT(inside, 0);
  EXPECT_GT(refused, 0);
  EXPECT_EQ(outer_.readFile("secret/f"), "secret");
}

INSTANTIATE_TEST_SUITE_P(Strategies, SandboxRaceTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Walk" : "Openat2"; });

}  // namespace
}  // namespace kiln::wasi
