// Registers WasiContext's methods as the wasi_snapshot_preview1 and
// wasi_unstable (preview 0) host functions, through the public Linker API.
#include <memory>
#include <mutex>
#include <tuple>
#include <type_traits>
#include <utility>

#include "wasi/wasi.h"

namespace kiln {

namespace {

/// The import module names of the two snapshots.
constexpr const char* kPreview1 = "wasi_snapshot_preview1";
constexpr const char* kPreview0 = "wasi_unstable";

/// The C++ type a typed host function takes for a parameter the ABI passes
/// as `T`: WASI's u32 and u64 arrive as Wasm's i32 and i64.
template <typename T>
using WasmInt = std::conditional_t<std::is_same_v<T, uint32_t>, int32_t, int64_t>;

/// Finds the calling instance's memory for each call, remembering the last
/// caller's export "memory" so that calls from the same instance (nearly
/// all of them) skip the lookup by name. The callers are instances of the
/// functions' own store (handles never cross stores), which frees none of
/// them before it dies itself, taking these functions along: a remembered
/// handle never outlives its memory, nor is its address reused meanwhile.
class CallerMemory {
 public:
  /// The memory for this call (base and size read now, since it may have
  /// grown), or nothing if the caller exports none.
  std::optional<wasi::GuestMemory> of(Caller& caller) {
    std::optional<Instance> instance = caller.instance();
    if (!instance) return std::nullopt;
    if (instance != instance_) {
      instance_ = instance;
      memory_ = instance->getMemory("memory");
    }
    if (!memory_) return std::nullopt;
    return wasi::GuestMemory(memory_->data(), memory_->size());
  }

