// Engine configuration: how memories catch out-of-bounds accesses, resource
// limits and code-generation switches.
#pragma once

#include "kiln/api.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace kiln {

/// How compiled code catches out-of-bounds memory accesses.
enum class MemoryMode : uint8_t {
  /// Each memory reserves 4 GiB plus a 4 GiB guard region: no bounds checks in
  /// compiled code, a fault becomes a trap. Caps a process at ~16,000 memories.
  GuardPages,
  /// Explicit bounds checks; memories are slots in pooled slabs, so a process
  /// can hold hundreds of thousands of them.
  BoundsChecks,
};

/// Everything an `Engine` can be configured with. The defaults suit most
/// embedders.
/// The x86-64 instruction sets compiled code may use.
enum class CpuLevel : uint8_t {
  /// Whatever this CPU has (AVX, LZCNT, BMI1, ... probed once per process).
  Host,
  /// x86-64-v2 only (SSE4.2 and POPCNT): the path taken on the oldest CPUs
  /// Kiln compiles SIMD for, selectable so that both paths are tested.
  Baseline,
};

/// When a module's functions are compiled (docs/compiler.md, "Lazy compilation").
enum class CompileStrategy : uint8_t {
  /// Lazy when the code section is at least Config::lazyThreshold bytes, else eager.
  Auto,
  /// Every function before Module::fromBytes returns.
  Eager,
  /// Each function on its first call, the rest on background threads meanwhile.
  Lazy,
};

struct KILN_API Config {
  MemoryMode memoryMode = MemoryMode::GuardPages;
  /// No 32-bit memory grows beyond this many 64 KiB pages, whatever it declares.
  uint32_t maxMemoryPages = 65536;
  /// The same for 64-bit memories (memory64), whose addresses have no 4 GiB
  /// bound. A 64-bit memory reserves (but does not commit) address space for
  /// its maximum: its declared one, or this. Default: 16 GiB.
  uint64_t maxMemory64Pages = uint64_t(1) << 18;
  /// No table grows beyond this many elements.
  uint32_t maxTableElements = 10'000'000;
  /// Module::fromBytes, fromFile and validate refuse a module (binary, or
  /// text for fromFile) of more bytes than this with a Resource error; a
  /// file is read no further than that.
  uint64_t maxModuleBytes = uint64_t(1) << 30;
  /// Bytes of native stack Wasm code may use below the host's entry point
  /// before it traps with a stack overflow.
  size_t maxWasmStack = 1 << 20;
  /// Route every rounding, copy and fill through its runtime library call.
  bool forceLibcalls = false;
  /// The instruction sets compiled code may use.
  CpuLevel cpu = CpuLevel::Host;
  /// WebAssembly 3.0's deterministic profile: every relaxed SIMD instruction
  /// gives its deterministic result, and every NaN a float instruction
  /// (scalar or vector) produces is the positive canonical NaN, so a module
  /// computes the same bits on every machine. Costs a check after each
  /// float operation that can produce a NaN.
  bool deterministic = false;
  /// Compile checks that let `Store::interrupt` stop running code.
  bool interruptible = false;
  /// Meter fuel: compiled code consumes the store's fuel (Store::setFuel) as
  /// it runs, about one unit per instruction (docs/fuel.md lists each cost),
  /// and traps with TrapCode::OutOfFuel rather than run what it cannot pay
  /// for. Unlike an interrupt, where it stops depends only on the module and
  /// its inputs, never on time.
  bool consumeFuel = false;
  /// Write /tmp/perf-<pid>.map so `perf report` names compiled functions.
  /// perf reads the map for anonymous memory only, and lazily compiled code
  /// lives in a memfd: with perfMap, CompileStrategy::Auto compiles eagerly
  /// (an explicit Lazy still writes the map, which perf then ignores).
  bool perfMap = false;
  /// Threads used to compile a module; 0 = one per core. A lazily compiled
  /// module counts the thread that runs it as one: it compiles in the
  /// background on compileThreads - 1 threads (by default one per other
  /// core, at least one; with 1, functions compile only at their first call).
  unsigned compileThreads = 0;

  // Lazy compilation (docs/compiler.md, "Lazy compilation").
  /// Eager, lazy, or chosen by the size of the code section.
  CompileStrategy compileStrategy = CompileStrategy::Auto;
  /// Auto compiles lazily from this many bytes of function bodies on
  /// (docs/compiler.md gives the measurement behind the default).
  size_t lazyThreshold = size_t(256) << 10;

  // The compiled-code cache (docs/cache.md).
  /// Directory where Module::fromBytes and fromFile look up compiled code
  /// before compiling, and store what they compiled; empty (the default):
  /// no cache. `defaultCacheDirectory()` gives the usual place. The key
  /// covers the module's bytes, Kiln's build, the options above that change
  /// code and the CPU's features; a corrupted entry is ignored and replaced.
  std::string cacheDirectory;
  /// The cache's size bound: beyond it the least recently used entries are
  /// evicted. Default: 1 GiB.
  uint64_t cacheMaxBytes = uint64_t(1) << 30;
};

/// $XDG_CACHE_HOME/kiln, else $HOME/.cache/kiln; empty when neither
/// variable is set (to an absolute path).
KILN_API std::string defaultCacheDirectory();

}  // namespace kiln
