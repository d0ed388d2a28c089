// kiln_differential [--deterministic] FILE.wasm: runs a module's exports in
// Kiln (in both memory modes: guard pages; bounds checks with forced
// libcalls; and with x86-64-v2 code only; all in the deterministic profile
// with --deterministic) and in wabt's interpreter, and compares what they
// did (engines.h). wabt makes every NaN a float operation produces the
// positive canonical NaN, as the deterministic profile does.
// Prints "same: N calls", "skipped: REASON" or "MISMATCH" with both logs.
//
// kiln_differential --fuzzing-support FILE.wasm: runs the module in Kiln's
// three modes with the imports of binaryen's fuzzer (fuzzing_support.cpp)
// and prints the log, which differential.py --reference binaryen compares
// with binaryen's interpreter; the modes must agree with each other
// ("MISMATCH" with both logs otherwise).
// Exit status: 0 same (or printed), 1 mismatch, 2 skipped, 3 usage or I/O error.
#include <algorithm>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>

#include "engines.h"

namespace kiln::differential {
namespace {

struct Mode {
  const char* name;
  bool boundsChecks;
  bool forceLibcalls;
  CpuLevel cpu;
};
constexpr Mode kModes[] = {{"guard-pages", false, false, CpuLevel::Host},
                           {"bounds-checks+force-libcalls", true, true, CpuLevel::Host},
                           {"cpu-baseline", false, false, CpuLevel::Baseline}};

Config configOf(const Mode& mode, bool deterministic) {
  Config config;
  config.memoryMode = mode.boundsChecks ? MemoryMode::BoundsChecks : MemoryMode::GuardPages;
  config.forceLibcalls = mode.forceLibcalls;
  config.cpu = mode.cpu;
  config.deterministic = deterministic;
  return config;
}

void printLogs(const RunLog& expected, const RunLog& actual, const char* reference) {
  size_t lines = std::max(expected.size(), actual.size());
  for (size_t i = 0; i < lines; ++i) {
    const std::string& e = i < expected.size() ? expected[i] : "<none>";
    const std::string& a = i < actual.size() ? actual[i] : "<none>";
    std::cout << (e == a ? "   " : " ! ") << reference << ": " << e << "\n" << (e == a ? "   " : " ! ")
              << "kiln: " << a << "\n";
  }
}

int run(const std::vector<uint8_t>& bytes, bool deterministic) {
  auto reference = runInWabt(bytes);
  if (auto* skip = std::get_if<Skip>(&reference)) {
    std::cout << "skipped: " << skip->reason << "\n";
    return 2;
  }
  const RunLog& expected = std::get<RunLog>(reference);
  bool same = true;
  for (const Mode& mode : kModes) {
    auto outcome = runInKiln(bytes, configOf(mode, deterministic));
    if (auto* skip = std::get_if<Skip>(&outcome)) {
      std::cout << "skipped: " << skip->reason << "\n";
      return 2;
    }
    const RunLog& actual = std::get<RunLog>(outcome);
    if (actual != expected) {
      std::cout << "MISMATCH (" << mode.name << ")\n";
      printLogs(expected, actual, "wabt");
      same = false;
    }
  }
  if (!same) return 1;
  size_t calls = std::count_if(expected.begin(), expected.end(),
                               [](const std::string& line) { return line.rfind("host ", 0) != 0; });
  std::cout << "same: " << calls << " calls\n";
  return 0;
}

// Kiln's side for binaryen: the first mode's log, which the others must equal.
int printFuzzingSupportRun(const std::vector<uint8_t>& bytes) {
  std::optional<RunLog> first;
  for (const Mode& mode : kModes) {
    auto outcome = runInKilnWithFuzzingSupport(bytes, configOf(mode, false));
    if (auto* skip = std::get_if<Skip>(&outcome)) {
      std::cout << "skipped: " << skip->reason << "\n";
      return 2;
    }
    const RunLog& log = std::get<RunLog>(outcome);
    if (!first) {
      first = log;
    } else if (log != *first) {
      std::cout << "MISMATCH (" << mode.name << ")\n";
      printLogs(*first, log, kModes[0].name);
      return 1;
    }
  }
  for (const std::string& line : *first) std::cout << line << "\n";
  return 0;
}

}  // namespace
}  // namespace kiln::differential

int main(int argc, char** argv) {
  std::string flag = argc == 3 ? argv[1] : "";
  if (argc != 2 && flag != "--deterministic" && flag != "--fuzzing-support") {
    std::cerr << "usage: kiln_differential [--deterministic | --fuzzing-support] FILE.wasm\n";
    return 3;
  }
  std::ifstream file(argv[argc - 1], std::ios::binary);
  if (!file) {
    std::cerr << argv[argc - 1] << ": cannot read\n";
    return 3;
  }
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(file)), {});
  if (flag == "--fuzzing-support") return kiln::differential::printFuzzingSupportRun(bytes);
  return kiln::differential::run(bytes, flag == "--deterministic");
}
