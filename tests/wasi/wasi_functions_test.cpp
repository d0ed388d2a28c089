// WasiContext's functions called directly on a fake guest memory.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <set>
#include <thread>

#include "wasi/guest_io.h"
#include "wasi/wasi.h"
#include "wasi_test_util.h"

namespace kiln::wasi {
namespace {

constexpr uint64_t kReadRights = rights::kFdRead | rights::kFdSeek | rights::kFdTell |
                                 rights::kFdFilestatGet | rights::kFdReaddir;
constexpr uint64_t kReadWriteRights = kReadRights | rights::kFdWrite | rights::kFdFdstatSetFlags |
                                      rights::kFdFilestatSetSize | rights::kFdFilestatSetTimes;

class WasiFunctionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(pipe(stdin_), 0);
    ASSERT_EQ(pipe(stdout_), 0);
    dir_.writeFile("hello.txt", "hello, file");
    mkdir((dir_.path() + "/sub").c_str(), 0755);
    other_ = dir_.path() + "/sub";
    WasiConfig config;
    config.args = {"prog", "one", "two words"};
    config.env = {{"A", "1"}, {"EMPTY", ""}};
    config.preopens = {{dir_.path(), "sandbox"}, {other_, "other"}};
    config.stdinFd = stdin_[0];
    config.stdoutFd = stdout_[1];
    auto context = WasiContext::create(config);
    ASSERT_TRUE(context) << context.error();
    wasi_ = std::move(*context);
    close(stdin_[0]);
    close(stdout_[1]);
  }
  void TearDown() override {
    close(stdin_[1]);
    close(stdout_[0]);
  }

  /// path_open on the "sandbox" preopen (fd 3); the new fd or the errno.
  Expected<uint32_t, Errno> open(std::string_view path, uint32_t oflags, uint64_t rights,
                                 uint32_t lookup = 0, uint32_t fdflags = 0) {
    uint32_t len = mem_.put(1000, path);
    Errno e = wasi_->pathOpen(m(), 3, lookup, 1000, len, oflags, rights, 0, fdflags, 996);
    if (e != Errno::Success) return Unexpected{e};
    return mem_.get<uint32_t>(996);
  }
  /// fd_write of `text` on `fd`; bytes written or the errno.
  Expected<uint32_t, Errno> write(uint32_t fd, std::string_view text) {
    mem_.putIovec(100, 2000, mem_.put(2000, text));
    Errno e = wasi_->fdWrite(m(), fd, 100, 1, 108);
    if (e != Errno::Success) return Unexpected{e};
    return mem_.get<uint32_t>(108);
  }
  Expected<std::string, Errno> read(uint32_t fd, uint32_t max = 4096) {
    mem_.putIovec(100, 8192, max);
    Errno e = wasi_->fdRead(m(), fd, 100, 1, 108);
    if (e != Errno::Success) return Unexpected{e};
    return mem_.text(8192, mem_.get<uint32_t>(108));
  }
  Errno pathCall(Errno (WasiContext::*f)(const GuestMemory&, uint32_t, uint32_t, uint32_t),
                 std::string_view path) {
    return ((*wasi_).*f)(m(), 3, 1000, mem_.put(1000, path));
  }
  GuestMemory m() { return mem_.view(); }

  test::TempDir dir_;
  std::string other_;
  int stdin_[2];
  int stdout_[2];
  std::unique_ptr<WasiContext> wasi_;
  test::FakeMemory mem_;
};

TEST_F(WasiFunctionsTest, ArgsAndEnvironment) {
  ASSERT_EQ(wasi_->argsSizesGet(m(), 0, 4), Errno::Success);
  EXPECT_EQ(mem_.get<uint32_t>(0), 3u);
  EXPECT_EQ(mem_.get<uint32_t>(4), 5u + 4u + 10u);
  ASSERT_EQ(wasi_->argsGet(m(), 100, 200), Errno::Success);
  EXPECT_EQ(mem_.get<uint32_t>(100), 200u);
  EXPECT_EQ(mem_.get<uint32_t>(104), 205u);
  EXPECT_EQ(mem_.text(209, 10), std::string("two words\0", 10));
  ASSERT_EQ(wasi_->environSizesGet(m(), 0, 4), Errno::Success);
  EXPECT_EQ(mem_.get<uint32_t>(0), 2u);
  EXPECT_EQ(mem_.get<uint32_t>(4), 4u + 7u);
  ASSERT_EQ(wasi_->environGet(m(), 100, 200), Errno::Success);
  EXPECT_EQ(mem_.text(200, 11), std::string("A=1\0EMPTY=\0", 11));
  EXPECT_EQ(wasi_->argsGet(m(), 100, 65530), Errno::Fault);
  EXPECT_EQ(wasi_->argsGet(m(), 65532, 0), Errno::Fault);
}

TEST_F(WasiFunctionsTest, ClocksAndRandom) {
  ASSERT_EQ(wasi_->clockTimeGet(m(), kClockMonotonic, 0, 0), Errno::Success);
  ASSERT_EQ(wasi_->clockTimeGet(m(), kClockMonotonic, 0, 8), Errno::Success);
  EXPECT_LE(mem_.get<uint64_t>(0), mem_.get<uint64_t>(8));
  ASSERT_EQ(wasi_->clockTimeGet(m(), kClockRealtime, 0, 0), Errno::Success);
  EXPECT_GT(mem_.get<uint64_t>(0), 1'577'836'800ull * 1'000'000'000ull);  // after 2020
  for (uint32_t clock : {kClockRealtime, kClockMonotonic, kClockProcessCputime,
                         kClockThreadCputime}) {
    ASSERT_EQ(wasi_->clockResGet(m(), clock, 0), Errno::Success);
    EXPECT_GT(mem_.get<uint64_t>(0), 0u);
  }
  EXPECT_EQ(wasi_->clockTimeGet(m(), 4, 0, 0), Errno::Inval);
  EXPECT_EQ(wasi_->clockTimeGet(m(), kClockRealtime, 0, 65530), Errno::Fault);

  ASSERT_EQ(wasi_->randomGet(m(), 0, 1000), Errno::Success);
  ASSERT_EQ(wasi_->randomGet(m(), 1000, 1000), Errno::Success);
  EXPECT_NE(mem_.text(0, 1000), mem_.text(1000, 1000));
  EXPECT_EQ(wasi_->randomGet(m(), 65000, 1000), Errno::Fault);
  EXPECT_EQ(wasi_->randomGet(m(), 0xffffffff, 2), Errno::Fault);
}

