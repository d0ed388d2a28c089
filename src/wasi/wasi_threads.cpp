// wasi-threads: `wasi`.`thread-spawn` starts a new instance of the module, in
// a store of its own, on a new OS thread.
#include <condition_variable>
#include <exception>
#include <future>
#include <mutex>
#include <set>
#include <thread>

#include "kiln/wasi.h"

namespace kiln {

namespace {

/// How many spawned threads still run. Apart from the state below: a thread
/// counts itself out only once it has let go of everything of Kiln's, the
/// state included, so that `wait` returning means no thread touches any of
/// it again (the count itself lives as long as its last thread).
class LiveThreads {
 public:
  void started() {
    std::lock_guard lock(mutex_);
    ++live_;
  }
  void ended() {
    std::lock_guard lock(mutex_);
    if (--live_ == 0) none_.notify_all();
  }
  void waitForNone() {
    std::unique_lock lock(mutex_);
    none_.wait(lock, [this] { return live_ == 0; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable none_;
  uint32_t live_ = 0;
};

}  // namespace

/// What the threads of one program share: how to make a thread's instance,
/// the stores running now (for interrupt), and the count of live threads.
class WasiThreadsState : public std::enable_shared_from_this<WasiThreadsState> {
 public:
  WasiThreadsState(Engine engine, Module module, WasiThreads::Setup setup,
                   WasiThreads::Ended ended)
      : engine_(std::move(engine)),
        module_(std::move(module)),
        setup_(std::move(setup)),
        ended_(std::move(ended)) {}

  void defineSpawn(Linker& linker, Store& store) {
    std::shared_ptr<WasiThreadsState> self = shared_from_this();
    linker.defineFunc(store, "wasi", "thread-spawn", FuncType{{ValType::I32}, {ValType::I32}},
                      [self](Caller&, std::span<const Val> params,
                             std::span<Val> results) -> std::optional<Error> {
                        results[0] = Val::i32(self->spawn(uint32_t(params[0].i32())));
                        return std::nullopt;
                      });
  }

  void interrupt() {
    std::lock_guard lock(mutex_);
    interrupted_ = true;
    for (Store* store : running_) store->interrupt();
  }

  uint32_t spawned() {
    std::lock_guard lock(mutex_);
    return spawned_;
  }

  void wait() { live_->waitForNone(); }

 private:
  /// The largest thread id wasi-threads allows (ids are positive i32s with
  /// the top two bits clear).
  static constexpr uint32_t kMaxThreadId = 0x1FFFFFFF;

  /// thread-spawn: the new thread's id once its instance is made, -1 when
  /// it could not be (ids ran out, no thread, instantiation failed).
  int32_t spawn(uint32_t arg) {
    std::promise<bool> ready;
    std::future<bool> started = ready.get_future();
    uint32_t tid;
    {
      std::lock_guard lock(mutex_);
      if (nextThreadId_ > kMaxThreadId) return -1;
      tid = nextThreadId_++;
    }
    live_->started();
    try {
      std::thread([self = shared_from_this(), live = live_, tid, arg,
                   ready = std::move(ready)]() mutable {
        self->run(tid, arg, ready);
        self.reset();  // may be the last reference: the state goes first
        live->ended();
      }).detach();
    } catch (const std::system_error&) {
      live_->ended();
      return -1;
    }
    return started.get() ? int32_t(tid) : -1;
  }

  /// A spawned thread's life: instantiate, report whether that worked, call
  /// wasi_thread_start(tid, arg).
  void run(uint32_t tid, uint32_t arg, std::promise<bool>& ready) {
    Store store(engine_);
    Linker linker;
    setup_(linker, store);
    defineSpawn(linker, store);
    Expected<Instance, Error> instance = linker.instantiate(store, module_);
    std::optional<Func> start = instance ? instance->getFunc("wasi_thread_start") : std::nullopt;
    if (!start) {
      ready.set_value(false);
      return;
    }
    {
      std::lock_guard lock(mutex_);
      running_.insert(&store);
      ++spawned_;
      if (interrupted_) store.interrupt();
    }
    ready.set_value(true);
    Val args[] = {Val::i32(int32_t(tid)), Val::i32(int32_t(arg))};
    Expected<std::vector<Val>, Error> result = start->call(args);
    {
      std::lock_guard lock(mutex_);
      running_.erase(&store);
    }
    if (!result && ended_) ended_(result.error());
  }

  const Engine engine_;
  const Module module_;
  const WasiThreads::Setup setup_;
  const WasiThreads::Ended ended_;
  const std::shared_ptr<LiveThreads> live_ = std::make_shared<LiveThreads>();
  std::mutex mutex_;
  std::set<Store*> running_;  // under mutex_, as the rest below
  bool interrupted_ = false;
  uint32_t nextThreadId_ = 1;
  uint32_t spawned_ = 0;
};

WasiThreads::WasiThreads(const Engine& engine, Module module, Setup setup, Ended ended)
    : state_(std::make_shared<WasiThreadsState>(engine, std::move(module), std::move(setup),
                                                std::move(ended))) {}

void WasiThreads::define(Linker& linker, Store& store) const { state_->defineSpawn(linker, store); }

void WasiThreads::interrupt() const { state_->interrupt(); }

uint32_t WasiThreads::spawned() const { return state_->spawned(); }

void WasiThreads::wait() const { state_->wait(); }

}  // namespace kiln
