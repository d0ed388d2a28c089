// kiln::Wasi, the public WASI API (include/kiln/wasi.h), used as an embedder
// would: configure, define in a Linker, run `_start`, read the exit status.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <optional>
#include <string>

#include "kiln/kiln.h"
#include "wasi_test_util.h"

namespace kiln {
namespace {

using wasi::test::TempDir;

/// A command that writes "argc=N\n" (N from args_sizes_get, so below 10) to
/// stdout through `snapshot`'s fd_write, then exits with status 7.
std::string command(const char* snapshot) {
  return std::string(R"((module
    (import ")") + snapshot + R"(" "args_sizes_get" (func $sizes (param i32 i32) (result i32)))
    (import ")" + snapshot + R"(" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
    (import ")" + snapshot + R"(" "proc_exit" (func $exit (param i32)))
    (memory (export "memory") 1)
    (data (i32.const 32) "argc=?\n")
    (func (export "_start")
      (drop (call $sizes (i32.const 0) (i32.const 4)))
      (i32.store8 (i32.const 37) (i32.add (i32.const 48) (i32.load (i32.const 0))))
      (i32.store (i32.const 16) (i32.const 32))
      (i32.store (i32.const 20) (i32.const 7))
      (drop (call $write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 24)))
      (call $exit (i32.const 7))))
  )";
}

class WasiApiTest : public ::testing::Test {
 protected:
  /// Runs command(snapshot) with `config`, its stdout going to out.txt in
  /// dir_; the handle is dropped before the run (the functions keep the
  /// state alive). Returns `_start`'s result.
  Expected<std::vector<Val>, Error> run(const char* snapshot, WasiConfig config) {
    int out = open((dir_.path() + "/out.txt").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    EXPECT_GE(out, 0);
    config.stdoutFd = out;
    Linker linker;
    {
      Expected<Wasi, Error> wasi = Wasi::create(config);
      EXPECT_TRUE(wasi) << wasi.error().message;
      close(out);  // the guest has its own duplicate
      wasi->define(linker, store_);
    }
    auto binary = watToBinary(command(snapshot));
    EXPECT_TRUE(binary) << binary.error().message;
    auto module = Module::fromBytes(engine_, std::move(*binary));
    EXPECT_TRUE(module) << module.error().message;
    auto instance = linker.instantiate(store_, *module);
    EXPECT_TRUE(instance) << instance.error().message;
    return instance->getFunc("_start")->call({});
  }

  TempDir dir_;
  Engine engine_;
  Store store_{engine_};
};

TEST_F(WasiApiTest, RunsACommandAndReportsItsExitStatus) {
  WasiConfig config;
  config.args = {"prog", "a", "b"};
  auto result = run("wasi_snapshot_preview1", config);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::Exit);
  EXPECT_EQ(Wasi::exitStatus(result), std::optional<int>(7));
  EXPECT_EQ(dir_.readFile("out.txt"), "argc=3\n");
}

TEST_F(WasiApiTest, PreviewZeroImportsWorkToo) {
  WasiConfig config;
  config.args = {"old"};
  auto result = run("wasi_unstable", config);
  EXPECT_EQ(Wasi::exitStatus(result), std::optional<int>(7));
  EXPECT_EQ(dir_.readFile("out.txt"), "argc=1\n");
}

TEST(WasiApi, ExitStatusOfAReturnAndOfATrap) {
  EXPECT_EQ(Wasi::exitStatus(std::vector<Val>{}), std::optional<int>(0));
  Expected<std::vector<Val>, Error> trapped = Unexpected{Error(Trap::fromCode(TrapCode::Unreachable))};
  EXPECT_EQ(Wasi::exitStatus(trapped), std::nullopt);
}

TEST(WasiApi, ACallerWithoutAMemoryExportTraps) {
  Engine engine;
  Store store(engine);
  Linker linker;
  auto wasi = Wasi::create(WasiConfig{});
  ASSERT_TRUE(wasi);
  wasi->define(linker, store);
  auto binary = watToBinary(R"((module
    (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
    (memory 1)
    (func (export "_start") (drop (call $write (i32.const 1) (i32.const 0) (i32.const 0) (i32.const 0))))))");
  ASSERT_TRUE(binary);
  auto module = Module::fromBytes(engine, std::move(*binary));
  ASSERT_TRUE(module);
  auto instance = linker.instantiate(store, *module);
  ASSERT_TRUE(instance);
  auto result = instance->getFunc("_start")->call({});
  ASSERT_FALSE(result);
  ASSERT_TRUE(result.error().trap);
  EXPECT_EQ(result.error().trap->code, TrapCode::HeapAccessOutOfBounds);
  EXPECT_NE(result.error().message.find("wasi_snapshot_preview1.fd_write called from an instance "
                                        "that exports no memory"),
            std::string::npos)
      << result.error().message;
  EXPECT_EQ(Wasi::exitStatus(result), std::nullopt);
}

TEST(WasiApi, AMissingPreopenIsAResourceErrorNamingIt) {
  WasiConfig config;
  config.preopens.push_back({"/nonexistent/kiln-wasi-api", "data"});
  Expected<Wasi, Error> wasi = Wasi::create(config);
  ASSERT_FALSE(wasi);
  EXPECT_EQ(wasi.error().kind, ErrorKind::Resource);
  EXPECT_NE(wasi.error().message.find("/nonexistent/kiln-wasi-api"), std::string::npos)
      << wasi.error().message;
}

}  // namespace
}  // namespace kiln
