// Front-end throughput on large real-world modules, single-threaded:
//   decode/<module>  kiln::decodeModule (decode only)
//   parse/<module>   kiln::parseModule (decode + validate)
//   wabt/<module>    wabt's binary reader + validator in-process (the baseline)
// Each reports bytes_per_second over the whole module and code_bytes_per_second
// over the code section (id 10) alone, since function bodies dominate the work.
//
// Usage: bench_frontend [benchmark flags] [MODULE.wasm ...]
// Without module arguments it reads every .wasm in the cache that
// bench/fetch-modules.sh fills.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "binary/decoder.h"
#include "binary/section_id.h"
#include "validate/parse_module.h"
#include "wabt_baseline.h"

namespace {


/// A module under test: its bytes and the size of its code section.
struct BenchModule {
  std::string name;
  std::vector<uint8_t> bytes;
  size_t codeBytes = 0;
};

std::vector<uint8_t> readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The module files named on the command line, or else every .wasm in the cache.
std::vector<std::filesystem::path> modulePaths(int argc, char** argv) {
  std::vector<std::filesystem::path> paths(argv + 1, argv + argc);
  if (!paths.empty()) return paths;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(KILN_BENCH_MODULE_DIR, error)) {
    if (entry.path().extension() == ".wasm") paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

// Adds the two throughput figures once the timing loop has run.
void reportThroughput(benchmark::State& state, const BenchModule& module) {
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(module.bytes.size()));
  state.counters["code_bytes_per_second"] = benchmark::Counter(
      double(module.codeBytes), benchmark::Counter::kIsIterationInvariantRate);
}

// The decoder takes ownership of its input, as a real caller hands over the
// bytes it read; the copy that stands in for that read is not timed.
std::vector<uint8_t> untimedCopy(benchmark::State& state, const BenchModule& module) {
  state.PauseTiming();
  std::vector<uint8_t> bytes = module.bytes;
  state.ResumeTiming();
  return bytes;
}

void benchDecode(benchmark::State& state, const BenchModule* module) {
  for (auto _ : state) {
    auto decoded = kiln::decodeModule(untimedCopy(state, *module));
    if (!decoded) {
      state.SkipWithError(decoded.error().toString().c_str());
      return;
    }
    benchmark::DoNotOptimize(decoded);
  }
  reportThroughput(state, *module);
}

void benchParse(benchmark::State& state, const BenchModule* module) {
  for (auto _ : state) {
    auto parsed = kiln::parseModule(untimedCopy(state, *module));
    if (!parsed) {
      state.SkipWithError(parsed.error().toString().c_str());
      return;
    }
    benchmark::DoNotOptimize(parsed);
  }
  reportThroughput(state, *module);
}

void benchWabt(benchmark::State& state, const BenchModule* module) {
  for (auto _ : state) {
    std::string error = kiln::bench::wabtReadAndValidate(module->bytes);
    if (!error.empty()) {
      state.SkipWithError(error.c_str());
      return;
    }
  }
  reportThroughput(state, *module);
}

// The code section's payload size, or 0 when the module does not decode (its
// benchmarks then report the decode error).
size_t codeSectionSize(const std::vector<uint8_t>& bytes) {
  auto decoded = kiln::decodeModule(bytes);
  if (!decoded) return 0;
  for (const kiln::SectionInfo& section : decoded->sections) {
    if (section.id == kiln::kCodeSection) return section.payloadSize;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  std::vector<std::unique_ptr<BenchModule>> modules;
  for (const auto& path : modulePaths(argc, argv)) {
    auto module = std::make_unique<BenchModule>();
    module->name = path.stem().string();
    module->bytes = readFile(path);
    if (module->bytes.empty()) {
      std::fprintf(stderr, "bench_frontend: cannot read %s\n", path.c_str());
      return 1;
    }
    module->codeBytes = codeSectionSize(module->bytes);
    modules.push_back(std::move(module));
  }
  if (modules.empty()) {
    std::fprintf(stderr, "bench_frontend: no modules; run bench/fetch-modules.sh or name .wasm "
                         "files on the command line\n");
    return 1;
  }
  // Rates are per CPU second of this thread (Google Benchmark's default), which
  // stays meaningful on a machine shared with other work, unlike wall time.
  for (const auto& module : modules) {
    benchmark::RegisterBenchmark(("decode/" + module->name).c_str(), benchDecode, module.get())
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("parse/" + module->name).c_str(), benchParse, module.get())
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("wabt/" + module->name).c_str(), benchWabt, module.get())
        ->Unit(benchmark::kMillisecond);
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