TEST_F(WasiFunctionsTest, StdioThroughPipes) {
  ASSERT_EQ(::write(stdin_[1], "input", 5), 5);
  EXPECT_EQ(*read(0), "input");
  close(stdin_[1]);
  stdin_[1] = -1;
  EXPECT_EQ(*read(0), "");  // end of file
  EXPECT_EQ(*write(1, "out"), 3u);
  char buffer[8];
  ASSERT_EQ(::read(stdout_[0], buffer, sizeof buffer), 3);
  EXPECT_EQ(read(1).error(), Errno::Badf);  // the write end of a pipe
}

TEST_F(WasiFunctionsTest, ManyMegabytesAndManyIovecs) {
  // 4096 iovecs of 8 bytes each (more than IOV_MAX) then a 40 MB write
  // through a pipe read concurrently.
  constexpr uint32_t kCount = 4096;
  for (uint32_t i = 0; i < kCount; ++i) mem_.putIovec(i * 8, 40000, 8);
  mem_.put(40000, "abcdefgh");
  std::string received;
  std::thread reader([&] {
    char buffer[65536];
    ssize_t n;
    while ((n = ::read(stdout_[0], buffer, sizeof buffer)) > 0) received.append(buffer, n);
  });
  ASSERT_EQ(wasi_->fdWrite(m(), 1, 0, kCount, 60000), Errno::Success);
  EXPECT_EQ(mem_.get<uint32_t>(60000), kCount * 8);
  for (uint32_t i = 0; i < 1000; ++i) mem_.putIovec(i * 8, 0, 40000);  // 40 MB total
  ASSERT_EQ(wasi_->fdWrite(m(), 1, 0, 1000, 60000), Errno::Success);
  EXPECT_EQ(mem_.get<uint32_t>(60000), 40'000'000u);
  ASSERT_EQ(wasi_->fdClose(m(), 1), Errno::Success);
  reader.join();
  EXPECT_EQ(received.size(), kCount * 8 + 40'000'000u);
  EXPECT_EQ(received.substr(0, 16), "abcdefghabcdefgh");
}

TEST_F(WasiFunctionsTest, HostileIovecs) {
  EXPECT_EQ(wasi_->fdWrite(m(), 1, 0, 0x80000000u, 100), Errno::Fault);
  EXPECT_EQ(wasi_->fdWrite(m(), 1, 0, 0xffffffffu, 100), Errno::Fault);
  mem_.putIovec(0, 65530, 100);
  EXPECT_EQ(wasi_->fdWrite(m(), 1, 0, 1, 100), Errno::Fault);
  EXPECT_EQ(wasi_->fdRead(m(), 0, 0, 1, 100), Errno::Fault);
  mem_.putIovec(0, 0, 0);
  EXPECT_EQ(wasi_->fdWrite(m(), 1, 0, 1, 65534), Errno::Fault);
  EXPECT_EQ(wasi_->fdWrite(m(), 1, 65532, 1, 100), Errno::Fault);
  EXPECT_EQ(wasi_->fdWrite(m(), 99, 0, 1, 100), Errno::Badf);
  GuestMemory none;
  EXPECT_EQ(wasi_->fdWrite(none, 1, 0, 1, 100), Errno::Fault);
}

TEST_F(WasiFunctionsTest, Prestat) {
  ASSERT_EQ(wasi_->fdPrestatGet(m(), 3, 0), Errno::Success);
  EXPECT_EQ(mem_.get<uint8_t>(0), kPreopenTypeDir);
  EXPECT_EQ(mem_.get<uint32_t>(4), 7u);
  ASSERT_EQ(wasi_->fdPrestatDirName(m(), 4, 100, 5), Errno::Success);
  EXPECT_EQ(mem_.text(100, 5), "other");
  EXPECT_EQ(wasi_->fdPrestatDirName(m(), 3, 100, 6), Errno::NameTooLong);
  EXPECT_EQ(wasi_->fdPrestatGet(m(), 1, 0), Errno::Badf);
  EXPECT_EQ(wasi_->fdPrestatGet(m(), 5, 0), Errno::Badf);
}

