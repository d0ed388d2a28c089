// mutation_test: the front end must survive broken input. Takes the modules
// of a set of spec scripts (read with Kiln's text layer), derives mutants from
// them with a fixed seed, and checks that parseModule returns for each a
// module or a well-formed ModuleError (see front_end_contract.h). Run under
// ASan/UBSan, a memory error fails the test too. Also parses every saved
// fuzzer finding in the regressions directory.
//
//   mutation_test --testsuite DIR --out DIR [--mutants N] [--seed S]
//                 [--regressions DIR] [--trace] FILE.wast...
//
// A failing mutant is written to OUT/violations/; `--trace` prints each
// mutant's number before parsing it, to find one that crashes.

#include <CLI/CLI.hpp>

#include <array>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "deterministic_random.h"
#include "front_end_contract.h"
#include "mutator.h"
#include "validate/parse_module.h"
#include "script_modules.h"

namespace fs = std::filesystem;
using namespace kiln;
using namespace kiln::fuzz;

namespace {

struct Options {
  fs::path testsuite;
  fs::path outputRoot = "mutation-out";
  fs::path regressions;
  uint64_t mutants = 100000;
  uint64_t seed = 1;
  bool trace = false;
  std::vector<std::string> scripts;
};

// A seed module and where it came from.
struct SeedModule {
  std::string source;  // "binary.wast:12"
  std::vector<uint8_t> bytes;
};

// The seed modules, split by what the spec says of them. Mutants of valid
// modules reach deep into the decoder and validator; mutants of malformed and
// invalid ones reach error paths valid modules rarely get near.
struct SeedPool {
  std::vector<SeedModule> valid;
  std::vector<SeedModule> broken;
};

// One mutant, and how it was made.
struct Mutant {
  std::vector<uint8_t> bytes;
  const SeedModule* seed = nullptr;
  Mutation firstMutation = Mutation::BitFlip;
};

// How parseModule answered.
enum class Verdict { Accepted, Malformed, Invalid, Unsupported, Violation };
inline constexpr int kVerdictCount = 5;

struct Counts {
  std::array<uint64_t, kVerdictCount> byVerdict{};
};

// Fills `options` from the command line; the exit status when the program
// should stop there (after --help, or a usage error).
std::optional<int> parseOptions(int argc, char** argv, Options& options) {
  CLI::App app{"The front end must survive broken input", "mutation_test"};
  app.add_option("--testsuite", options.testsuite, "The official test suite's folder");
  app.add_option("--out", options.outputRoot, "Where violations go");
  app.add_option("--regressions", options.regressions, "Saved fuzzer findings to parse too");
  app.add_option("--mutants", options.mutants, "How many mutants to check");
  app.add_option("--seed", options.seed, "Seed of the mutations");
  app.add_flag("--trace", options.trace, "Print each mutant's number before parsing it");
  app.add_option("scripts", options.scripts, "Scripts of the suite to take seed modules from");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? 0 : 2;
  }
  if (options.mutants > 0 && options.testsuite.empty()) {
    std::fprintf(stderr, "mutation_test: --testsuite is needed unless --mutants is 0\n");
    return 2;
  }
  return std::nullopt;
}

// Every module the given scripts define in binary or in text that parses.
SeedPool loadSeeds(const Options& options) {
  SeedPool seeds;
  for (const std::string& name : options.scripts) {
    fs::path wastPath = options.testsuite / name;
    if (wastPath.extension() != ".wast") wastPath += ".wast";
    for (ScriptModule& module : scriptModules(wastPath)) {
      if (module.bytes.empty()) continue;
      std::vector<SeedModule>& pool = module.valid ? seeds.valid : seeds.broken;
      pool.push_back({module.label, std::move(module.bytes)});
    }
  }
  return seeds;
}

// Parses `bytes` and checks the contract; prints a violation with `label`.
Verdict check(std::vector<uint8_t> bytes, const std::string& label) {
  size_t size = bytes.size();
  std::optional<std::string> violation;
  Verdict verdict = Verdict::Violation;
  try {
    ParseResult result = parseModule(std::move(bytes));
    violation = contractViolation(result, size);
    if (result) {
      verdict = Verdict::Accepted;
    } else {
      switch (result.error().kind) {
        case ModuleErrorKind::Malformed: verdict = Verdict::Malformed; break;
        case ModuleErrorKind::Invalid: verdict = Verdict::Invalid; break;
        case ModuleErrorKind::Unsupported: verdict = Verdict::Unsupported; break;
      }
    }
  } catch (const DecodeFailure& leaked) {
    violation = "parseModule leaked DecodeFailure: " + leaked.message;
  } catch (const std::exception& thrown) {
    violation = std::string("parseModule threw: ") + thrown.what();
  }
  if (!violation) return verdict;
  std::printf("VIOLATION %s: %s\n", label.c_str(), violation->c_str());
  return Verdict::Violation;
}

