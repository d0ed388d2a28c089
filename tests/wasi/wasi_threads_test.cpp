// kiln::WasiThreads (wasi-threads) on tests/wasi/programs/threads.wat:
// threads sharing a memory, and how a spawned thread's exit, trap or
// interrupt reaches the embedder.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <mutex>
#include <optional>
#include <string>

#include "kiln/kiln.h"

namespace kiln {
namespace {

class WasiThreadsTest : public ::testing::Test {
 protected:
  WasiThreadsTest() : engine_(interruptible()) {
    auto module = Module::fromFile(engine_, KILN_WASI_PROGRAMS "/threads.wat");
    EXPECT_TRUE(module) << module.error().message;
    module_ = std::move(*module);
    memory_ = SharedMemory::create(engine_, MemoryType{Limits{1, 1}, AddressType::I32, true});
    EXPECT_TRUE(memory_);
  }
  ~WasiThreadsTest() override {
    if (threads_) threads_->wait();
    if (out_[0] >= 0) close(out_[0]);
  }

  static Config interruptible() {
    Config config;
    config.interruptible = true;
    return config;
  }

  /// Instantiates the program in store_ with `args`, its stdout on a pipe,
  /// the memory shared and thread-spawn defined; `setup` (default: WASI and
  /// the memory) is what each spawned thread gets.
  Instance instantiate(std::vector<std::string> args,
                       std::optional<WasiThreads::Setup> setup = std::nullopt) {
    EXPECT_EQ(pipe(out_), 0);
    WasiConfig config;
    config.args = std::move(args);
    config.stdoutFd = out_[1];
    auto wasi = Wasi::create(config);
    close(out_[1]);
    EXPECT_TRUE(wasi);
    WasiThreads::Setup shared = [wasi = *wasi, memory = *memory_](Linker& linker, Store& store) {
      wasi.define(linker, store);
      linker.define("env", "memory", memory.in(store));
    };
    threads_.emplace(engine_, *module_, setup ? *setup : shared, [this](const Error& error) {
      std::lock_guard lock(mutex_);
      ended_ = error;
    });
    Linker linker;
    shared(linker, store_);
    threads_->define(linker, store_);
    auto instance = linker.instantiate(store_, *module_);
    EXPECT_TRUE(instance) << instance.error().message;
    return *instance;
  }

  /// Spawns one thread through the program's export spawn(arg).
  int32_t spawn(Instance& instance, int32_t arg) {
    auto spawn = TypedFunc<int32_t(int32_t)>::of(*instance.getFunc("spawn"));
    EXPECT_TRUE(spawn);
    auto tid = spawn->call(arg);
    EXPECT_TRUE(tid);
    return *tid;
  }

  std::optional<Error> ended() {
    std::lock_guard lock(mutex_);
    return ended_;
  }

  std::string output() {
    char buffer[64] = {0};
    ssize_t size = read(out_[0], buffer, sizeof buffer - 1);
    return size > 0 ? std::string(buffer, size_t(size)) : "";
  }

  Engine engine_;
  Store store_{engine_};
  std::optional<Module> module_;
  std::optional<SharedMemory> memory_;
  std::optional<WasiThreads> threads_;
  int out_[2] = {-1, -1};
  std::mutex mutex_;
  std::optional<Error> ended_;  // under mutex_
};

TEST_F(WasiThreadsTest, SpawnedThreadsShareTheMemory) {
  Instance instance = instantiate({"threads"});
  auto result = instance.getFunc("_start")->call({});
  EXPECT_EQ(Wasi::exitStatus(result), std::optional<int>(0))
      << (result ? "" : result.error().toString());
  threads_->wait();
  EXPECT_EQ(threads_->spawned(), 4u);
  EXPECT_EQ(output(), "threads ok\n");
  EXPECT_FALSE(ended());
  // Each thread added its id's argument 1000 times.
  uint32_t counter;
  std::memcpy(&counter, memory_->data(), sizeof counter);
  EXPECT_EQ(counter, 10000u);
}

TEST_F(WasiThreadsTest, ThreadIdsArePositiveAndDistinct) {
  Instance instance = instantiate({"threads"});
  int32_t first = spawn(instance, 1);
  int32_t second = spawn(instance, 2);
  EXPECT_GT(first, 0);
  EXPECT_GT(second, first);
  threads_->wait();
  EXPECT_FALSE(ended());
}

TEST_F(WasiThreadsTest, AThreadsExitReachesTheEmbedder) {
  Instance instance = instantiate({"threads"});
  EXPECT_GT(spawn(instance, 0), 0);
  threads_->wait();
  std::optional<Error> error = ended();
  ASSERT_TRUE(error);
  EXPECT_EQ(error->kind, ErrorKind::Exit);
  EXPECT_EQ(error->exitStatus, 42);
}

TEST_F(WasiThreadsTest, AThreadsTrapReachesTheEmbedder) {
  Instance instance = instantiate({"threads"});
  EXPECT_GT(spawn(instance, -1), 0);
  threads_->wait();
  std::optional<Error> error = ended();
  ASSERT_TRUE(error && error->trap);
  EXPECT_EQ(error->trap->code, TrapCode::Unreachable);
}

TEST_F(WasiThreadsTest, InterruptStopsSpawnedThreads) {
  Instance instance = instantiate({"threads"});
  EXPECT_GT(spawn(instance, -2), 0);  // spins forever
  threads_->interrupt();
  threads_->wait();
  std::optional<Error> error = ended();
  ASSERT_TRUE(error && error->trap);
  EXPECT_EQ(error->trap->code, TrapCode::Interrupt);
}

TEST_F(WasiThreadsTest, SpawnFailsWhenTheThreadCannotBeInstantiated) {
  // Spawned threads get no memory: their instantiation fails to link.
  WasiThreads::Setup nothing = [](Linker&, Store&) {};
  Instance instance = instantiate({"threads"}, nothing);
  EXPECT_EQ(spawn(instance, 1), -1);
  threads_->wait();
  EXPECT_EQ(threads_->spawned(), 0u);
}

}  // namespace
}  // namespace kiln
