// WASI calls that wait (fd_read of a pipe, poll_oneoff) while other threads
// of the same program make WASI calls: the threads of a wasi-threads program
// share one context, and a call that waits must not hold its descriptor
// table meanwhile (WasiContext::lockTable). Each test blocks one thread in
// Wasm on an empty pipe, makes other WASI calls from a second instance on
// the test's thread, then feeds the pipe so the first call returns.
#include <gtest/gtest.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <future>
#include <string>
#include <thread>

#include "kiln/kiln.h"

namespace kiln {
namespace {

// read_stdin() reads up to 16 bytes of fd 0 (returns the count, or -errno);
// poll_stdin() waits in poll_oneoff until fd 0 is readable (returns the
// event count, or -errno); write_stdout() writes "ok" to fd 1; close_stdin()
// closes fd 0 (returns the errno).
constexpr const char* kProgram = R"(
(module
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 200) "ok")
  (func (export "read_stdin") (result i32)
    (local $errno i32)
    (i32.store (i32.const 0) (i32.const 100))
    (i32.store (i32.const 4) (i32.const 16))
    (local.set $errno (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))
    (if (result i32) (local.get $errno)
      (then (i32.sub (i32.const 0) (local.get $errno)))
      (else (i32.load (i32.const 8)))))
  (func (export "poll_stdin") (result i32)
    (local $errno i32)
    ;; One fd_read subscription (tag 1) on fd 0, userdata 7.
    (i64.store (i32.const 300) (i64.const 7))
    (i32.store8 (i32.const 308) (i32.const 1))
    (i32.store (i32.const 316) (i32.const 0))
    (local.set $errno (call $poll (i32.const 300) (i32.const 400) (i32.const 1) (i32.const 440)))
    (if (result i32) (local.get $errno)
      (then (i32.sub (i32.const 0) (local.get $errno)))
      (else (i32.load (i32.const 440)))))
  (func (export "write_stdout") (result i32)
    (i32.store (i32.const 20) (i32.const 200))
    (i32.store (i32.const 24) (i32.const 2))
    (call $fd_write (i32.const 1) (i32.const 20) (i32.const 1) (i32.const 28)))
  (func (export "close_stdin") (result i32)
    (call $fd_close (i32.const 0))))
)";

class WasiBlockingTest : public ::testing::Test {
 protected:
  WasiBlockingTest() {
    EXPECT_EQ(pipe(in_), 0);
    EXPECT_EQ(pipe(out_), 0);
    WasiConfig config;
    config.stdinFd = in_[0];
    config.stdoutFd = out_[1];
    auto wasi = Wasi::create(config);
    EXPECT_TRUE(wasi);
    wasi_.emplace(std::move(*wasi));
    auto module = Module::fromBytes(engine_, *watToBinary(kProgram));
    EXPECT_TRUE(module) << module.error().message;
    module_.emplace(std::move(*module));
  }
  ~WasiBlockingTest() override {
    for (int fd : {in_[0], in_[1], out_[0], out_[1]}) close(fd);
  }

  /// An instance of the program in `store`, on the shared WASI context.
  Instance instantiate(Store& store) {
    Linker linker;
    wasi_->define(linker, store);
    auto instance = linker.instantiate(store, *module_);
    EXPECT_TRUE(instance) << instance.error().message;
    return *instance;
  }

  static int32_t call(Instance& instance, const char* name) {
    auto func = TypedFunc<int32_t()>::of(*instance.getFunc(name));
    EXPECT_TRUE(func);
    auto result = func->call();
    EXPECT_TRUE(result) << result.error().message;
    return result ? *result : -1;
  }

  /// Runs `name` in a second instance on this thread while `blocked` is
  /// waiting in another. A call that waited for the blocked one would
  /// deadlock: the generous limit turns that into a failure, not a hang.
  int32_t callBeside(const std::future<int32_t>& blocked, const char* name) {
    Store store(engine_);
    Instance other = instantiate(store);
    auto result = std::async(std::launch::async, [&] { return call(other, name); });
    if (result.wait_for(std::chrono::seconds(30)) != std::future_status::ready) {
      ADD_FAILURE() << name << " waited for the blocked call";
      feedStdin("unblock");  // so that both calls end and the test does too
      result.wait();
      return -1;
    }
    EXPECT_EQ(blocked.wait_for(std::chrono::seconds(0)), std::future_status::timeout)
        << "the blocked call returned with nothing to read";
    return result.get();
  }

  /// Starts `name` (a call that waits for stdin) on its own thread and store.
  std::future<int32_t> startBlocked(const char* name) {
    return std::async(std::launch::async, [this, name] {
      blockedThread_ = pid_t(syscall(SYS_gettid));
      Store store(engine_);
      Instance instance = instantiate(store);
      return call(instance, name);
    });
  }

  /// Waits until the blocked thread sits in the system call `number`
  /// (Linux's /proc/self/task/TID/syscall starts with it), so a test acts
  /// while the call is really waiting, not before it started.
  void waitUntilInSyscall(long number) {
    auto limit = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < limit) {
      pid_t thread = blockedThread_.load();
      // The file holds "running" while the thread runs: read as a number,
      // that fails and gives 0, which is SYS_read. Only a number counts.
      std::string current;
      if (thread) std::ifstream("/proc/self/task/" + std::to_string(thread) + "/syscall") >> current;
      if (!current.empty() && current == std::to_string(number)) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ADD_FAILURE() << "the blocked thread never entered system call " << number;
  }

  void feedStdin(const std::string& bytes) {
    ASSERT_EQ(write(in_[1], bytes.data(), bytes.size()), ssize_t(bytes.size()));
  }

  std::string readStdout() {
    char buffer[16];
    ssize_t size = read(out_[0], buffer, sizeof buffer);
    return size > 0 ? std::string(buffer, size_t(size)) : "";
  }

  Engine engine_;
  std::optional<Wasi> wasi_;
  std::optional<Module> module_;
  int in_[2] = {-1, -1};
  int out_[2] = {-1, -1};
  std::atomic<pid_t> blockedThread_{0};
};

TEST_F(WasiBlockingTest, AWriteGoesOnWhileAnotherThreadReadsAnEmptyPipe) {
  auto blocked = startBlocked("read_stdin");
  waitUntilInSyscall(SYS_read);
  EXPECT_EQ(callBeside(blocked, "write_stdout"), 0);
  EXPECT_EQ(readStdout(), "ok");
  feedStdin("hello");
  EXPECT_EQ(blocked.get(), 5);
}

TEST_F(WasiBlockingTest, AWriteGoesOnWhileAnotherThreadPolls) {
  auto blocked = startBlocked("poll_stdin");
  waitUntilInSyscall(SYS_ppoll);
  EXPECT_EQ(callBeside(blocked, "write_stdout"), 0);
  EXPECT_EQ(readStdout(), "ok");
  feedStdin("x");
  EXPECT_EQ(blocked.get(), 1);
}

TEST_F(WasiBlockingTest, ClosingTheDescriptorAReadWaitsOnLeavesTheReadWorking) {
  // The read waits on a duplicate: the guest's fd 0 goes away at once, and
  // the read still gets the bytes of the pipe it started on.
  auto blocked = startBlocked("read_stdin");
  waitUntilInSyscall(SYS_read);
  EXPECT_EQ(callBeside(blocked, "close_stdin"), 0);
  feedStdin("abc");
  EXPECT_EQ(blocked.get(), 3);
  Store store(engine_);
  Instance instance = instantiate(store);
  EXPECT_EQ(call(instance, "read_stdin"), -8);  // EBADF: fd 0 is closed now
}

}  // namespace
}  // namespace kiln