 private:
  std::optional<Instance> instance_;
  std::optional<Memory> memory_;
};

/// Who takes the descriptor table's lock for a WASI function (see
/// WasiContext::lockTable).
enum class TableLock {
  ForTheCall,  // defineMethod's wrapper, around the whole call
  InTheCall,   // the function itself, released while it waits
  None,        // nobody: the function uses no shared state
};

/// Defines `module`.`name` as a host function calling `method` on `context`
/// with the call's guest memory and parameters, returning its errno as an
/// i32. A typed host function: compiled code passes the parameters with no
/// boxing (WASI is called often: every write, read and seek).
template <typename... Params>
void defineMethod(Linker& linker, Store& store, const std::shared_ptr<WasiContext>& context,
                  const std::shared_ptr<CallerMemory>& callerMemory, const char* module,
                  const char* name, TableLock lock,
                  wasi::Errno (WasiContext::*method)(const wasi::GuestMemory&, Params...)) {
  static_assert(((std::is_same_v<Params, uint32_t> || std::is_same_v<Params, uint64_t>) && ...));
  auto body = [context, callerMemory, method, module, name, lock](
                  Caller& caller, WasmInt<Params>... params) -> Expected<int32_t, Error> {
    // WASI's pointers are into the caller's export "memory". Without one
    // the guest is broken, not the call: a trap, as in wasmtime, rather
    // than an errno the guest could not report anyway.
    std::optional<wasi::GuestMemory> memory = callerMemory->of(caller);
    if (!memory) {
      return Unexpected{Error(Trap(TrapCode::HeapAccessOutOfBounds,
                                   std::string(module) + "." + name +
                                       " called from an instance that exports no memory named "
                                       "\"memory\""))};
    }
    std::unique_lock<std::mutex> table;
    if (lock == TableLock::ForTheCall) table = context->lockTable();
    return int32_t((context.get()->*method)(*memory, Params(params)...));
  };
  linker.define(module, name,
                TypedFunc<int32_t(WasmInt<Params>...)>::wrap(store, std::move(body)).func());
}

}  // namespace

void defineWasi(Linker& linker, Store& store, const std::shared_ptr<WasiContext>& context) {
  auto callerMemory = std::make_shared<CallerMemory>();
  for (const char* module : {kPreview1, kPreview0}) {
    const bool preview0 = module == kPreview0;
    auto defineLocked = [&](const char* name, TableLock lock, auto method) {
      defineMethod(linker, store, context, callerMemory, module, name, lock, method);
    };
    auto define = [&](const char* name, auto method) {
      defineLocked(name, TableLock::ForTheCall, method);
    };
    defineLocked("args_get", TableLock::None, &WasiContext::argsGet);
    defineLocked("args_sizes_get", TableLock::None, &WasiContext::argsSizesGet);
    defineLocked("environ_get", TableLock::None, &WasiContext::environGet);
    defineLocked("environ_sizes_get", TableLock::None, &WasiContext::environSizesGet);
    defineLocked("clock_res_get", TableLock::None, &WasiContext::clockResGet);
    defineLocked("clock_time_get", TableLock::None, &WasiContext::clockTimeGet);
    defineLocked("random_get", TableLock::None, &WasiContext::randomGet);
    define("fd_advise", &WasiContext::fdAdvise);
    define("fd_allocate", &WasiContext::fdAllocate);
    define("fd_close", &WasiContext::fdClose);
    define("fd_datasync", &WasiContext::fdDatasync);
    define("fd_fdstat_get", &WasiContext::fdFdstatGet);
    define("fd_fdstat_set_flags", &WasiContext::fdFdstatSetFlags);
    define("fd_fdstat_set_rights", &WasiContext::fdFdstatSetRights);
    define("fd_filestat_get",
           preview0 ? &WasiContext::fdFilestatGetPreview0 : &WasiContext::fdFilestatGet);
    define("fd_filestat_set_size", &WasiContext::fdFilestatSetSize);
    define("fd_filestat_set_times", &WasiContext::fdFilestatSetTimes);
    defineLocked("fd_pread", TableLock::InTheCall, &WasiContext::fdPread);
    define("fd_prestat_get", &WasiContext::fdPrestatGet);
    define("fd_prestat_dir_name", &WasiContext::fdPrestatDirName);
    defineLocked("fd_pwrite", TableLock::InTheCall, &WasiContext::fdPwrite);
    defineLocked("fd_read", TableLock::InTheCall, &WasiContext::fdRead);
    define("fd_readdir", &WasiContext::fdReaddir);
    define("fd_renumber", &WasiContext::fdRenumber);
    define("fd_seek", preview0 ? &WasiContext::fdSeekPreview0 : &WasiContext::fdSeek);
    define("fd_sync", &WasiContext::fdSync);
    define("fd_tell", &WasiContext::fdTell);
    defineLocked("fd_write", TableLock::InTheCall, &WasiContext::fdWrite);
    define("path_create_directory", &WasiContext::pathCreateDirectory);
    define("path_filestat_get",
           preview0 ? &WasiContext::pathFilestatGetPreview0 : &WasiContext::pathFilestatGet);
    define("path_filestat_set_times", &WasiContext::pathFilestatSetTimes);
    define("path_link", &WasiContext::pathLink);
    define("path_open", &WasiContext::pathOpen);
    define("path_readlink", &WasiContext::pathReadlink);
    define("path_remove_directory", &WasiContext::pathRemoveDirectory);
    define("path_rename", &WasiContext::pathRename);
    define("path_symlink", &WasiContext::pathSymlink);
    define("path_unlink_file", &WasiContext::pathUnlinkFile);
    defineLocked("poll_oneoff", TableLock::InTheCall,
                 preview0 ? &WasiContext::pollOneoffPreview0 : &WasiContext::pollOneoff);
    defineLocked("proc_raise", TableLock::None, &WasiContext::procRaise);
    defineLocked("sched_yield", TableLock::None, &WasiContext::schedYield);
    if (!preview0) {  // new in preview 1
      defineLocked("sock_accept", TableLock::InTheCall, &WasiContext::sockAccept);
    }
    defineLocked("sock_recv", TableLock::InTheCall, &WasiContext::sockRecv);
    defineLocked("sock_send", TableLock::InTheCall, &WasiContext::sockSend);
    define("sock_shutdown", &WasiContext::sockShutdown);
    // proc_exit returns no errno: it ends the guest with an Exit error carrying
    // the status, which the runtime passes back to whoever called in.
    linker.defineFunc(store, module, "proc_exit", FuncType{{ValType::I32}, {}},
                      [context](Caller&, std::span<const Val> params, std::span<Val>) {
                        return std::optional<Error>(context->procExit(uint32_t(params[0].i32())));
                      });
  }
}

}  // namespace kiln