TEST_F(WasiFunctionsTest, OpenReadWriteSeekStat) {
  auto fd = open("hello.txt", 0, kReadRights);
  ASSERT_TRUE(fd);
  EXPECT_EQ(*fd, 5u);
  EXPECT_EQ(*read(*fd, 5), "hello");
  ASSERT_EQ(wasi_->fdTell(m(), *fd, 0), Errno::Success);
  EXPECT_EQ(mem_.get<uint64_t>(0), 5u);
  EXPECT_EQ(write(*fd, "x").error(), Errno::NotCapable);  // rights are enforced
  ASSERT_EQ(wasi_->fdSeek(m(), *fd, uint64_t(-3), kWhenceEnd, 0), Errno::Success);
  EXPECT_EQ(mem_.get<uint64_t>(0), 8u);
  EXPECT_EQ(*read(*fd), "ile");
  EXPECT_EQ(wasi_->fdSeek(m(), *fd, 0, 7, 0), Errno::Inval);

  ASSERT_EQ(wasi_->fdFilestatGet(m(), *fd, 0), Errno::Success);
  EXPECT_EQ(mem_.get<uint8_t>(16), uint8_t(FileType::RegularFile));
  EXPECT_EQ(mem_.get<uint64_t>(32), 11u);
  EXPECT_EQ(mem_.get<uint64_t>(24), 1u);  // nlink
  ASSERT_EQ(wasi_->fdFdstatGet(m(), *fd, 0), Errno::Success);
  EXPECT_EQ(mem_.get<uint8_t>(0), uint8_t(FileType::RegularFile));
  EXPECT_EQ(mem_.get<uint64_t>(8), kReadRights);

  // Rights can be dropped but not regained.
  ASSERT_EQ(wasi_->fdFdstatSetRights(m(), *fd, rights::kFdRead, 0), Errno::Success);
  EXPECT_EQ(wasi_->fdTell(m(), *fd, 0), Errno::NotCapable);
  EXPECT_EQ(wasi_->fdFdstatSetRights(m(), *fd, kReadRights, 0), Errno::NotCapable);
  EXPECT_EQ(wasi_->fdClose(m(), *fd), Errno::Success);
  EXPECT_EQ(wasi_->fdClose(m(), *fd), Errno::Badf);
}

TEST_F(WasiFunctionsTest, CreateTruncateAppendPreadPwrite) {
  auto fd = open("new.txt", kOflagCreat | kOflagExcl, kReadWriteRights);
  ASSERT_TRUE(fd);
  EXPECT_EQ(open("new.txt", kOflagCreat | kOflagExcl, kReadWriteRights).error(), Errno::Exist);
  EXPECT_EQ(*write(*fd, "0123456789"), 10u);
  mem_.putIovec(100, 2000, mem_.put(2000, "AB"));
  ASSERT_EQ(wasi_->fdPwrite(m(), *fd, 100, 1, 4, 108), Errno::Success);
  mem_.putIovec(100, 3000, 4);
  ASSERT_EQ(wasi_->fdPread(m(), *fd, 100, 1, 3, 108), Errno::Success);
  EXPECT_EQ(mem_.text(3000, 4), "3AB6");
  ASSERT_EQ(wasi_->fdFilestatSetSize(m(), *fd, 3), Errno::Success);
  EXPECT_EQ(dir_.readFile("new.txt"), "012");
  ASSERT_EQ(wasi_->fdFilestatSetTimes(m(), *fd, 5'000'000'000ull, 7'000'000'000ull,
                                      kFstflagAtim | kFstflagMtim),
            Errno::Success);
  struct stat info;
  ASSERT_EQ(stat((dir_.path() + "/new.txt").c_str(), &info), 0);
  EXPECT_EQ(info.st_mtim.tv_sec, 7);
  EXPECT_EQ(info.st_atim.tv_sec, 5);
  EXPECT_EQ(wasi_->fdFilestatSetTimes(m(), *fd, 0, 0, kFstflagAtim | kFstflagAtimNow),
            Errno::Inval);

  auto appender = open("new.txt", 0, kReadWriteRights, 0, kFdflagAppend);
  ASSERT_TRUE(appender);
  EXPECT_EQ(*write(*appender, "xyz"), 3u);
  EXPECT_EQ(dir_.readFile("new.txt"), "012xyz");
  ASSERT_EQ(wasi_->fdFdstatGet(m(), *appender, 0), Errno::Success);
  EXPECT_EQ(mem_.get<uint16_t>(2), kFdflagAppend);
  ASSERT_EQ(wasi_->fdFdstatSetFlags(m(), *appender, 0), Errno::Success);
  ASSERT_EQ(wasi_->fdFdstatGet(m(), *appender, 0), Errno::Success);
  EXPECT_EQ(mem_.get<uint16_t>(2), 0);

  auto truncated = open("new.txt", kOflagTrunc, kReadWriteRights);
  ASSERT_TRUE(truncated);
  EXPECT_EQ(dir_.readFile("new.txt"), "");
  EXPECT_EQ(open("hello.txt", kOflagDirectory, kReadRights).error(), Errno::NotDir);
  EXPECT_EQ(open("nothing.txt", 0, kReadRights).error(), Errno::NoEnt);
  EXPECT_EQ(open("x", 1 << 5, kReadRights).error(), Errno::Inval);
}

TEST_F(WasiFunctionsTest, OpenedDirectoryRightsAreBoundedByParent) {
  auto sub = open("sub", kOflagDirectory, kReadRights | rights::kPathOpen, 0);
  ASSERT_TRUE(sub);
  // fd for "sub" has inheriting rights 0, so nothing can be opened with rights through it.
  uint32_t len = mem_.put(1000, "x");
  EXPECT_EQ(wasi_->pathOpen(m(), *sub, 0, 1000, len, kOflagCreat, rights::kFdRead, 0, 0, 996),
            Errno::NotCapable);
}