void saveMutant(const fs::path& directory, uint64_t index, const std::vector<uint8_t>& bytes) {
  fs::create_directories(directory);
  std::ofstream out(directory / ("mutant-" + std::to_string(index) + ".wasm"), std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
}

// Mutant `index`: a seed module (three times in four a valid one) with one
// or more stacked mutations, all chosen by a generator seeded from
// (seed, index) so any mutant can be rebuilt alone.
Mutant makeMutant(const SeedPool& seeds, uint64_t seed, uint64_t index) {
  DeterministicRandom random(seed * 0x100000001b3ULL ^ index);
  bool fromBroken = seeds.valid.empty() || (!seeds.broken.empty() && random.oneIn(4));
  const std::vector<SeedModule>& pool = fromBroken ? seeds.broken : seeds.valid;
  Mutant mutant;
  mutant.seed = &pool[random.below(pool.size())];
  mutant.bytes = mutant.seed->bytes;
  mutant.firstMutation = Mutation(random.below(kMutationCount));
  applyMutation(mutant.firstMutation, mutant.bytes, random);
  while (random.oneIn(4)) {
    applyMutation(Mutation(random.below(kMutationCount)), mutant.bytes, random);
  }
  return mutant;
}

uint64_t checkRegressions(const fs::path& directory) {
  std::error_code error;
  fs::directory_iterator entries(directory, error);
  if (error) {
    std::printf("FAIL: cannot list %s: %s\n", directory.c_str(), error.message().c_str());
    return 1;
  }
  uint64_t failures = 0;
  uint64_t files = 0;
  for (const fs::directory_entry& entry : entries) {
    if (!entry.is_regular_file() || entry.path().extension() == ".md") continue;
    ++files;
    std::string label = entry.path().filename().string();
    auto bytes = readFile(entry.path());
    if (!bytes) {
      std::printf("FAIL: cannot read %s\n", entry.path().c_str());
      ++failures;
    } else if (check(std::move(*bytes), label) == Verdict::Violation) {
      ++failures;
    }
  }
  std::printf("regressions: %llu files, %llu failed\n", (unsigned long long)files,
              (unsigned long long)failures);
  return failures;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (std::optional<int> exitStatus = parseOptions(argc, argv, options)) return *exitStatus;

  uint64_t failures = options.regressions.empty() ? 0 : checkRegressions(options.regressions);

  SeedPool seeds;
  if (options.mutants > 0) {
    fs::remove_all(options.outputRoot / "violations");  // findings of an earlier run
    try {
      seeds = loadSeeds(options);
    } catch (const std::exception& error) {
      std::printf("FAIL: %s\n", error.what());
      return 1;
    }
    if (seeds.valid.empty() && seeds.broken.empty()) {
      std::printf("FAIL: no seed modules\n");
      return 1;
    }
    std::printf("seed modules: %zu valid and %zu malformed or invalid, from %zu scripts\n",
                seeds.valid.size(), seeds.broken.size(), options.scripts.size());
  }

  std::array<Counts, kMutationCount> byMutation;
  Counts total;
  for (uint64_t index = 0; index < options.mutants; ++index) {
    Mutant mutant = makeMutant(seeds, options.seed, index);
    std::string label = "mutant " + std::to_string(index) + " (" +
                        mutationName(mutant.firstMutation) + " of " + mutant.seed->source + ")";
    if (options.trace) {
      std::printf("%s\n", label.c_str());
      std::fflush(stdout);
    }
    Verdict verdict = check(mutant.bytes, label);
    if (verdict == Verdict::Violation) {
      saveMutant(options.outputRoot / "violations", index, mutant.bytes);
      ++failures;
    }
    ++byMutation[size_t(mutant.firstMutation)].byVerdict[size_t(verdict)];
    ++total.byVerdict[size_t(verdict)];
  }

  if (options.mutants > 0) {
    std::printf("\n%-20s %10s %10s %10s %11s %10s\n", "first mutation", "accepted", "malformed",
                "invalid", "unsupported", "violations");
    for (int i = 0; i < kMutationCount; ++i) {
      const auto& v = byMutation[i].byVerdict;
      std::printf("%-20s %10llu %10llu %10llu %11llu %10llu\n", mutationName(Mutation(i)),
                  (unsigned long long)v[0], (unsigned long long)v[1], (unsigned long long)v[2],
                  (unsigned long long)v[3], (unsigned long long)v[4]);
    }
    const auto& v = total.byVerdict;
    std::printf("\nmutants: %llu (seed %llu): accepted %llu, rejected-malformed %llu, "
                "rejected-invalid %llu, rejected-unsupported %llu, contract violations %llu\n",
                (unsigned long long)options.mutants, (unsigned long long)options.seed,
                (unsigned long long)v[0], (unsigned long long)v[1], (unsigned long long)v[2],
                (unsigned long long)v[3], (unsigned long long)v[4]);
  }
  std::printf("mutation test: %s\n", failures == 0 ? "passed" : "FAILED");
  return failures == 0 ? 0 : 1;
}
