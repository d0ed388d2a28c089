// run_replay [--min-compared-calls N] PATH...: checks the run contract
// (run_contract.h) on every file given and every file in every directory
// given (fuzz_run's corpus and findings, binaryen's modules), in the normal
// build and under the sanitizers. Prints each broken promise and a last line
// "N passed, M failed"; fails when anything failed, or when fewer than N
// exported calls were compared (a harness that compares nothing must not pass).

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "run_contract.h"

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  uint64_t minComparedCalls = 0;
  std::vector<fs::path> files;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--min-compared-calls" && i + 1 < argc) {
      minComparedCalls = std::strtoull(argv[++i], nullptr, 10);
    } else if (fs::is_directory(arg)) {
      for (const auto& entry : fs::directory_iterator(arg)) {
        if (entry.is_regular_file() && entry.path().extension() != ".md") {
          files.push_back(entry.path());
        }
      }
    } else if (fs::is_regular_file(arg)) {
      files.push_back(arg);
    } else {
      std::fprintf(stderr, "run_replay: %s: no such file or directory\n", arg.c_str());
      return 2;
    }
  }
  std::sort(files.begin(), files.end());
  uint64_t passed = 0, failed = 0, compiled = 0, comparedCalls = 0;
  for (const fs::path& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), {});
    kiln::fuzz::RunStats stats;
    if (auto violation = kiln::fuzz::runContractViolation(bytes, &stats)) {
      std::printf("FAIL %s: %s\n", file.c_str(), violation->c_str());
      ++failed;
    } else {
      ++passed;
    }
    compiled += stats.compiled;
    comparedCalls += stats.comparedCalls;
  }
  std::printf("run_replay: %llu modules accepted by Kiln, %llu exported calls compared\n",
              (unsigned long long)compiled, (unsigned long long)comparedCalls);
  if (comparedCalls < minComparedCalls) {
    std::printf("run_replay: FAIL: only %llu exported calls compared, fewer than %llu\n",
                (unsigned long long)comparedCalls, (unsigned long long)minComparedCalls);
    ++failed;
  }
  std::printf("%llu passed, %llu failed\n", (unsigned long long)passed,
              (unsigned long long)failed);
  return failed ? 1 : 0;
}