TEST_F(WasiFunctionsTest, ReaddirWithSmallBuffersAndCookies) {
  for (int i = 0; i < 20; ++i) dir_.writeFile("sub/file" + std::to_string(i), "");
  auto fd = open("sub", kOflagDirectory, kReadRights);
  ASSERT_TRUE(fd) << int(fd.error());
  std::set<std::string> names;
  uint64_t cookie = 0;
  // A 40-byte buffer holds one entry and part of the next: every call
  // yields at least one whole entry and the cookie continues from it.
  for (int calls = 0; calls < 100; ++calls) {
    ASSERT_EQ(wasi_->fdReaddir(m(), *fd, 4000, 40, cookie, 0), Errno::Success);
    uint32_t used = mem_.get<uint32_t>(0);
    uint32_t offset = 0;
    while (offset + layout::kDirentSize <= used) {
      uint32_t nameLength = mem_.get<uint32_t>(4000 + offset + layout::kDirentNamlen);
      if (offset + layout::kDirentSize + nameLength > used) break;
      names.insert(mem_.text(4000 + offset + layout::kDirentSize, nameLength));
      cookie = mem_.get<uint64_t>(4000 + offset + layout::kDirentNext);
      offset += layout::kDirentSize + nameLength;
    }
    if (used < 40) break;
  }
  EXPECT_EQ(names.size(), 22u);  // 20 files, "." and ".."
  EXPECT_TRUE(names.count("file7"));
  EXPECT_TRUE(names.count(".."));
  EXPECT_EQ(wasi_->fdReaddir(m(), *fd, 65000, 1000, 0, 0), Errno::Fault);
}

