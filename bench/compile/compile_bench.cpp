// Compile throughput of Kiln's x86-64 compiler on real modules.
//
// Usage: bench_compile [--threads N] MODULE.wasm...
//
// For each module, once: decode (kiln::decodeModule), decode + validate
// (kiln::parseModule), then kiln::compileModule on the validated module with
// Config::compileThreads = N (0 = one per core). Each phase is timed on its
// own, so the compile figure excludes validation. One JSON object per module
// goes to stdout:
//   {"module": ..., "code_bytes": ..., "decode_ns": ..., "parse_ns": ...,
//    "parse_cpu_ns": ..., "compile_ns": ..., "compile_cpu_ns": ..., "error": ...}
// `*_cpu_ns` is the process's CPU time during that phase (over all threads),
// `error` is null or why the module was refused. bench/run-compiler.sh
// runs this once per repetition, interleaved with V8, and reports medians.

#include <sys/resource.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "binary/decoder.h"
#include "binary/section_id.h"
#include "compiler/compiled_module.h"
#include "validate/parse_module.h"

namespace {


std::vector<uint8_t> readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

int64_t wallNanoseconds() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// User plus system time of every thread of the process.
int64_t cpuNanoseconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto toNs = [](const timeval& t) { return int64_t(t.tv_sec) * 1'000'000'000 + t.tv_usec * 1000; };
  return toNs(usage.ru_utime) + toNs(usage.ru_stime);
}

// `text` as a JSON string literal.
std::string jsonString(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
      out += escaped;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

/// The timings of one module.
struct Measurement {
  size_t codeBytes = 0;
  int64_t decodeNs = 0;
  int64_t parseNs = 0;
  int64_t parseCpuNs = 0;
  int64_t compileNs = 0;
  int64_t compileCpuNs = 0;
  std::string error;  // empty when the module compiled
};

Measurement measure(const std::vector<uint8_t>& bytes, unsigned threads) {
  Measurement result;
  // Each phase gets its own copy of the bytes, as a caller hands over what it
  // read; the copies are not timed.
  std::vector<uint8_t> decodeInput = bytes;
  int64_t start = wallNanoseconds();
  auto decoded = kiln::decodeModule(std::move(decodeInput));
  result.decodeNs = wallNanoseconds() - start;
  if (!decoded) {
    result.error = decoded.error().toString();
    return result;
  }
  for (const kiln::SectionInfo& section : decoded->sections) {
    if (section.id == kiln::kCodeSection) result.codeBytes = section.payloadSize;
  }

  std::vector<uint8_t> parseInput = bytes;
  int64_t cpuStart = cpuNanoseconds();
  start = wallNanoseconds();
  auto parsed = kiln::parseModule(std::move(parseInput));
  result.parseNs = wallNanoseconds() - start;
  result.parseCpuNs = cpuNanoseconds() - cpuStart;
  if (!parsed) {
    result.error = parsed.error().toString();
    return result;
  }

  kiln::Config config;
  config.compileThreads = threads;
  cpuStart = cpuNanoseconds();
  start = wallNanoseconds();
  auto compiled = kiln::compileModule(*parsed, config);
  result.compileNs = wallNanoseconds() - start;
  result.compileCpuNs = cpuNanoseconds() - cpuStart;
  if (!compiled) result.error = compiled.error().message;
  return result;
}

}  // namespace

int main(int argc, char** argv) {
  unsigned threads = 0;
  std::vector<std::filesystem::path> paths;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--threads") == 0 && i + 1 < argc) {
      threads = unsigned(std::stoul(argv[++i]));
    } else if (argv[i][0] == '-') {
      std::fprintf(stderr, "bench_compile: unknown option %s\n", argv[i]);
      return 2;
    } else {
      paths.emplace_back(argv[i]);
    }
  }
  if (paths.empty()) {
    std::fprintf(stderr, "usage: bench_compile [--threads N] MODULE.wasm...\n");
    return 2;
  }
  for (const auto& path : paths) {
    std::vector<uint8_t> bytes = readFile(path);
    if (bytes.empty()) {
      std::fprintf(stderr, "bench_compile: cannot read %s\n", path.c_str());
      return 1;
    }
    Measurement m = measure(bytes, threads);
    std::printf(
        "{\"module\": %s, \"code_bytes\": %zu, \"decode_ns\": %lld, \"parse_ns\": %lld, "
        "\"parse_cpu_ns\": %lld, \"compile_ns\": %lld, \"compile_cpu_ns\": %lld, "
        "\"error\": %s}\n",
        jsonString(path.stem().string()).c_str(), m.codeBytes, static_cast<long long>(m.decodeNs),
        static_cast<long long>(m.parseNs), static_cast<long long>(m.parseCpuNs),
        static_cast<long long>(m.compileNs),
        static_cast<long long>(m.compileCpuNs),
        m.error.empty() ? "null" : jsonString(m.error).c_str());
    std::fflush(stdout);
  }
  return 0;
}
