// How many live instances one process can hold: instantiates a module with a
// one-page memory into one store, again and again, until instantiation fails,
// a cap is reached or the process's resident memory passes a limit.
//
// Usage: bench_instances [--bounds-checks] [--cap N] [--rss-limit-mib M]
// Prints one line for bench/suite/suite.py:
//   instances=<count> stop=<failed|cap|rss> rss_kib=<resident KiB> ns_per_instance=<mean>
//   [error=<why instantiation failed>]

#include <time.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "kiln/kiln.h"

namespace {

// (module (memory 1)): the smallest module that owns a memory.
const std::vector<uint8_t> kOnePageMemoryModule = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,  // magic, version
    0x05, 0x03, 0x01, 0x00, 0x01,                    // memory section: one memory, min 1 page
};

// Resident set size of this process, from /proc/self/statm.
int64_t residentKib() {
  std::ifstream statm("/proc/self/statm");
  int64_t size = 0, resident = 0;
  statm >> size >> resident;
  return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

int64_t monotonicNs() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

}  // namespace

int main(int argc, char** argv) {
  kiln::Config config;
  int64_t cap = 200'000;
  int64_t rssLimitKib = 4 << 20;  // 4 GiB: stay well clear of a shared machine's limits
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--bounds-checks") {
      config.memoryMode = kiln::MemoryMode::BoundsChecks;
    } else if (arg == "--cap" && i + 1 < argc) {
      cap = std::atoll(argv[++i]);
    } else if (arg == "--rss-limit-mib" && i + 1 < argc) {
      rssLimitKib = std::atoll(argv[++i]) * 1024;
    } else {
      std::fprintf(stderr,
                   "usage: bench_instances [--bounds-checks] [--cap N] [--rss-limit-mib M]\n");
      return 2;
    }
  }

  kiln::Engine engine(config);
  kiln::Store store(engine);
  auto module = kiln::Module::fromBytes(engine, kOnePageMemoryModule);
  if (!module) {
    std::fprintf(stderr, "bench_instances: %s\n", module.error().toString().c_str());
    return 1;
  }
  kiln::Linker linker;
  std::vector<kiln::Instance> instances;
  instances.reserve(size_t(cap));
  const char* stop = "cap";
  std::string error;
  int64_t start = monotonicNs();
  while (int64_t(instances.size()) < cap) {
    auto instance = linker.instantiate(store, *module);
    if (!instance) {
      stop = "failed";
      error = instance.error().message;
      break;
    }
    instances.push_back(std::move(*instance));
    // Checking the RSS is a file read: do it every 1000 instances only.
    if (instances.size() % 1000 == 0 && residentKib() > rssLimitKib) {
      stop = "rss";
      break;
    }
  }
  int64_t elapsed = monotonicNs() - start;
  std::printf("instances=%zu stop=%s rss_kib=%lld ns_per_instance=%lld", instances.size(), stop,
              static_cast<long long>(residentKib()),
              static_cast<long long>(instances.empty() ? 0 : elapsed / int64_t(instances.size())));
  if (!error.empty()) std::printf(" error=%s", error.c_str());
  std::printf("\n");
  return 0;
}