TEST_F(WasiFunctionsTest, DirectoriesLinksRenames) {
  EXPECT_EQ(pathCall(&WasiContext::pathCreateDirectory, "made"), Errno::Success);
  EXPECT_EQ(pathCall(&WasiContext::pathCreateDirectory, "made"), Errno::Exist);
  EXPECT_EQ(pathCall(&WasiContext::pathCreateDirectory, "../escape"), Errno::NotCapable);
  dir_.writeFile("made/f", "f");
  EXPECT_EQ(pathCall(&WasiContext::pathRemoveDirectory, "made"), Errno::NotEmpty);
  EXPECT_EQ(pathCall(&WasiContext::pathUnlinkFile, "made"), Errno::IsDir);
  EXPECT_EQ(pathCall(&WasiContext::pathUnlinkFile, "made/f/"), Errno::NotDir);
  EXPECT_EQ(pathCall(&WasiContext::pathUnlinkFile, "made/f"), Errno::Success);
  EXPECT_EQ(pathCall(&WasiContext::pathRemoveDirectory, "made"), Errno::Success);

  uint32_t target = mem_.put(1000, "hello.txt");
  uint32_t link = mem_.put(1100, "link");
  ASSERT_EQ(wasi_->pathSymlink(m(), 1000, target, 3, 1100, link), Errno::Success);
  ASSERT_EQ(wasi_->pathReadlink(m(), 3, 1100, link, 2000, 100, 0), Errno::Success);
  EXPECT_EQ(mem_.text(2000, mem_.get<uint32_t>(0)), "hello.txt");
  ASSERT_EQ(wasi_->pathReadlink(m(), 3, 1100, link, 2000, 4, 0), Errno::Success);
  EXPECT_EQ(mem_.get<uint32_t>(0), 4u);  // truncated

  ASSERT_EQ(wasi_->pathFilestatGet(m(), 3, 0, 1100, link, 0), Errno::Success);
  EXPECT_EQ(mem_.get<uint8_t>(16), uint8_t(FileType::SymbolicLink));
  ASSERT_EQ(wasi_->pathFilestatGet(m(), 3, kLookupSymlinkFollow, 1100, link, 0), Errno::Success);
  EXPECT_EQ(mem_.get<uint8_t>(16), uint8_t(FileType::RegularFile));
  EXPECT_EQ(mem_.get<uint64_t>(32), 11u);
  ASSERT_EQ(wasi_->pathFilestatSetTimes(m(), 3, kLookupSymlinkFollow, 1100, link, 0,
                                        9'000'000'000ull, kFstflagMtim),
            Errno::Success);
  struct stat info;
  ASSERT_EQ(stat((dir_.path() + "/hello.txt").c_str(), &info), 0);
  EXPECT_EQ(info.st_mtim.tv_sec, 9);

  uint32_t hard = mem_.put(1200, "hard");
  ASSERT_EQ(wasi_->pathLink(m(), 3, kLookupSymlinkFollow, 1100, link, 3, 1200, hard),
            Errno::Success);
  EXPECT_EQ(dir_.readFile("hard"), "hello, file");
  ASSERT_EQ(stat((dir_.path() + "/hard").c_str(), &info), 0);
  EXPECT_EQ(info.st_nlink, 2u);

  // Rename across the two preopens (fd 4 is "sub").
  uint32_t moved = mem_.put(1300, "moved");
  ASSERT_EQ(wasi_->pathRename(m(), 3, 1200, hard, 4, 1300, moved), Errno::Success);
  EXPECT_EQ(dir_.readFile("sub/moved"), "hello, file");
  uint32_t up = mem_.put(1400, "../hello.txt");
  EXPECT_EQ(wasi_->pathRename(m(), 4, 1400, up, 3, 1300, moved), Errno::NotCapable);
}

/// path_filestat_get resolves a path's directory once and keeps it for the
/// next file there; renames through WASI must invalidate that, and nothing
/// about the shortcut may let a path out of the directory.
TEST_F(WasiFunctionsTest, FilestatOfManyFilesInOneDirectory) {
  auto fileSize = [&](std::string_view path, uint32_t lookup = 0) -> Expected<uint64_t, Errno> {
    Errno e = wasi_->pathFilestatGet(m(), 3, lookup, 1000, mem_.put(1000, path), 0);
    if (e != Errno::Success) return Unexpected{e};
    return mem_.get<uint64_t>(32);
  };
  auto sizeOrZero = [](const Expected<uint64_t, Errno>& size) { return size ? *size : 0; };
  auto fileType = [&](std::string_view path, uint32_t lookup = 0) {
    EXPECT_TRUE(fileSize(path, lookup)) << path;
    return FileType(mem_.get<uint8_t>(16));
  };
  ASSERT_EQ(mkdir((dir_.path() + "/a").c_str(), 0755), 0);
  ASSERT_EQ(mkdir((dir_.path() + "/a/b").c_str(), 0755), 0);
  ASSERT_EQ(mkdir((dir_.path() + "/a/c").c_str(), 0755), 0);
  dir_.writeFile("a/b/f", "bbb");
  dir_.writeFile("a/b/g", "gggg");
  dir_.writeFile("a/c/f", "ccccc");
  EXPECT_EQ(sizeOrZero(fileSize("a/b/f")), 3u);
  EXPECT_EQ(sizeOrZero(fileSize("a/b/g")), 4u);
  EXPECT_EQ(fileSize("a/b/missing").error(), Errno::NoEnt);
  EXPECT_EQ(fileSize("a/b/f/x").error(), Errno::NotDir);

  // The guest swaps the directories: the same path now names the other file.
  auto rename = [&](std::string_view from, std::string_view to) {
    return wasi_->pathRename(m(), 3, 1100, mem_.put(1100, from), 3, 1200, mem_.put(1200, to));
  };
  ASSERT_EQ(rename("a/b", "a/old"), Errno::Success);
  ASSERT_EQ(rename("a/c", "a/b"), Errno::Success);
  EXPECT_EQ(sizeOrZero(fileSize("a/b/f")), 5u);
  uint32_t gone = mem_.put(1100, "a/b/f");
  ASSERT_EQ(wasi_->pathUnlinkFile(m(), 3, 1100, gone), Errno::Success);
  EXPECT_EQ(fileSize("a/b/f").error(), Errno::NoEnt);

  // Final components that are not plain names, and ways out.
  EXPECT_EQ(fileType("a/old/."), FileType::Directory);
  EXPECT_EQ(fileType("a/old/.."), FileType::Directory);
  EXPECT_EQ(fileSize("a/old/f/").error(), Errno::NotDir);
  EXPECT_EQ(sizeOrZero(fileSize("a/old/../../hello.txt")), 11u);
  EXPECT_EQ(fileSize("a/old/../../../hello.txt").error(), Errno::NotCapable);
  EXPECT_EQ(fileSize("..").error(), Errno::NotCapable);
  EXPECT_EQ(fileSize("/etc/passwd").error(), Errno::NotCapable);
  ASSERT_EQ(symlink("/etc", (dir_.path() + "/a/etc").c_str()), 0);
  ASSERT_EQ(symlink("/etc/passwd", (dir_.path() + "/a/passwd").c_str()), 0);
  ASSERT_EQ(symlink("old/f", (dir_.path() + "/a/inside").c_str()), 0);
  EXPECT_EQ(fileSize("a/etc/passwd").error(), Errno::NotCapable);
  EXPECT_EQ(fileType("a/passwd"), FileType::SymbolicLink);
  EXPECT_EQ(fileSize("a/passwd", kLookupSymlinkFollow).error(), Errno::NotCapable);
  EXPECT_EQ(fileType("a/inside"), FileType::SymbolicLink);
  EXPECT_EQ(sizeOrZero(fileSize("a/inside", kLookupSymlinkFollow)), 3u);

  // The cached directory belongs to the descriptor: renumbering another
  // directory onto it leaves nothing behind (fd 4 is "sub", which has no a/).
  EXPECT_EQ(sizeOrZero(fileSize("a/old/g")), 4u);
  ASSERT_EQ(wasi_->fdRenumber(m(), 4, 3), Errno::Success);
  EXPECT_EQ(fileSize("a/old/g").error(), Errno::NoEnt);
}

TEST_F(WasiFunctionsTest, SymlinkLeadingOutIsNotFollowed) {
  ASSERT_EQ(symlink("/etc/passwd", (dir_.path() + "/abs").c_str()), 0);
  EXPECT_EQ(open("abs", 0, kReadRights, kLookupSymlinkFollow).error(), Errno::NotCapable);
  EXPECT_EQ(open("abs", 0, kReadRights, 0).error(), Errno::Loop);
  uint32_t len = mem_.put(1000, "abs");
  uint32_t hard = mem_.put(1100, "hard");
  EXPECT_EQ(wasi_->pathLink(m(), 3, kLookupSymlinkFollow, 1000, len, 3, 1100, hard),
            Errno::NotCapable);
  EXPECT_EQ(wasi_->pathFilestatSetTimes(m(), 3, kLookupSymlinkFollow, 1000, len, 0, 0,
                                        kFstflagMtimNow),
            Errno::NotCapable);
}

// Hard links, renames and unlinks with paths leading out, and on symlinks
// that lead out: every way out is refused with NotCapable, and an operation
// on an outward link acts on the link (inside), never on what it points to.
TEST_F(WasiFunctionsTest, LinksRenamesAndUnlinksStayInside) {
  test::TempDir outside;
  outside.writeFile("secret", "secret");
  const std::string secret = outside.path() + "/secret";
  // The sandbox is dir_; "../<outside>/secret" and "/..." both lead out.
  const std::string up = "../" + outside.path().substr(outside.path().rfind('/') + 1) + "/secret";
  ASSERT_EQ(symlink(secret.c_str(), (dir_.path() + "/out").c_str()), 0);
  auto put2 = [&](std::string_view a, std::string_view b) {
    return std::pair{mem_.put(1000, a), mem_.put(1100, b)};
  };
  auto link = [&](std::string_view from, std::string_view to, uint32_t lookup) {
    auto [a, b] = put2(from, to);
    return wasi_->pathLink(m(), 3, lookup, 1000, a, 3, 1100, b);
  };
  auto rename = [&](std::string_view from, std::string_view to) {
    auto [a, b] = put2(from, to);
    return wasi_->pathRename(m(), 3, 1000, a, 3, 1100, b);
  };
  // Hard links: neither end may be outside, nor reached through an outward link.
  EXPECT_EQ(link(up, "stolen", 0), Errno::NotCapable);
  EXPECT_EQ(link(secret, "stolen", 0), Errno::NotCapable);
  EXPECT_EQ(link("hello.txt", "../planted", 0), Errno::NotCapable);
  EXPECT_EQ(link("hello.txt", "/tmp/planted", 0), Errno::NotCapable);
  EXPECT_EQ(link("out", "stolen", kLookupSymlinkFollow), Errno::NotCapable);
  EXPECT_EQ(link("hello.txt", "out/planted", 0), Errno::NotCapable);
  // Without following, the link itself is linked: still a link leading out.
  ASSERT_EQ(link("out", "out2", 0), Errno::Success);
  EXPECT_EQ(open("out2", 0, kReadRights, kLookupSymlinkFollow).error(), Errno::NotCapable);
  // Renames: out of and into the sandbox are refused; renaming the link
  // moves the link.
  EXPECT_EQ(rename("hello.txt", "../moved"), Errno::NotCapable);
  EXPECT_EQ(rename(up, "moved"), Errno::NotCapable);
  EXPECT_EQ(rename("hello.txt", "out/moved"), Errno::NotCapable);
  ASSERT_EQ(rename("out", "renamed"), Errno::Success);
  EXPECT_EQ(open("renamed", 0, kReadRights, kLookupSymlinkFollow).error(), Errno::NotCapable);
  // Unlinks: of the outward link removes the link only; outside is refused.
  EXPECT_EQ(pathCall(&WasiContext::pathUnlinkFile, up), Errno::NotCapable);
  EXPECT_EQ(pathCall(&WasiContext::pathUnlinkFile, secret), Errno::NotCapable);
  EXPECT_EQ(pathCall(&WasiContext::pathUnlinkFile, "renamed/"), Errno::NotDir);
  EXPECT_EQ(pathCall(&WasiContext::pathRemoveDirectory, "renamed"), Errno::NotDir);
  EXPECT_EQ(pathCall(&WasiContext::pathUnlinkFile, "renamed"), Errno::Success);
  EXPECT_EQ(pathCall(&WasiContext::pathUnlinkFile, "out2"), Errno::Success);
  EXPECT_EQ(outside.readFile("secret"), "secret");
  struct stat info;
  ASSERT_EQ(stat(secret.c_str(), &info), 0);
  EXPECT_EQ(info.st_nlink, 1u);  // no hard link to it was made anywhere
  EXPECT_NE(access((dir_.path() + "/../planted").c_str(), F_OK), 0);
}

TEST_F(WasiFunctionsTest, PollOneoff) {
  EXPECT_EQ(wasi_->pollOneoff(m(), 0, 1000, 0, 2000), Errno::Inval);
  EXPECT_EQ(wasi_->pollOneoff(m(), 65500, 1000, 1, 2000), Errno::Fault);
  EXPECT_EQ(wasi_->pollOneoff(m(), 0, 1000, 0x80000000u, 2000), Errno::Fault);

  // A relative 1 ms clock.
  auto clock = [&](uint32_t at, uint64_t userdata, uint64_t timeout) {
    std::fill_n(&mem_.bytes[at], layout::kSubscription.size, 0);
    m().store<uint64_t>(at + layout::kSubUserdata, userdata);
    m().store<uint8_t>(at + layout::kSubTag, kEventTypeClock);
    m().store<uint32_t>(at + layout::kSubscription.clockId, kClockMonotonic);
    m().store<uint64_t>(at + layout::kSubscription.clockTimeout, timeout);
  };
  clock(0, 42, 1'000'000);
  ASSERT_EQ(wasi_->pollOneoff(m(), 0, 1000, 1, 2000), Errno::Success);
  EXPECT_EQ(mem_.get<uint32_t>(2000), 1u);
  EXPECT_EQ(mem_.get<uint64_t>(1000), 42u);
  EXPECT_EQ(mem_.get<uint8_t>(1000 + layout::kEventType), kEventTypeClock);

  // Stdin has data: its fd_read subscription fires before a long clock.
  ASSERT_EQ(::write(stdin_[1], "abc", 3), 3);
  clock(0, 1, 60'000'000'000ull);
  std::fill_n(&mem_.bytes[48], layout::kSubscription.size, 0);
  m().store<uint64_t>(48 + layout::kSubUserdata, 2);
  m().store<uint8_t>(48 + layout::kSubTag, kEventTypeFdRead);
  m().store<uint32_t>(48 + layout::kSubFd, 0);
  ASSERT_EQ(wasi_->pollOneoff(m(), 0, 1000, 2, 2000), Errno::Success);
  ASSERT_EQ(mem_.get<uint32_t>(2000), 1u);
  EXPECT_EQ(mem_.get<uint64_t>(1000), 2u);
  EXPECT_EQ(mem_.get<uint16_t>(1000 + layout::kEventError), 0);
  EXPECT_EQ(mem_.get<uint64_t>(1000 + layout::kEventNbytes), 3u);

  // A bad descriptor reports its error in the event.
  m().store<uint32_t>(48 + layout::kSubFd, 77);
  ASSERT_EQ(wasi_->pollOneoff(m(), 0, 1000, 2, 2000), Errno::Success);
  ASSERT_EQ(mem_.get<uint32_t>(2000), 1u);
  EXPECT_EQ(mem_.get<uint16_t>(1000 + layout::kEventError), uint16_t(Errno::Badf));
}

// wasi_unstable (preview 0): its own whence numbers, filestat and clock
// subscription layouts; the rest is preview 1's.
TEST_F(WasiFunctionsTest, Preview0SeekStatAndPoll) {
  auto fd = open("hello.txt", 0, kReadRights);
  ASSERT_TRUE(fd);
  constexpr uint32_t kCur0 = 0, kEnd0 = 1, kSet0 = 2;
  ASSERT_EQ(wasi_->fdSeekPreview0(m(), *fd, uint64_t(-3), kEnd0, 0), Errno::Success);
  EXPECT_EQ(mem_.get<uint64_t>(0), 8u);
  ASSERT_EQ(wasi_->fdSeekPreview0(m(), *fd, 2, kSet0, 0), Errno::Success);
  EXPECT_EQ(mem_.get<uint64_t>(0), 2u);
  ASSERT_EQ(wasi_->fdSeekPreview0(m(), *fd, 1, kCur0, 0), Errno::Success);
  EXPECT_EQ(mem_.get<uint64_t>(0), 3u);
  EXPECT_EQ(*read(*fd, 2), "lo");
  EXPECT_EQ(wasi_->fdSeekPreview0(m(), *fd, 0, 3, 0), Errno::Inval);

  // 56 bytes: u32 nlink at 20, then size, atim, mtim, ctim from 24.
  std::fill_n(&mem_.bytes[0], 64, 0xEE);
  ASSERT_EQ(wasi_->fdFilestatGetPreview0(m(), *fd, 0), Errno::Success);
  EXPECT_EQ(mem_.get<uint8_t>(16), uint8_t(FileType::RegularFile));
  EXPECT_EQ(mem_.get<uint32_t>(20), 1u);
  EXPECT_EQ(mem_.get<uint64_t>(24), 11u);
  EXPECT_NE(mem_.get<uint64_t>(40), 0u);  // mtim
  EXPECT_EQ(mem_.get<uint64_t>(56), 0xEEEEEEEEEEEEEEEEu);  // nothing written past the record
  uint32_t len = mem_.put(1000, "hello.txt");
  ASSERT_EQ(wasi_->pathFilestatGetPreview0(m(), 3, 0, 1000, len, 100), Errno::Success);
  EXPECT_EQ(mem_.get<uint64_t>(100 + 24), 11u);
  EXPECT_EQ(mem_.get<uint64_t>(100 + 8), mem_.get<uint64_t>(8));  // the same inode
  EXPECT_EQ(wasi_->pathFilestatGetPreview0(m(), 3, 0, 1000, len, 65500), Errno::Fault);

  // A clock subscription of 56 bytes: identifier at 16, clock id at 24,
  // timeout at 32; two in a row must both be read at their own offsets.
  auto clock = [&](uint32_t at, uint64_t userdata, uint32_t id, uint64_t timeout) {
    std::fill_n(&mem_.bytes[at], layout::kSubscriptionPreview0.size, 0);
    m().store<uint64_t>(at + layout::kSubUserdata, userdata);
    m().store<uint8_t>(at + layout::kSubTag, kEventTypeClock);
    m().store<uint64_t>(at + 16, 0xABCD);  // identifier, unused
    m().store<uint32_t>(at + 24, id);
    m().store<uint64_t>(at + 32, timeout);
  };
  clock(0, 7, kClockMonotonic, 60'000'000'000ull);
  clock(56, 8, kClockMonotonic, 1'000'000);
  ASSERT_EQ(wasi_->pollOneoffPreview0(m(), 0, 1000, 2, 2000), Errno::Success);
  ASSERT_EQ(mem_.get<uint32_t>(2000), 1u);
  EXPECT_EQ(mem_.get<uint64_t>(1000), 8u);
  clock(56, 9, 99, 0);  // an unknown clock id is reported in its event
  ASSERT_EQ(wasi_->pollOneoffPreview0(m(), 0, 1000, 2, 2000), Errno::Success);
  EXPECT_EQ(mem_.get<uint64_t>(1000), 9u);
  EXPECT_EQ(mem_.get<uint16_t>(1000 + layout::kEventError), uint16_t(Errno::Inval));
}

TEST_F(WasiFunctionsTest, RenumberAndSockets) {
  auto fd = open("hello.txt", 0, kReadRights);
  ASSERT_TRUE(fd);
  EXPECT_EQ(wasi_->fdRenumber(m(), *fd, 40), Errno::Badf);
  ASSERT_EQ(wasi_->fdRenumber(m(), *fd, 0), Errno::Success);
  EXPECT_EQ(*read(0, 5), "hello");
  EXPECT_EQ(wasi_->fdClose(m(), *fd), Errno::Badf);
  EXPECT_EQ(wasi_->sockShutdown(m(), 1, 3), Errno::NotCapable);
  EXPECT_EQ(wasi_->sockRecv(m(), 0, 0, 0, 0, 100, 104), Errno::NotSock);
  EXPECT_EQ(wasi_->sockSend(m(), 1, 0, 0, 0, 100), Errno::NotSock);
  EXPECT_EQ(wasi_->sockAccept(m(), 3, 0, 100), Errno::NotSock);
  EXPECT_EQ(wasi_->sockAccept(m(), 50, 0, 100), Errno::Badf);
}

TEST_F(WasiFunctionsTest, ExitRaiseYield) {
  Error exit = wasi_->procExit(7);
  EXPECT_EQ(exit.kind, ErrorKind::Exit);
  EXPECT_EQ(exit.exitStatus, 7);
  EXPECT_EQ(wasi_->procExit(0).exitStatus, 0);
  EXPECT_EQ(wasi_->procExit(125).exitStatus, 125);
  // Statuses that cannot be passed on are refused, never wrapped to another
  // status (256 would otherwise read as success).
  for (uint32_t status : {126u, 255u, 256u, 257u, 0x80000000u, 0xffffffffu}) {
    Error refused = wasi_->procExit(status);
    EXPECT_EQ(refused.kind, ErrorKind::Host) << status;
    EXPECT_EQ(refused.message, "proc_exit status " + std::to_string(status) +
                                   " cannot be passed on: it must be 0 to 125");
  }
  EXPECT_EQ(wasi_->procRaise(m(), 9), Errno::NoSys);
  EXPECT_EQ(wasi_->schedYield(m()), Errno::Success);
}

TEST(WasiContextTest, PreopenMustBeAnExistingDirectory) {
  test::TempDir dir;
  dir.writeFile("file", "x");
  WasiConfig config;
  config.preopens = {{dir.path() + "/file", "file"}};
  auto context = WasiContext::create(config);
  ASSERT_FALSE(context);
  EXPECT_NE(context.error().find("Not a directory"), std::string::npos) << context.error();
  config.preopens = {{dir.path() + "/missing", "missing"}};
  EXPECT_FALSE(WasiContext::create(config));
}

// One call whose iovecs add up to more than 4 GiB moves at most UINT32_MAX
// bytes and reports exactly what it moved: the count is a u32 and must not
// wrap. The iovecs all cover the same 1 MiB, and /dev/null and /dev/zero
// stand in for files, so no 4 GiB of real I/O happens.
TEST(WasiLargeIoTest, CountsOverFourGiBStopAtWhatFitsInU32) {
  constexpr uint32_t kBuffer = 1u << 20;
  constexpr uint32_t kIovecs = 4100;  // 4100 MiB > 4 GiB
  constexpr uint32_t kCountOut = kBuffer + kIovecs * 8;
  std::vector<uint8_t> bytes(kCountOut + 4);
  GuestMemory mem(bytes.data(), bytes.size());
  for (uint32_t i = 0; i < kIovecs; ++i) {
    mem.store<uint32_t>(kBuffer + i * 8, 0);
    mem.store<uint32_t>(kBuffer + i * 8 + 4, kBuffer);
  }
  int null = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  int zero = ::open("/dev/zero", O_RDONLY | O_CLOEXEC);
  ASSERT_GE(null, 0);
  ASSERT_GE(zero, 0);
  WasiConfig config;
  config.preopens = {{"/dev", "dev"}};
  config.stdinFd = zero;
  config.stdoutFd = null;
  auto context = WasiContext::create(config);
  close(null);
  close(zero);
  ASSERT_TRUE(context) << context.error();
  WasiContext& wasi = **context;

  ASSERT_EQ(wasi.fdWrite(mem, 1, kBuffer, kIovecs, kCountOut), Errno::Success);
  EXPECT_EQ(*mem.load<uint32_t>(kCountOut), UINT32_MAX);
  bytes[5] = 1;
  ASSERT_EQ(wasi.fdRead(mem, 0, kBuffer, kIovecs, kCountOut), Errno::Success);
  EXPECT_EQ(*mem.load<uint32_t>(kCountOut), UINT32_MAX);
  EXPECT_EQ(bytes[5], 0);  // the read really happened

  // fd_pwrite and fd_pread on descriptors opened through the preopen.
  auto openDevice = [&](std::string_view name, uint64_t rights) -> uint32_t {
    std::memcpy(&bytes[0], name.data(), name.size());
    EXPECT_EQ(wasi.pathOpen(mem, 3, 0, 0, uint32_t(name.size()), 0, rights, 0, 0, kCountOut),
              Errno::Success);
    return *mem.load<uint32_t>(kCountOut);
  };
  uint32_t nullFd = openDevice("null", rights::kFdWrite | rights::kFdSeek);
  uint32_t zeroFd = openDevice("zero", rights::kFdRead | rights::kFdSeek);
  ASSERT_EQ(wasi.fdPwrite(mem, nullFd, kBuffer, kIovecs, 0, kCountOut), Errno::Success);
  EXPECT_EQ(*mem.load<uint32_t>(kCountOut), UINT32_MAX);
  ASSERT_EQ(wasi.fdPread(mem, zeroFd, kBuffer, kIovecs, 0, kCountOut), Errno::Success);
  EXPECT_EQ(*mem.load<uint32_t>(kCountOut), UINT32_MAX);

  // Entries past the cap move nothing but are still checked.
  mem.store<uint32_t>(kBuffer + (kIovecs - 1) * 8, kCountOut);
  EXPECT_EQ(wasi.fdWrite(mem, 1, kBuffer, kIovecs, kCountOut), Errno::Fault);
}

// The cut happens where the list is loaded, so sock_send and sock_recv get
// it too: 65,537 iovecs of 64 KiB (4 GiB + 64 KiB) load as 65,536 entries
// whose last one is a byte short.
TEST(WasiLargeIoTest, LoadIovecsCutsTheListAtU32Max) {
  constexpr uint32_t kCount = 65537;
  std::vector<uint8_t> bytes(kCount * 8);
  GuestMemory mem(bytes.data(), bytes.size());
  for (uint32_t i = 0; i < kCount; ++i) {
    mem.store<uint32_t>(i * 8, 0);
    mem.store<uint32_t>(i * 8 + 4, 65536);
  }
  auto iovecs = loadIovecs(mem, 0, kCount);
  ASSERT_TRUE(iovecs);
  ASSERT_EQ(iovecs->size(), 65536u);
  uint64_t total = 0;
  for (size_t i = 0; i < iovecs->size(); ++i) total += (*iovecs)[i].iov_len;
  EXPECT_EQ(total, uint64_t(UINT32_MAX));
  EXPECT_EQ((*iovecs)[65535].iov_len, 65535u);
  // Under the cap the list is untouched.
  auto fewer = loadIovecs(mem, 0, 1000);
  ASSERT_TRUE(fewer);
  EXPECT_EQ(fewer->size(), 1000u);
  EXPECT_EQ((*fewer)[999].iov_len, 65536u);
}

}  // namespace
}  // namespace kiln::wasi
