// WASI for embedders: the world a WASI program sees (arguments, environment,
// preopened directories, stdio), and its functions defined in a Linker.
//
//   kiln::WasiConfig config;
//   config.args = {"prog.wasm", "arg"};
//   config.preopens.push_back({"/srv/data", "data"});
//   auto wasi = kiln::Wasi::create(config);  // fails if a preopen is missing
//   wasi->define(linker, store);
//   auto instance = linker.instantiate(store, module);
//   auto result = instance->getFunc("_start")->call({});
//   std::optional<int> status = kiln::Wasi::exitStatus(result);
#pragma once

#include "kiln/api.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kiln/engine.h"
#include "kiln/error.h"
#include "kiln/expected.h"
#include "kiln/extern.h"
#include "kiln/linker.h"
#include "kiln/module.h"
#include "kiln/store.h"
#include "kiln/val.h"

namespace kiln {

class WasiContext;
class WasiThreadsState;

/// A host directory made visible to the guest under `guestPath`.
struct WasiPreopen {
  std::string hostPath;
  std::string guestPath;
};

/// What a WASI guest sees of the world.
struct WasiConfig {
  /// argv, including argv[0].
  std::vector<std::string> args;
  /// The environment, as (name, value) pairs; nothing else reaches the guest.
  std::vector<std::pair<std::string, std::string>> env;
  /// Directories the guest may use, fds 3, 4, ... in this order.
  std::vector<WasiPreopen> preopens;
  /// Host descriptors behind the guest's 0, 1 and 2. They are duplicated, so
  /// the guest closing them leaves the host's own open, and the host may
  /// close its own once `Wasi::create` returns.
  int stdinFd = 0;
  int stdoutFd = 1;
  int stderrFd = 2;
};

/// The state of one WASI guest (its arguments, environment and descriptor
/// table), shared by copies of this handle and by the functions `define`
/// creates, so it lives as long as any of them.
class KILN_API Wasi {
 public:
  /// The state for `config`. A Resource error names a preopen that cannot
  /// be opened or is not a directory. A stdio descriptor the host has not
  /// open stays the guest's, failing with EBADF, so preopens keep their
  /// numbers.
  static Expected<Wasi, Error> create(const WasiConfig& config);

  /// Defines in `linker`, for `store`, every wasi_snapshot_preview1 function
  /// and every wasi_unstable (preview 0) one, which old toolchains import.
  /// Guest memory is the calling instance's export "memory". proc_exit ends
  /// the call into Wasm with an Error of kind Exit.
  void define(Linker& linker, Store& store) const;

  /// The exit status of a finished `_start` call: 0 if it returned, the
  /// proc_exit status if it exited; nothing if it failed otherwise (a trap).
  static std::optional<int> exitStatus(const Expected<std::vector<Val>, Error>& result);

 private:
  explicit Wasi(std::shared_ptr<WasiContext> context) : context_(std::move(context)) {}
  std::shared_ptr<WasiContext> context_;
};

/// wasi-threads: the `wasi`.`thread-spawn` import of programs built for
/// `wasm32-wasip1-threads`. Each spawn runs a new instance of `module` in a
/// store of its own on a new OS thread, which calls the instance's export
/// `wasi_thread_start(tid, arg)`; the instances share the memory the
/// embedder gives them (`setup`). Threads are detached: they end when their
/// `wasi_thread_start` returns.
///
///   auto memory = kiln::SharedMemory::create(engine, importedMemoryType);
///   auto setup = [&](kiln::Linker& linker, kiln::Store& store) {
///     wasi->define(linker, store);
///     linker.define("env", "memory", memory->in(store));
///   };
///   kiln::WasiThreads threads(engine, module, setup, onEnd);
///   setup(linker, store);
///   threads.define(linker, store);  // then instantiate and run `_start`
class KILN_API WasiThreads {
 public:
  /// Defines in `linker`, for a new thread's `store`, everything `module`
  /// imports but `wasi`.`thread-spawn`, and configures the store (fuel,
  /// say). Called on the new thread.
  using Setup = std::function<void(Linker& linker, Store& store)>;
  /// Called on a spawned thread whose `wasi_thread_start` did not return:
  /// it exited (proc_exit: an Error of kind Exit) or trapped. wasi-threads
  /// ends the whole program then, as `kiln run` does (wasmtime too).
  using Ended = std::function<void(const Error& error)>;

  WasiThreads(const Engine& engine, Module module, Setup setup, Ended ended);

  /// Defines `wasi`.`thread-spawn` in `linker`, for `store`. It returns the
  /// new thread's id (1 to 2^29 - 1), or -1 when the thread or its instance
  /// could not be made.
  void define(Linker& linker, Store& store) const;
  /// Interrupts every running spawned thread (Store::interrupt).
  void interrupt() const;
  /// How many threads were spawned so far.
  uint32_t spawned() const;
  /// Waits until every spawned thread has ended and let go of its store,
  /// instance and this state. Threads are detached: an embedder waits (after
  /// `interrupt`, to stop them) before the engine and module may go, or ends
  /// the process with `_Exit` as `kiln run` does.
  void wait() const;

 private:
  std::shared_ptr<WasiThreadsState> state_;
};

}  // namespace kiln
