// openBeneath and openParent, with openat2 and with the component walk.
#include "wasi/sandbox_path.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi_test_util.h"

namespace kiln::wasi {
namespace {

/// Runs each test with openat2 (false) and with the fallback walk (true).
class SandboxPathTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    setForcePathWalk(GetParam());
    outer_.writeFile("secret.txt", "secret");
    root_ = outer_.path() + "/root";
    mkdir(root_.c_str(), 0755);
    mkdir((root_ + "/sub").c_str(), 0755);
    outer_.writeFile("root/file.txt", "inside");
    symlink("../secret.txt", (root_ + "/out").c_str());
    symlink("/etc/passwd", (root_ + "/abs").c_str());
    symlink("../file.txt", (root_ + "/sub/in").c_str());
    symlink("sub", (root_ + "/subdir_link").c_str());
    symlink("loop", (root_ + "/loop").c_str());
    dir_ = UniqueFd(open(root_.c_str(), O_RDONLY | O_DIRECTORY));
  }
  void TearDown() override { setForcePathWalk(false); }

  Errno openError(std::string_view path, bool follow = true, int flags = O_RDONLY) {
    auto fd = openBeneath(dir_.get(), path, flags, 0644, follow);
    return fd ? Errno::Success : fd.error();
  }
  std::string readAll(std::string_view path, bool follow = true) {
    auto fd = openBeneath(dir_.get(), path, O_RDONLY, 0, follow);
    if (!fd) return "error";
    char buffer[64];
    ssize_t n = read(fd->get(), buffer, sizeof buffer);
    return std::string(buffer, n > 0 ? size_t(n) : 0);
  }

  test::TempDir outer_;
  std::string root_;
  UniqueFd dir_;
};

TEST_P(SandboxPathTest, OpensFilesInside) {
  EXPECT_EQ(readAll("file.txt"), "inside");
  EXPECT_EQ(readAll("sub/../file.txt"), "inside");
  EXPECT_EQ(readAll("./sub/./../file.txt"), "inside");
  EXPECT_EQ(readAll("sub/in"), "inside");
  EXPECT_EQ(readAll("subdir_link/in"), "inside");
}

TEST_P(SandboxPathTest, DotDotCannotLeave) {
  EXPECT_EQ(openError("../secret.txt"), Errno::NotCapable);
  EXPECT_EQ(openError("sub/../../secret.txt"), Errno::NotCapable);
  EXPECT_EQ(openError(".."), Errno::NotCapable);
}

TEST_P(SandboxPathTest, AbsolutePathsAreRefused) {
  EXPECT_EQ(openError("/etc/passwd"), Errno::NotCapable);
  EXPECT_EQ(openError("/"), Errno::NotCapable);
}

TEST_P(SandboxPathTest, SymlinksLeadingOutAreRefused) {
  EXPECT_EQ(openError("out"), Errno::NotCapable);
  EXPECT_EQ(openError("abs"), Errno::NotCapable);
  EXPECT_EQ(openError("out/x", false), Errno::NotCapable);
}

TEST_P(SandboxPathTest, FinalSymlinkIsFollowedOnlyWhenAsked) {
  EXPECT_EQ(openError("sub/in", false), Errno::Loop);
  EXPECT_EQ(openError("out", false), Errno::Loop);
  EXPECT_EQ(openError("loop"), Errno::Loop);
  // O_PATH without following opens the link itself.
  EXPECT_EQ(openError("out", false, O_PATH), Errno::Success);
}

TEST_P(SandboxPathTest, CreatesOnlyInside) {
  EXPECT_EQ(openError("sub/new.txt", false, O_WRONLY | O_CREAT | O_EXCL), Errno::Success);
  EXPECT_EQ(openError("sub/new.txt", false, O_WRONLY | O_CREAT | O_EXCL), Errno::Exist);
  EXPECT_EQ(openError("../new.txt", false, O_WRONLY | O_CREAT), Errno::NotCapable);
  EXPECT_EQ(openError("missing/new.txt", false, O_WRONLY | O_CREAT), Errno::NoEnt);
  EXPECT_EQ(access((outer_.path() + "/new.txt").c_str(), F_OK), -1);
}

TEST_P(SandboxPathTest, ParentOfPathStaysInside) {
  auto parent = openParent(dir_.get(), "sub/name/");
  ASSERT_TRUE(parent);
  EXPECT_EQ(parent->name, "name");
  EXPECT_TRUE(parent->trailingSlash);
  struct stat info;
  ASSERT_EQ(fstatat(parent->dir.get(), "in", &info, AT_SYMLINK_NOFOLLOW), 0);
  EXPECT_TRUE(S_ISLNK(info.st_mode));

  auto dotdot = openParent(dir_.get(), "sub/..");
  ASSERT_TRUE(dotdot);
  EXPECT_EQ(dotdot->name, ".");
  EXPECT_EQ(openParent(dir_.get(), "..").error(), Errno::NotCapable);
  EXPECT_EQ(openParent(dir_.get(), "../x").error(), Errno::NotCapable);
  EXPECT_EQ(openParent(dir_.get(), "/tmp/x").error(), Errno::NotCapable);
}

INSTANTIATE_TEST_SUITE_P(Strategies, SandboxPathTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Walk" : "Openat2"; });

TEST(CheckGuestPathTest, RejectsBadPaths) {
  EXPECT_EQ(checkGuestPath("a/b"), Errno::Success);
  EXPECT_EQ(checkGuestPath(""), Errno::NoEnt);
  EXPECT_EQ(checkGuestPath(std::string_view("a\0b", 3)), Errno::Inval);
  EXPECT_EQ(checkGuestPath("\xff\xfe"), Errno::Ilseq);
}

}  // namespace
}  // namespace kiln::wasi
