// kiln_differential [--deterministic] FILE.wasm: runs a module's exports in
// Kiln (in both memory modes: guard pages; bounds checks with forced
// libcalls; and with x86-64-v2 code only; all in the deterministic profile
// with --deterministic) and in wabt's interpreter, and compares what they
// did (engines.h). wabt makes every NaN a float operation produces the
// positive canonical NaN, as the deterministic profile does.
// Prints "same: N calls", "skipped: REASON" or "MISMATCH" with both logs.
// Exit status: 0 same, 1 mismatch, 2 skipped, 3 usage or I/O error.
#include <algorithm>
#include <fstream>
#include <iostream>
#include <iterator>

#include "engines.h"

namespace kiln::differential {
namespace {

void printLogs(const RunLog& expected, const RunLog& actual) {
  size_t lines = std::max(expected.size(), actual.size());
  for (size_t i = 0; i < lines; ++i) {
    const std::string& e = i < expected.size() ? expected[i] : "<none>";
    const std::string& a = i < actual.size() ? actual[i] : "<none>";
    std::cout << (e == a ? "   " : " ! ") << "wabt: " << e << "\n" << (e == a ? "   " : " ! ")
              << "kiln: " << a << "\n";
  }
}

int run(const std::string& path, bool deterministic) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    std::cerr << path << ": cannot read\n";
    return 3;
  }
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(file)), {});
  auto reference = runInWabt(bytes);
  if (auto* skip = std::get_if<Skip>(&reference)) {
    std::cout << "skipped: " << skip->reason << "\n";
    return 2;
  }
  const RunLog& expected = std::get<RunLog>(reference);
  struct Mode {
    const char* name;
    bool boundsChecks;
    bool forceLibcalls;
    CpuLevel cpu;
  };
  constexpr Mode kModes[] = {{"guard-pages", false, false, CpuLevel::Host},
                             {"bounds-checks+force-libcalls", true, true, CpuLevel::Host},
                             {"cpu-baseline", false, false, CpuLevel::Baseline}};
  bool same = true;
  for (const Mode& mode : kModes) {
    Config config;
    config.memoryMode = mode.boundsChecks ? MemoryMode::BoundsChecks : MemoryMode::GuardPages;
    config.forceLibcalls = mode.forceLibcalls;
    config.cpu = mode.cpu;
    config.deterministic = deterministic;
    auto outcome = runInKiln(bytes, config);
    if (auto* skip = std::get_if<Skip>(&outcome)) {
      std::cout << "skipped: " << skip->reason << "\n";
      return 2;
    }
    const RunLog& actual = std::get<RunLog>(outcome);
    if (actual != expected) {
      std::cout << "MISMATCH (" << mode.name << ")\n";
      printLogs(expected, actual);
      same = false;
    }
  }
  if (!same) return 1;
  size_t calls = std::count_if(expected.begin(), expected.end(),
                               [](const std::string& line) { return line.rfind("host ", 0) != 0; });
  std::cout << "same: " << calls << " calls\n";
  return 0;
}

}  // namespace
}  // namespace kiln::differential

int main(int argc, char** argv) {
  bool deterministic = argc == 3 && std::string(argv[1]) == "--deterministic";
  if (argc != 2 && !deterministic) {
    std::cerr << "usage: kiln_differential [--deterministic] FILE.wasm\n";
    return 3;
  }
  return kiln::differential::run(argv[argc - 1], deterministic);
}
