// Kiln driver for one benchmark kernel, through the public embedding API.
//
// Usage: bench_kernels [--bounds-checks] [--force-libcalls] [--fuel] [--perf-map]
//                      [--repeat K] KERNEL.wasm N
//
// Compiles and instantiates the module (untimed), then calls its export
// run(N) K times (default once), printing for each call the checksum, the
// call's wall time and the process's CPU time during the call, in the format
// every engine's driver uses:
//   checksum=<integer> ns=<integer> cpu_ns=<integer>
// --fuel meters fuel, with more than any kernel uses. --perf-map writes /tmp/perf-<pid>.map so `perf report` names the kernel's
// functions.

#include <time.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "kiln/kiln.h"

namespace {

int usage() {
  std::fprintf(stderr,
               "usage: bench_kernels [--bounds-checks] [--force-libcalls] [--fuel] [--perf-map] "
               "[--repeat K] KERNEL.wasm N\n");
  return 2;
}

int64_t clockNanoseconds(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

}  // namespace

int main(int argc, char** argv) {
  kiln::Config config;
  int repeat = 1;
  const char* path = nullptr;
  const char* n = nullptr;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--bounds-checks") {
      config.memoryMode = kiln::MemoryMode::BoundsChecks;
    } else if (arg == "--force-libcalls") {
      config.forceLibcalls = true;
    } else if (arg == "--fuel") {
      config.consumeFuel = true;
    } else if (arg == "--perf-map") {
      config.perfMap = true;
    } else if (arg == "--repeat" && i + 1 < argc) {
      repeat = std::atoi(argv[++i]);
    } else if (arg[0] == '-') {
      return usage();
    } else if (!path) {
      path = argv[i];
    } else if (!n) {
      n = argv[i];
    } else {
      return usage();
    }
  }
  if (!path || !n || repeat < 1) return usage();

  kiln::Engine engine(config);
  kiln::Store store(engine);
  store.setFuel(UINT64_MAX);
  auto module = kiln::Module::fromFile(engine, path);
  if (!module) {
    std::fprintf(stderr, "bench_kernels: %s: %s\n", path, module.error().toString().c_str());
    return 1;
  }
  kiln::Linker linker;
  auto instance = linker.instantiate(store, *module);
  if (!instance) {
    std::fprintf(stderr, "bench_kernels: %s: %s\n", path, instance.error().message.c_str());
    return 1;
  }
  auto run = instance->getFunc("run");
  if (!run) {
    std::fprintf(stderr, "bench_kernels: %s exports no function \"run\"\n", path);
    return 1;
  }
  const kiln::Val args[] = {kiln::Val::i32(std::atoi(n))};
  for (int i = 0; i < repeat; ++i) {
    int64_t cpuStart = clockNanoseconds(CLOCK_PROCESS_CPUTIME_ID);
    int64_t start = clockNanoseconds(CLOCK_MONOTONIC);
    auto results = run->call(args);
    int64_t elapsed = clockNanoseconds(CLOCK_MONOTONIC) - start;
    int64_t cpu = clockNanoseconds(CLOCK_PROCESS_CPUTIME_ID) - cpuStart;
    if (!results) {
      std::fprintf(stderr, "bench_kernels: %s: run(%s) trapped: %s\n", path, n,
                   results.error().message.c_str());
      return 1;
    }
    if (results->size() != 1) {
      std::fprintf(stderr, "bench_kernels: %s: run must return one value\n", path);
      return 1;
    }
    const kiln::Val& result = results->front();
    long long checksum = result.type() == kiln::ValType::I64 ? result.i64() : result.i32();
    std::printf("checksum=%lld ns=%lld cpu_ns=%lld\n", checksum, static_cast<long long>(elapsed),
                static_cast<long long>(cpu));
    std::fflush(stdout);
  }
  return 0;
}
